/**
 * The rule editor's check (renderer/src/pages/rules/rule-form-check.ts): it decides with the server's own
 * validation whether a draft may be previewed or saved, and says what to fix per form field in plain words,
 * once per field, never as `rules[0].condition: "$eq" has …`.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeCondition,
  encodeCondition,
  type ConditionDraft,
} from '../../renderer/src/pages/rules/condition-form.js';
import {
  checkRuleDraft,
  draftToInput,
  otherRulesIssues,
  plainIssues,
  type RuleCheckContext,
  type RuleDraft,
} from '../../renderer/src/pages/rules/rule-form-check.js';
import { GLOBAL_OU_ID } from '../../server/rules/organizational-units.js';
import { BACKUP_ADMIN_ROLE_ID, BUILT_IN_ROLES, SUPER_ADMIN_ROLE_ID } from '../../server/rules/roles.js';
import { validateRuleBody } from '../../server/rules/rule-validation.js';

const FINANCE_OU = 'f0000000-0000-0000-0000-000000000001';
const context: RuleCheckContext = {
  roles: BUILT_IN_ROLES.map(({ id, name, description }) => ({ id, name, description })),
  organizationalUnits: [
    { id: GLOBAL_OU_ID, name: 'Global Organizational Unit', parent_id: null, description: '' },
    { id: FINANCE_OU, name: 'Finance', parent_id: GLOBAL_OU_ID, description: '' },
  ],
  rules: [
    {
      rule_id: 'r-admins',
      name: 'Clumio Admins are Super Admins',
      condition: '{"user.groups":{"$eq":"Clumio Admins"}}',
      provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: [GLOBAL_OU_ID] },
    },
  ],
};

const draft = (overrides: Partial<RuleDraft> = {}): RuleDraft => ({
  name: 'Backup team',
  condition: { mode: 'this-group', values: ['Backup Team'] },
  role_id: BACKUP_ADMIN_ROLE_ID,
  organizational_unit_ids: [FINANCE_OU],
  ...overrides,
});

describe('the rule editor check', () => {
  it('says what a blank form needs, once per field, in plain words', () => {
    const issues = checkRuleDraft(
      draft({ name: '', condition: { mode: 'this-group', values: [''] }, organizational_unit_ids: [] }),
      context,
    );
    expect(issues).toEqual([
      { field: 'name', message: 'Give the rule a name.' },
      { field: 'value-0', message: 'Type the group name.' },
      { field: 'organizational-units', message: 'Tick at least one organizational unit.' },
    ]);
    for (const issue of issues)
      expect(issue.message).not.toMatch(/rules\[|\$eq|\$in|provision\.|organizational_unit_ids/);
  });

  it('accepts exactly what the server accepts', () => {
    const drafts: RuleDraft[] = [
      draft(),
      draft({ name: '  ' }),
      draft({ name: 'x'.repeat(255) }),
      draft({ name: 'x'.repeat(256) }),
      draft({ name: 'clumio admins are super admins' }),
      draft({ condition: { mode: 'any-of-groups', values: ['Backup Team', ''] } }),
      draft({ condition: { mode: 'any-of-groups', values: ['', ''] } }),
      draft({ condition: { mode: 'contains-all-keywords', values: ['Backup', '   '] } }),
      draft({ condition: { mode: 'contains-any-keyword', values: ['Backup'] } }),
      draft({ role_id: '' }),
      draft({ role_id: 'no-such-role' }),
      draft({ organizational_unit_ids: [] }),
      draft({ organizational_unit_ids: ['removed-ou'] }),
    ];
    for (const d of drafts) {
      const server = validateRuleBody(draftToInput(d), { ...context });
      expect(checkRuleDraft(d, context).length === 0, JSON.stringify(d)).toBe(server.ok);
    }
  });

  it('names the rule whose name is taken, ignoring case, but not the rule being edited', () => {
    expect(checkRuleDraft(draft({ name: 'CLUMIO ADMINS ARE SUPER ADMINS' }), context)).toEqual([
      {
        field: 'name',
        message:
          'Another rule is already called "Clumio Admins are Super Admins". Choose a name no other rule has (capital letters do not count).',
      },
    ]);
    expect(
      checkRuleDraft(draft({ name: 'Clumio Admins are Super Admins' }), { ...context, ruleId: 'r-admins' }),
    ).toEqual([]);
  });

  it('says the name limit with the name length', () => {
    expect(checkRuleDraft(draft({ name: 'x'.repeat(300) }), context)).toEqual([
      { field: 'name', message: 'Use at most 255 characters (this name has 300).' },
    ]);
  });

  it('points at the keyword box that holds only spaces', () => {
    expect(
      checkRuleDraft(draft({ condition: { mode: 'contains-all-keywords', values: ['Backup', '   '] } }), context),
    ).toEqual([{ field: 'value-1', message: 'A keyword cannot be only spaces.' }]);
    expect(checkRuleDraft(draft({ condition: { mode: 'all-of-groups', values: ['', ''] } }), context)).toEqual([
      { field: 'value-0', message: 'Type at least one group name.' },
    ]);
  });

  it("turns a save's 400 issues into the same field messages", () => {
    const d = draft({ role_id: 'gone' });
    expect(plainIssues([{ field: 'provision.role_id', message: 'unknown role "gone".' }], d, context)).toEqual([
      { field: 'role', message: "This rule's role no longer exists. Choose another one." },
    ]);
    expect(
      plainIssues(
        [
          { field: 'provision.organizational_unit_ids[0]', message: 'unknown organizational unit "x".' },
          { field: 'provision.organizational_unit_ids[1]', message: 'unknown organizational unit "y".' },
        ],
        draft({ organizational_unit_ids: ['x', 'y'] }),
        context,
      ),
    ).toEqual([
      {
        field: 'organizational-units',
        message: 'An organizational unit of this rule no longer exists. Untick it, or tick another one.',
      },
    ]);
  });

  it('names another rule of the set that the server would refuse, leaving the edited one to its fields', () => {
    const request = {
      rules: [
        { ...context.rules[0]!, provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: ['removed-ou'] } },
        { ...draftToInput(draft({ name: '' })) },
      ],
    };
    expect(otherRulesIssues(request, 1, context)).toEqual([
      'Rule "Clumio Admins are Super Admins": Unknown organizational unit "removed-ou".',
    ]);
  });
});

describe('the one-keyword CONTAINS forms', () => {
  const anyOfOne: ConditionDraft = { mode: 'contains-any-keyword', values: ['Backup'] };

  it('are one condition string, as Clumio writes both', () => {
    expect(encodeCondition(anyOfOne)).toBe(encodeCondition({ mode: 'contains-keyword', values: ['Backup'] }));
    expect(encodeCondition(anyOfOne)).toBe('{"user.groups":{"$contains":{"$in":["Backup"]}}}');
  });

  it("read back as the form the admin chose, and as Clumio's one-keyword form otherwise", () => {
    const text = encodeCondition(anyOfOne);
    expect(decodeCondition(text, 'contains-any-keyword')).toEqual(anyOfOne);
    expect(decodeCondition(text)).toEqual({ mode: 'contains-keyword', values: ['Backup'] });
    // Two keywords need no memory.
    expect(decodeCondition(encodeCondition({ mode: 'contains-any-keyword', values: ['Backup', 'Ops'] }))?.mode).toBe(
      'contains-any-keyword',
    );
  });
});
