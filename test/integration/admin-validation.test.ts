import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody, FieldIssues } from '../../server/admin/contract.js';
import { BACKUP_ADMIN, GLOBAL_OU, createOu, createRule, rule } from '../helpers/admin-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

// Bad input: every validation error has its own message naming the field, and nothing is stored.
describe('admin API validation', () => {
  let server: TestServer;
  let finance: string;
  const valid = () => rule('Backup', { $eq: 'Backup Team' }, BACKUP_ADMIN);

  beforeAll(async () => {
    server = await startTestServer();
    finance = await createOu(server, 'Finance');
    await createRule(server, rule('Existing', { $eq: 'Admins' }, BACKUP_ADMIN));
  });
  afterAll(async () => {
    await server.stop();
  });

  const ruleNames = async () => (await server.api('GET', '/api/rules')).body.items.map((r: { name: string }) => r.name);

  const rejected: [string, unknown, string, RegExp][] = [
    ['malformed JSON in the condition', { ...valid(), condition: '{"user.groups":' }, 'condition', /not valid JSON/],
    [
      'an unknown operator',
      { ...valid(), condition: '{"user.groups":{"$regex":"A"}}' },
      'condition',
      /Unknown operator "\$regex"/,
    ],
    [
      'an unknown field',
      { ...valid(), condition: '{"user.email":{"$eq":"A"}}' },
      'condition',
      /Unknown field "user\.email"/,
    ],
    [
      'an empty group list',
      { ...valid(), condition: '{"user.groups":{"$in":[]}}' },
      'condition',
      /"\$in" needs at least one group/,
    ],
    [
      'an empty keyword list',
      { ...valid(), condition: '{"user.groups":{"$contains":{"$all":[]}}}' },
      'condition',
      /needs at least one keyword/,
    ],
    [
      'a condition that is an object, not a string',
      { ...valid(), condition: { 'user.groups': { $eq: 'A' } } },
      'condition',
      /must be a string holding JSON/,
    ],
    [
      'an unknown role',
      { ...valid(), provision: { role_id: 'nope', organizational_unit_ids: [GLOBAL_OU] } },
      'provision.role_id',
      /unknown role "nope"/,
    ],
    [
      'an unknown OU',
      { ...valid(), provision: { role_id: BACKUP_ADMIN, organizational_unit_ids: ['nope'] } },
      'provision.organizational_unit_ids[0]',
      /unknown organizational unit "nope"/,
    ],
    [
      'no OU',
      { ...valid(), provision: { role_id: BACKUP_ADMIN, organizational_unit_ids: [] } },
      'provision.organizational_unit_ids',
      /at least one organizational unit/,
    ],
    [
      'a duplicate name (ignoring case)',
      { ...valid(), name: 'existing' },
      'name',
      /a rule named "Existing" already exists/,
    ],
    ['a missing name', { condition: valid().condition, provision: valid().provision }, 'name', /needs a name/],
    ['an extra field', { ...valid(), priority: 1 }, 'priority', /unknown field "priority"/],
  ];

  for (const [what, body, field, message] of rejected) {
    it(`refuses ${what} with 400 invalid_rule naming ${field}, and stores nothing`, async () => {
      const res = await server.api<ApiErrorBody>('POST', '/api/rules', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_rule');
      const issues = (res.body.error.details as FieldIssues).issues;
      expect(issues).toContainEqual({ field, message: expect.stringMatching(message) });
      expect(res.body.error.message).toContain(`${field}: `);
      expect(await ruleNames()).toEqual(['Existing']);
    });
  }

  it('validates PUT the same way and leaves the rule as it was', async () => {
    const [existing] = (await server.api('GET', '/api/rules')).body.items;
    const res = await server.api('PUT', `/api/rules/${existing.rule_id}`, {
      ...valid(),
      condition: '{"user.groups":{"$all":[]}}',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].field).toBe('condition');
    expect((await server.api('GET', `/api/rules/${existing.rule_id}`)).body.condition).toBe(
      '{"user.groups":{"$eq":"Admins"}}',
    );
    const moved = await server.api('PUT', `/api/rules/${existing.rule_id}`, { ...valid(), rule_id: 'another-id' });
    expect(moved.body.error.details.issues).toContainEqual({
      field: 'rule_id',
      message: expect.stringMatching(/assigned by the server/),
    });
  });

  it('answers 400 invalid_body for a body that is not JSON', async () => {
    const res = await server.api('POST', '/api/rules', '{"name":');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_body');
  });

  it('answers 404 for an unknown rule', async () => {
    const res = await server.api('GET', '/api/rules/nope');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'not_found', message: 'Rule nope not found.' });
  });

  it('reports import errors per rule with rules[i]. prefixes, and imports nothing', async () => {
    const file = {
      rules: [
        valid(),
        { ...valid(), provision: { role_id: 'nope', organizational_unit_ids: [finance] } },
        { ...valid() },
      ],
    };
    const res = await server.api('POST', '/api/rules/import?dryRun=false', file);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_rule');
    const fields = res.body.error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(['rules[1].provision.role_id', 'rules[2].name']);
    expect(await ruleNames()).toEqual(['Existing']);
  });

  it('refuses an import that is not a rule set, and a malformed dryRun', async () => {
    const res = await server.api('POST', '/api/rules/import', { rule: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_body');
    expect(res.body.error.message).toMatch(/Expected a rule set/);
    const query = await server.api('POST', '/api/rules/import?dryRun=maybe', { rules: [] });
    expect(query.status).toBe(400);
    expect(query.body.error).toMatchObject({
      code: 'invalid_query',
      message: 'dryRun: must be true or false, not "maybe".',
    });
  });

  it('validates settings', async () => {
    const method = await server.api('PUT', '/api/settings', { provisioning_method: 'ldap' });
    expect(method.status).toBe(400);
    expect(method.body.error.details.issues).toEqual([
      { field: 'provisioning_method', message: 'must be one of scim, saml, none' },
    ]);
    const flag = await server.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: 'yes' });
    expect(flag.status).toBe(400);
    expect(flag.body.error.code).toBe('invalid_body');
    expect((await server.api('GET', '/api/settings')).body).toEqual({
      current_admin: null,
      provisioning_method: 'scim',
      identity_provider: 'okta',
      okta_app: 'clumio-catalog',
      provisioning_target: 'scim-desk',
    });
    const app = await server.api('PUT', '/api/settings', { okta_app: 'gallery', identity_provider: 'onelogin' });
    expect(app.status).toBe(400);
    expect(app.body.error.details.issues).toEqual([
      { field: 'okta_app', message: 'must be one of clumio-catalog, custom-scim' },
      { field: 'identity_provider', message: 'must be one of okta, entra' },
    ]);
    // Nothing of a refused update is kept.
    expect((await server.api('GET', '/api/settings')).body.okta_app).toBe('clumio-catalog');
  });

  it('takes where Okta provisions to, scim-desk by default, and refuses anything else', async () => {
    const wrong = await server.api('PUT', '/api/settings', { provisioning_target: 'okta' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 'invalid_body',
      message: 'provisioning_target: must be one of scim-desk, clumio (where Okta provisions to)',
      details: {
        issues: [
          { field: 'provisioning_target', message: 'must be one of scim-desk, clumio (where Okta provisions to)' },
        ],
      },
    });
    expect((await server.api('GET', '/api/settings')).body.provisioning_target).toBe('scim-desk');
    const changed = await server.api('PUT', '/api/settings', { provisioning_target: 'clumio' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ provisioning_target: 'clumio', identity_provider: 'okta' });
    await server.restart();
    expect((await server.api('GET', '/api/settings')).body.provisioning_target).toBe('clumio');
    const logged = await server.api('GET', '/api/activity?kind=admin_change');
    expect(logged.body.items.map((e: { summary: string }) => e.summary)).toContain(
      'Settings changed: Okta provisions to Clumio.',
    );
  });

  it('validates paging and filters of lists', async () => {
    expect((await server.api('GET', '/api/users?limit=0')).body.error).toMatchObject({
      code: 'invalid_query',
      message: 'limit: must be from 1 to 500.',
    });
    expect((await server.api('GET', '/api/users?offset=abc')).body.error.code).toBe('invalid_query');
    expect((await server.api('GET', '/api/users?access=some')).body.error.message).toBe(
      'access: must be one of any, none, not "some".',
    );
    expect((await server.api('GET', '/api/activity?kind=scim')).body.error.code).toBe('invalid_query');
  });
});
