import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The layering of server/ is enforced by `npm run lint` (eslint.config.js): these fixtures are linted as if
// they were files at the given paths, with the project's own configuration.
describe('layering: npm run lint refuses imports that point the wrong way', () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });

  /** The restricted-import messages for `source` linted as the file at `filePath`. */
  async function refusals(filePath: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${source}\nexport const x = 1;\n`, {
      filePath: path.join(REPO_ROOT, filePath),
    });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it.each([
    [
      'server/rules/fixture.ts',
      "import { openStore } from '../store/index.js';",
      /server\/rules may import only util\//,
    ],
    [
      'server/store/fixture.ts',
      "import { ScimError } from '../scim/errors.js';",
      /server\/store may import only time\/, util\//,
    ],
    [
      'server/directory/fixture.ts',
      "import { ScimError } from '../scim/errors.js';",
      /server\/directory may import only store\/, util\//,
    ],
    [
      'server/tunnel/fixture.ts',
      "import { createScimApp } from '../scim/http/scim-app.js';",
      /Only server\/core mounts the SCIM HTTP adapter/,
    ],
    [
      'server/setup/steps/fixture.ts',
      "import type { SetupState } from '../../admin/contract.js';",
      /server\/setup may import only/,
    ],
    [
      'server/rehearsal/fixture.ts',
      "import type { Services } from '../core/services.js';",
      /server\/rehearsal may import only/,
    ],
    [
      'server/events/fixture.ts',
      "import type { OpenStoreOptions } from '../store/journaled-store.js';",
      /use its interface/,
    ],
    ['server/access/fixture.ts', "import { Router } from 'express';", /Express belongs to the HTTP adapters only/],
    [
      'server/admin/contract/fixture.ts',
      "import { readFileSync } from 'node:fs';",
      /imports only its pieces and the vocabulary/,
    ],
    [
      'server/admin/contract/fixture.ts',
      "import { storedRules } from '../../access/stored-config.js';",
      /imports only its pieces and the vocabulary/,
    ],
    [
      'renderer/src/fixture.ts',
      "import type { StoreOp } from '../../server/store/types';",
      /imports only the admin contract/,
    ],
    ['electron/fixture.ts', "import { openStore } from '../server/store/index.js';", /starts the server core/],
    [
      'server/connections/fixture.ts',
      "import type { AdminServices } from '../admin/admin-services.js';",
      /server\/connections may import only/,
    ],
    [
      'server/clumio-account/fixture.ts',
      "import { startScimDesk } from '../core/index.js';",
      /server\/clumio-account may import only/,
    ],
    [
      'server/secrets/fixture.ts',
      "import { ActivityLog } from '../activity/activity-log.js';",
      /server\/secrets may import only store\//,
    ],
  ])('%s: %s', async (filePath, source, message) => {
    const found = await refusals(filePath, source);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it.each([
    ['server/access/fixture.ts', "import { AccessIndex } from '../rules/access-index.js';"],
    [
      'server/admin/routes/fixture.ts',
      "import { Router } from 'express';\nimport { RulesService } from '../../access/rules-service.js';",
    ],
    ['server/scim/http/fixture.ts', "import express from 'express';"],
    [
      'server/admin/contract/fixture.ts',
      "import type { SetupState } from '../../setup/setup-types.js';\nimport type { Page } from './common.js';",
    ],
    [
      'server/events/fixture.ts',
      "import type { Store } from '../store/types.js';\nimport { renderUser } from '../scim/resources/representation.js';",
    ],
    ['renderer/src/fixture.ts', "import { apiPath } from '../../server/admin/contract';"],
    ['renderer/src/fixture.ts', "import { validateRuleSet } from '../../server/rules/rule-validation.js';"],
    ['electron/fixture.ts', "import { startScimDesk } from '../server/core/index.js';"],
    [
      'server/clumio-account/fixture.ts',
      "import { previewReport } from '../access/rules-preview.js';\nimport type { TenantSnapshots } from '../connections/tenant-snapshots.js';",
    ],
    ['server/admin/contract/fixture.ts', "import type { Connections } from '../../connections/connection-types.js';"],
  ])('%s may: %s', async (filePath, source) => {
    expect(await refusals(filePath, source)).toEqual([]);
  });
});
