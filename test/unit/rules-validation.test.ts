import { describe, expect, it } from 'vitest';
import {
  GLOBAL_OU_NAME,
  createOrganizationalUnit,
  deleteOrganizationalUnit,
  descendants,
  initialOrganizationalUnits,
  moveOrganizationalUnit,
  renameOrganizationalUnit,
  updateOrganizationalUnit,
  type OrganizationalUnit,
  type OrganizationalUnitResult,
} from '../../server/rules/organizational-units.js';
import { formatFieldErrors, validateRuleBody, validateRuleSet } from '../../server/rules/rule-validation.js';
import { BUILT_IN_ROLES } from '../../server/rules/roles.js';
import { exportRules, planImport, readRuleSetDocument, serializeRuleSet } from '../../server/rules/wire-format.js';
import {
  BACKUP_ADMIN_ROLE_ID,
  FINANCE_OU,
  GLOBAL_OU_ID,
  OUS,
  SALES_OU,
  backupRule,
  helpdeskRule,
  superAdminRule,
} from './rules-fixtures.js';

const context = { roles: BUILT_IN_ROLES, organizationalUnits: OUS, rules: [superAdminRule, backupRule] };
const valid = {
  name: 'Finance backups',
  condition: '{"user.groups":{"$eq":"Finance Backup"}}',
  provision: { role_id: BACKUP_ADMIN_ROLE_ID, organizational_unit_ids: [FINANCE_OU] },
};

function errors(input: unknown, ctx = context) {
  const result = validateRuleBody(input, ctx);
  if (result.ok) throw new Error('expected the rule to be rejected');
  return result.errors;
}

describe('rule validation', () => {
  it('accepts a wire-format body and returns it typed with its parsed condition', () => {
    const result = validateRuleBody({ ...valid, name: '  Finance backups ' }, context);
    expect(result).toEqual({
      ok: true,
      body: { ...valid, name: 'Finance backups' },
      condition: { kind: 'eq', group: 'Finance Backup' },
    });
  });

  it('names each bad field with a message an admin can read', () => {
    expect(
      errors({ ...valid, provision: { role_id: 'x', organizational_unit_ids: [FINANCE_OU, 'nope', FINANCE_OU] } }),
    ).toEqual([
      { field: 'provision.role_id', message: 'unknown role "x".' },
      { field: 'provision.organizational_unit_ids[1]', message: 'unknown organizational unit "nope".' },
      {
        field: 'provision.organizational_unit_ids[2]',
        message: `organizational unit "${FINANCE_OU}" is listed twice.`,
      },
    ]);
    expect(
      formatFieldErrors(errors({ ...valid, provision: { role_id: 'x', organizational_unit_ids: [FINANCE_OU] } })),
    ).toBe('provision.role_id: unknown role "x".');
  });

  it('rejects duplicate names ignoring case, but not the rule being updated', () => {
    expect(errors({ ...valid, name: 'BACKUP' })).toEqual([
      { field: 'name', message: 'a rule named "Backup" already exists; rule names must be unique.' },
    ]);
    expect(validateRuleBody({ ...valid, name: 'backup' }, { ...context, ruleId: backupRule.rule_id }).ok).toBe(true);
  });

  it('passes the condition errors through', () => {
    expect(errors({ ...valid, condition: '{"user.groups":{"$in":[]}}' })).toEqual([
      { field: 'condition', message: '"$in" needs at least one group; the list is empty.' },
    ]);
    expect(errors({ ...valid, condition: { 'user.groups': { $eq: 'A' } } })[0]!.message).toContain(
      'must be a string holding JSON',
    );
  });

  it("rejects missing and unknown fields, and a rule_id that is not the rule's own", () => {
    expect(
      errors({ condition: valid.condition, priority: 1, rule_id: 'r-9', provision: { ...valid.provision, role: 'x' } }),
    ).toEqual([
      { field: 'priority', message: 'unknown field "priority"; a rule has only name, condition and provision.' },
      { field: 'rule_id', message: 'rule_id is assigned by the server and cannot be set or changed.' },
      { field: 'name', message: 'a rule needs a name.' },
      {
        field: 'provision.role',
        message: 'unknown field "role"; provision has only role_id and organizational_unit_ids.',
      },
    ]);
    expect(validateRuleBody({ ...valid, rule_id: 'r-backup' }, { ...context, ruleId: 'r-backup', rules: [] }).ok).toBe(
      true,
    );
    expect(errors({ ...valid, provision: { role_id: BACKUP_ADMIN_ROLE_ID, organizational_unit_ids: [] } })).toEqual([
      { field: 'provision.organizational_unit_ids', message: 'a rule needs at least one organizational unit.' },
    ]);
    expect(errors('rule')).toEqual([
      { field: '', message: 'A rule must be a JSON object with name, condition and provision.' },
    ]);
  });

  it('checks a whole set: names unique within it, errors prefixed by position', () => {
    const result = validateRuleSet([valid, { ...valid, name: 'FINANCE BACKUPS' }, { ...valid, name: '' }], context);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'rules[1].name',
          message: 'the name "FINANCE BACKUPS" is also used by rules[0]; rule names must be unique.',
        },
        { field: 'rules[2].name', message: 'a rule needs a name.' },
      ],
    });
  });
});

