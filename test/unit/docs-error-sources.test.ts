/** Issue 12: every catalogued error text cites its public source in the docs, so the catalogue and the
 * pages admins read cannot drift apart. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { profileFor } from '../../server/identity-providers/registry.js';
import { errorCatalogue } from '../../server/setup/error-explainer.js';

const DOCS = { okta: 'docs/setup-wizard.md', entra: 'docs/entra.md' } as const;

describe('the error catalogues in the docs', () => {
  it.each(['okta', 'entra'] as const)('%s: every entry appears with its source', (idp) => {
    const page = readFileSync(DOCS[idp], 'utf8');
    for (const entry of errorCatalogue(profileFor(idp))) {
      expect(page, entry.id).toContain(entry.title.replace(/\|/g, '\\|'));
      expect(page, entry.id).toContain(`<${entry.source}>`);
    }
  });
});
