import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganizationalUnit } from '../../server/admin/contract.js';
import { BACKUP_ADMIN, GLOBAL_OU, createOu, createRule, rule } from '../helpers/admin-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

// The OU tree under the Global OU, in Clumio's field names, with create, rename, move and delete.
describe('organizational units', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  const list = async () =>
    (await server.api<{ items: OrganizationalUnit[] }>('GET', '/api/organizational-units')).body.items;

  it('starts with the Global OU only', async () => {
    expect(await list()).toEqual([
      { id: GLOBAL_OU, name: 'Global Organizational Unit', parent_id: null, description: expect.any(String) },
    ]);
  });

  it('creates child OUs under the Global OU by default, renames and moves them', async () => {
    const finance = await createOu(server, 'Finance');
    const emea = await createOu(server, 'EMEA', finance);
    const res = await server.api('PUT', `/api/organizational-units/${emea}`, {
      name: 'Europe',
      parent_id: GLOBAL_OU,
      description: 'EU accounts',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: emea, name: 'Europe', parent_id: GLOBAL_OU, description: 'EU accounts' });
    expect((await list()).map((u) => [u.name, u.parent_id])).toEqual([
      ['Global Organizational Unit', null],
      ['Finance', GLOBAL_OU],
      ['Europe', GLOBAL_OU],
    ]);
  });

  it('refuses duplicate names, cycles, unknown parents and changing the Global OU', async () => {
    const units = await list();
    const finance = units.find((u) => u.name === 'Finance')!;
    const child = await createOu(server, 'Payroll', finance.id);
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/organizational-units', { name: 'finance' }, /already exists/],
      ['POST', '/api/organizational-units', { name: '  ' }, /needs a name/],
      [
        'POST',
        '/api/organizational-units',
        { name: 'X', parent_id: 'nope' },
        /parent organizational unit "nope" does not exist/,
      ],
      ['PUT', `/api/organizational-units/${finance.id}`, { parent_id: child }, /one of its own descendants/],
      ['PUT', `/api/organizational-units/${GLOBAL_OU}`, { name: 'World' }, /cannot be renamed or moved/],
      ['POST', '/api/organizational-units', { name: 'X', color: 'red' }, /unknown field "color"/],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await server.api(method, path, body);
      expect(res.status, `${method} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.error.code).toBe('invalid_organizational_unit');
      expect(res.body.error.message).toMatch(message);
    }
    expect((await list()).map((u) => u.name)).toEqual(['Global Organizational Unit', 'Finance', 'Europe', 'Payroll']);
  });

  it('refuses deleting an OU with children, the Global OU, and an OU a rule uses (naming the rules)', async () => {
    const units = await list();
    const finance = units.find((u) => u.name === 'Finance')!;
    const payroll = units.find((u) => u.name === 'Payroll')!;
    const withChildren = await server.api('DELETE', `/api/organizational-units/${finance.id}`);
    expect(withChildren.status).toBe(409);
    expect(withChildren.body.error).toMatchObject({
      code: 'organizational_unit_has_children',
      details: { child_ids: [payroll.id] },
    });
    expect((await server.api('DELETE', `/api/organizational-units/${GLOBAL_OU}`)).status).toBe(400);

    const ruleId = await createRule(
      server,
      rule('Payroll backup', { $eq: 'Payroll Team' }, BACKUP_ADMIN, [payroll.id]),
    );
    const inUse = await server.api('DELETE', `/api/organizational-units/${payroll.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.code).toBe('organizational_unit_in_use');
    expect(inUse.body.error.message).toContain(`'Payroll backup'`);
    expect(inUse.body.error.details).toEqual({ rules: [{ rule_id: ruleId, name: 'Payroll backup' }] });

    expect((await server.api('DELETE', `/api/rules/${ruleId}`)).status).toBe(204);
    expect((await server.api('DELETE', `/api/organizational-units/${payroll.id}`)).status).toBe(204);
    expect((await server.api('DELETE', `/api/organizational-units/${payroll.id}`)).status).toBe(404);
  });

  it('keeps OUs across a restart and logs each change as an admin change', async () => {
    await server.restart();
    expect((await list()).map((u) => u.name)).toEqual(['Global Organizational Unit', 'Finance', 'Europe']);
    const activity = await server.api('GET', '/api/activity?resource=OrganizationalUnit');
    expect(activity.body.items.map((e: { action: string }) => e.action)).toEqual([
      'organizational_unit.deleted',
      'organizational_unit.created',
      'organizational_unit.updated',
      'organizational_unit.created',
      'organizational_unit.created',
    ]);
  });
});