describe('organizational units', () => {
  function ok(result: OrganizationalUnitResult): OrganizationalUnit[] {
    if (!result.ok) throw new Error(result.error.message);
    return result.units;
  }
  function refused(result: OrganizationalUnitResult) {
    if (result.ok) throw new Error('expected a refusal');
    return result.error;
  }

  const tree = (() => {
    let units = initialOrganizationalUnits();
    units = ok(createOrganizationalUnit(units, { id: 'emea', name: 'EMEA' }));
    units = ok(createOrganizationalUnit(units, { id: 'de', name: 'Germany', parent_id: 'emea', description: 'DACH' }));
    units = ok(createOrganizationalUnit(units, { id: 'berlin', name: 'Berlin', parent_id: 'de' }));
    return units;
  })();

  it('starts with the Global OU only, and creates children under it by default', () => {
    expect(initialOrganizationalUnits()).toEqual([
      { id: GLOBAL_OU_ID, name: GLOBAL_OU_NAME, parent_id: null, description: expect.any(String) },
    ]);
    expect(tree.find((u) => u.id === 'emea')).toEqual({
      id: 'emea',
      name: 'EMEA',
      parent_id: GLOBAL_OU_ID,
      description: '',
    });
    expect(descendants(tree, GLOBAL_OU_ID)).toEqual(['emea', 'de', 'berlin']);
    expect(descendants(tree, 'de')).toEqual(['berlin']);
  });

  it('refuses duplicate names ignoring case, blank names and unknown parents', () => {
    expect(refused(createOrganizationalUnit(tree, { id: 'x', name: ' germany ' })).message).toBe(
      'An organizational unit named "Germany" already exists.',
    );
    expect(refused(createOrganizationalUnit(tree, { id: 'x', name: '  ' })).code).toBe('invalid-name');
    expect(refused(createOrganizationalUnit(tree, { id: 'x', name: 'Paris', parent_id: 'fr' })).message).toBe(
      'The parent organizational unit "fr" does not exist.',
    );
    expect(refused(renameOrganizationalUnit(tree, 'berlin', 'EMEA')).code).toBe('duplicate-name');
  });

  it('renames and moves, but never into its own subtree, and never the Global OU', () => {
    expect(ok(renameOrganizationalUnit(tree, 'de', 'Deutschland')).find((u) => u.id === 'de')!.name).toBe(
      'Deutschland',
    );
    expect(ok(moveOrganizationalUnit(tree, 'berlin', 'emea')).find((u) => u.id === 'berlin')!.parent_id).toBe('emea');
    expect(refused(moveOrganizationalUnit(tree, 'emea', 'berlin')).message).toBe(
      '"EMEA" cannot be moved under "Berlin", which is one of its own descendants.',
    );
    expect(refused(moveOrganizationalUnit(tree, 'emea', 'emea')).code).toBe('cycle');
    expect(refused(moveOrganizationalUnit(tree, GLOBAL_OU_ID, 'emea')).code).toBe('global-ou-fixed');
    expect(refused(renameOrganizationalUnit(tree, GLOBAL_OU_ID, 'Root')).message).toBe(
      `The ${GLOBAL_OU_NAME} cannot be renamed or moved.`,
    );
    expect(ok(updateOrganizationalUnit(tree, GLOBAL_OU_ID, { description: 'Everything' }))[0]!.description).toBe(
      'Everything',
    );
  });

  it('deletes a leaf that no rule uses; refuses the Global OU, OUs with children, and OUs rules use (naming them)', () => {
    expect(ok(deleteOrganizationalUnit(tree, 'berlin', [])).map((u) => u.id)).toEqual([GLOBAL_OU_ID, 'emea', 'de']);
    expect(refused(deleteOrganizationalUnit(tree, GLOBAL_OU_ID, [])).code).toBe('global-ou-fixed');
    expect(refused(deleteOrganizationalUnit(tree, 'de', []))).toMatchObject({
      code: 'has-children',
      message: '"Germany" has child organizational units ("Berlin"); move or delete them first.',
      child_ids: ['berlin'],
    });
    const units = [...OUS];
    expect(refused(deleteOrganizationalUnit(units, FINANCE_OU, [superAdminRule, backupRule, helpdeskRule]))).toEqual({
      code: 'used-by-rules',
      message: `"Finance" is used by rules 'Backup', 'Helpdesk'; change or delete those rules first.`,
      rule_ids: ['r-backup', 'r-helpdesk'],
    });
    expect(refused(deleteOrganizationalUnit(units, SALES_OU, [helpdeskRule])).message).toBe(
      `"Sales" is used by rule 'Helpdesk'; change or delete that rule first.`,
    );
  });
});

