/** Every call the tenant clients make, and every scope Okta needs, is listed in docs/real-tenants.md. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLUMIO_OPERATIONS } from '../../server/tenants/clumio/clumio-operations.js';
import { OKTA_OPERATIONS, OKTA_READ_SCOPES } from '../../server/tenants/okta/okta-operations.js';

const page = readFileSync('docs/real-tenants.md', 'utf8');

describe('docs/real-tenants.md', () => {
  it('lists every Okta call with its scopes', () => {
    for (const operation of Object.values(OKTA_OPERATIONS)) {
      const row = page.split('\n').find((line) => line.includes(`\`${operation.method} ${operation.path}`));
      expect(row, operation.path).toBeDefined();
      for (const scope of operation.scopes) expect(row, operation.path).toContain(scope);
    }
    expect(OKTA_READ_SCOPES).toEqual(['okta.apps.read', 'okta.groups.read', 'okta.logs.read', 'okta.users.read']);
  });

  it('lists every Clumio call with its media type', () => {
    for (const operation of Object.values(CLUMIO_OPERATIONS)) {
      const index = page.split('\n').findIndex((line) => line.includes(`\`${operation.method} ${operation.path}`));
      expect(index, `${operation.method} ${operation.path}`).toBeGreaterThan(-1);
      expect(page, operation.accept).toContain(operation.accept);
    }
  });
});