describe('wire format: export and import', () => {
  const importContext = {
    roles: BUILT_IN_ROLES,
    organizationalUnits: OUS,
    newRuleId: (() => {
      let n = 0;
      return () => `new-${++n}`;
    })(),
  };

  it("exports exactly the bodies Clumio's create-rule API takes", () => {
    expect(exportRules([superAdminRule])).toEqual({
      rules: [
        {
          name: 'Admins',
          condition: '{"user.groups":{"$eq":"Clumio Admins"}}',
          provision: { role_id: superAdminRule.provision.role_id, organizational_unit_ids: [GLOBAL_OU_ID] },
        },
      ],
    });
    expect(JSON.parse(serializeRuleSet([superAdminRule, backupRule]))).toEqual(
      exportRules([superAdminRule, backupRule]),
    );
  });

  it("reads our document, a bare list, and Clumio's list response (dropping read-only fields)", () => {
    const body = exportRules([backupRule]).rules[0]!;
    const clumio = {
      current_count: 1,
      _embedded: { items: [{ ...body, rule_id: 'c-1', etag: 'x', _links: { _self: { href: '/x' } } }] },
    };
    for (const document of [{ rules: [body] }, [body], clumio, JSON.stringify(clumio)]) {
      expect(readRuleSetDocument(document)).toEqual({ ok: true, items: [body] });
    }
    expect(readRuleSetDocument('{"rules": [')).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringMatching(/^The file is not valid JSON/) }],
    });
    expect(readRuleSetDocument({ items: [] })).toMatchObject({
      ok: false,
      errors: [{ message: expect.stringContaining('Expected a rule set') }],
    });
  });

  it('plans an import by name: added, changed (with the fields), removed, unchanged', () => {
    const current = [superAdminRule, backupRule, helpdeskRule];
    const document = {
      rules: [
        // Same rule, different whitespace and case of nothing that matters: unchanged.
        { ...exportRules([superAdminRule]).rules[0]!, condition: '{ "user.groups": { "$eq": "Clumio Admins" } }' },
        {
          ...exportRules([backupRule]).rules[0]!,
          name: 'BACKUP',
          provision: { role_id: BACKUP_ADMIN_ROLE_ID, organizational_unit_ids: [SALES_OU] },
        },
        {
          name: 'Sales backups',
          condition: '{"user.groups":{"$eq":"Sales"}}',
          provision: { role_id: BACKUP_ADMIN_ROLE_ID, organizational_unit_ids: [SALES_OU] },
        },
      ],
    };
    const result = planImport(current, document, importContext);
    if (!result.ok) throw new Error(formatFieldErrors(result.errors));
    const { plan } = result;
    expect(plan.unchanged).toEqual([superAdminRule]);
    expect(plan.changed.map((c) => [c.before.rule_id, c.after.rule_id, c.fields])).toEqual([
      ['r-backup', 'r-backup', ['name', 'organizational_units']],
    ]);
    expect(plan.added.map((r) => [r.rule_id, r.name])).toEqual([['new-1', 'Sales backups']]);
    expect(plan.removed).toEqual([helpdeskRule]);
    expect(plan.proposed.map((r) => r.rule_id)).toEqual(['r-admins', 'r-backup', 'new-1']);
  });

  it('refuses an import with any invalid rule, naming its position', () => {
    const result = planImport(
      [],
      [
        {
          name: 'x',
          condition: '{"user.groups":{"$eq":"A"}}',
          provision: { role_id: 'nope', organizational_unit_ids: [GLOBAL_OU_ID] },
        },
      ],
      importContext,
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'rules[0].provision.role_id', message: 'unknown role "nope".' }],
    });
  });
});
