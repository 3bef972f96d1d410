/**
 * The admin's real Clumio account through the admin API: its rules, roles and OUs, plans previewed and guarded
 * on Okta's real data, applies checked call by call against what the fake Clumio received, partial failures,
 * the guarded auto user provisioning switch, the real-account lock-out alarm, and the bridges to SCIM Desk's
 * own rules. The real server on 127.0.0.1 with a real data folder; the fake Okta Management API and fake
 * Clumio REST API (test/fakes) are the only stand-ins: neither service can be reached from this machine, and
 * the fakes follow the reference of both APIs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ApiErrorBody,
  ClumioAccountList,
  ClumioAccountOrganizationalUnit,
  ClumioAccountRole,
  ClumioAccountStatus,
  ClumioApplyIncomplete,
  ClumioRulesApplied,
  ClumioRulesPlan,
  ImportedFromClumio,
  Rule,
  RuleInput,
  RulesExportCheck,
} from '../../server/admin/contract.js';
import {
  CLUMIO_USERS,
  ROLES,
  RULE_IDS,
  UNITS,
  clumioScenarios,
  rule,
  type ClumioScenario,
} from '../fakes/clumio/clumio-account.js';
import type { RecordedRequest } from '../fakes/fake-http-server.js';
import { USERS, oktaScenarios, type OktaScenario } from '../fakes/okta/okta-org.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';
import { ADMIN_LOGIN, CLUMIO_TOKEN, OKTA_TOKEN, startTenantFakes, type TenantFakes } from '../helpers/tenant-fakes.js';

const RULES_PATH = '/settings/auto-user-provisioning/rules';
const RULES_MEDIA_TYPE = 'application/api.clumio.auto-user-provisioning-rules=v1+json';
const SETTING_MEDIA_TYPE = 'application/api.clumio.auto-user-provisioning-settings=v1+json';
const OLD_RULE_ID = '9f1a2b3c-0000-4000-8000-000000000009';

const running: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await (item.stop ?? item.close)!();
});

/** A server connected to both fakes, the admin set, the first read done. */
async function connected(setup: { okta?: OktaScenario[]; clumio?: ClumioScenario[] } = {}) {
  const fakes = await startTenantFakes(setup);
  running.push(fakes);
  const server = await startTestServer();
  running.push(server);
  await server.api('PUT', '/api/settings', { current_admin: ADMIN_LOGIN });
  expect((await server.api('PUT', '/api/connections/okta', fakes.oktaConnect)).status).toBe(200);
  expect((await server.api('PUT', '/api/connections/clumio', fakes.clumioConnect)).status).toBe(200);
  await server.api('POST', '/api/connections/refresh');
  return { server, fakes };
}

const admins: RuleInput = {
  name: 'okta-clumio-admins',
  condition: '{"user.groups":{"$eq":"Clumio Admins"}}',
  provision: { role_id: ROLES.superAdmin, organizational_unit_ids: [UNITS.global] },
};
const backupEverywhere: RuleInput = {
  name: 'backup-operators',
  condition: '{"user.groups":{"$in":["Backup Operators"]}}',
  provision: { role_id: ROLES.backupAdmin, organizational_unit_ids: [UNITS.engineering, UNITS.finance] },
};
const engineeringAdmins: RuleInput = {
  name: 'engineering-admins',
  condition: '{"user.groups":{"$eq":"Clumio Admins"}}',
  provision: { role_id: ROLES.organizationalUnitAdmin, organizational_unit_ids: [UNITS.engineering] },
};
/** Creates one rule, changes one, deletes one (the account's "old-auditors"). */
const DESIRED = { rules: [admins, backupEverywhere, engineeringAdmins] };

/** The account holds a third rule the desired set leaves out. */
function withOldRule(fakes: TenantFakes) {
  fakes.clumio.account.rules.push(
    rule(OLD_RULE_ID, 'old-auditors', '{"user.groups":{"$eq":"Auditors"}}', ROLES.backupAdmin, [UNITS.finance]),
  );
}

/** What the fake Clumio received since `from`, as method, path, Accept, token and body. */
function received(fakes: TenantFakes, from: number) {
  return fakes.clumio.requests.slice(from).map((r: RecordedRequest) => ({
    call: `${r.method} ${r.path}`,
    accept: r.accept,
    authorized: r.authorizationScheme === 'Bearer' && r.tokenMatched,
    body: r.body,
  }));
}

const writes = (fakes: TenantFakes, from: number) =>
  fakes.clumio.requests.slice(from).filter((r) => r.method !== 'GET');

describe('the account as the rule editor sees it', () => {
  it('lists its real rules, roles (most privileged first) and OUs, with when they were read', async () => {
    const { server } = await connected();
    const rules = await server.api<ClumioAccountList<Rule>>('GET', '/api/clumio/rules');
    expect(rules.body.items.map((r) => [r.rule_id, r.name])).toEqual([
      [RULE_IDS.backup, 'backup-operators'],
      [RULE_IDS.admins, 'okta-clumio-admins'],
    ]);
    expect(rules.body.read_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const roles = await server.api<ClumioAccountList<ClumioAccountRole>>('GET', '/api/clumio/roles');
    expect(roles.body.items.map((r) => [r.id, r.name])).toEqual([
      [ROLES.superAdmin, 'Super Admin'],
      [ROLES.organizationalUnitAdmin, 'Organizational Unit Admin'],
      [ROLES.backupAdmin, 'Backup Admin'],
    ]);
    const units = await server.api<ClumioAccountList<ClumioAccountOrganizationalUnit>>(
      'GET',
      '/api/clumio/organizational-units',
    );
    expect(units.body.items.map((u) => [u.id, u.name, u.parent_id])).toEqual([
      [UNITS.global, 'Global organizational unit', null],
      [UNITS.engineering, 'Engineering', UNITS.global],
      [UNITS.finance, 'Finance', UNITS.global],
    ]);
    expect((await server.api('GET', '/api/clumio/auto-user-provisioning')).body).toEqual({ is_enabled: true });
  });

  it('answers 409 not_connected without a Clumio connection', async () => {
    const server = await startTestServer();
    running.push(server);
    const res = await server.api<ApiErrorBody>('GET', '/api/clumio/rules');
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'not_connected',
      message: 'The Clumio account is not connected: connect it first (its API base URL and an API token).',
    });
    expect((await server.api<ClumioAccountStatus>('GET', '/api/clumio/status')).body).toMatchObject({
      clumio_connected: false,
      okta_connected: false,
      lockout: null,
    });
  });
});

describe('plan and apply', () => {
  it("plans the exact calls in a safe order, previews them on Okta's data, and the guard lets them through", async () => {
    const { server, fakes } = await connected();
    withOldRule(fakes);
    await server.api('POST', '/api/connections/refresh');
    const from = fakes.clumio.requests.length;
    const plan = await server.api<ClumioRulesPlan>('POST', '/api/clumio/rules/plan', DESIRED);
    expect(plan.status).toBe(200);
    expect(plan.body.calls).toEqual([
      { method: 'POST', path: RULES_PATH, body: engineeringAdmins },
      { method: 'PUT', path: `${RULES_PATH}/${RULE_IDS.backup}`, body: backupEverywhere },
      { method: 'DELETE', path: `${RULES_PATH}/${OLD_RULE_ID}`, body: null },
    ]);
    expect(plan.body.guard).toEqual({ ok: true, reason: null });
    const gains = plan.body.preview.users.map((u) => [
      u.user_name,
      u.gained.map((g) => `${g.role_id} ${g.organizational_unit_id}`),
      u.lost.length,
    ]);
    expect(gains).toEqual([
      [USERS.admin.login, [`${ROLES.organizationalUnitAdmin} ${UNITS.engineering}`], 0],
      [USERS.bob.login, [`${ROLES.backupAdmin} ${UNITS.finance}`], 0],
    ]);
    expect(plan.body.preview.users[0]!.display_name).toBe('Ada Admin');
    expect(plan.body.preview.totals).toMatchObject({ users_evaluated: 3, users_gaining: 2, users_losing: 0 });
    expect(plan.body.preview.guard).toEqual({ enforced: true, verdict: { allowed: true } });
    expect(plan.body.preview.drift).toEqual([]);
    // A plan reads nothing: the snapshot has what it needs.
    expect(fakes.clumio.requests.length).toBe(from);
  });

  it('applies: rules and setting read again, then POST, PUT, DELETE as planned, then read once more; each call in Activity', async () => {
    const { server, fakes } = await connected();
    withOldRule(fakes);
    await server.api('POST', '/api/connections/refresh');
    const from = fakes.clumio.requests.length;
    const applied = await server.api<ClumioRulesApplied>('POST', '/api/clumio/rules/apply', DESIRED);
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({
      calls: [
        { method: 'POST', path: RULES_PATH, status: 201 },
        { method: 'PUT', path: `${RULES_PATH}/${RULE_IDS.backup}`, status: 200 },
        { method: 'DELETE', path: `${RULES_PATH}/${OLD_RULE_ID}`, status: 200 },
      ],
    });
    const calls = received(fakes, from);
    expect(
      calls
        .slice(0, 2)
        .map((c) => c.call)
        .sort(),
    ).toEqual(['GET /settings/auto-user-provisioning', `GET ${RULES_PATH}`]);
    expect(calls.slice(2, 5)).toEqual([
      { call: `POST ${RULES_PATH}`, accept: RULES_MEDIA_TYPE, authorized: true, body: engineeringAdmins },
      {
        call: `PUT ${RULES_PATH}/${RULE_IDS.backup}`,
        accept: RULES_MEDIA_TYPE,
        authorized: true,
        body: backupEverywhere,
      },
      { call: `DELETE ${RULES_PATH}/${OLD_RULE_ID}`, accept: RULES_MEDIA_TYPE, authorized: true, body: undefined },
    ]);
    expect(
      calls
        .slice(5)
        .map((c) => c.call)
        .sort(),
    ).toEqual(['GET /settings/auto-user-provisioning', `GET ${RULES_PATH}`]);
    expect(
      calls
        .filter((c) => c.call.startsWith('GET'))
        .map((c) => c.accept)
        .sort(),
    ).toEqual([RULES_MEDIA_TYPE, RULES_MEDIA_TYPE, SETTING_MEDIA_TYPE, SETTING_MEDIA_TYPE]);
    expect(calls).toHaveLength(7);
    expect(fakes.clumio.account.rules.map((r) => r.name).sort()).toEqual([
      'backup-operators',
      'engineering-admins',
      'okta-clumio-admins',
    ]);

    const activity = (await server.api('GET', '/api/activity?kind=admin_change')).body.items.map(
      (e: { action: string; summary: string }) => `${e.action}: ${e.summary}`,
    );
    expect(activity).toEqual(
      expect.arrayContaining([
        `clumio.rule.created: Clumio account: rule 'engineering-admins' created (POST ${RULES_PATH} answered 201).`,
        `clumio.rule.updated: Clumio account: rule 'backup-operators' updated (PUT ${RULES_PATH}/${RULE_IDS.backup} answered 200).`,
        `clumio.rule.deleted: Clumio account: rule 'old-auditors' deleted (DELETE ${RULES_PATH}/${OLD_RULE_ID} answered 200).`,
      ]),
    );

    // Converged: planning the same set again plans nothing, and applying it makes no write.
    const again = await server.api<ClumioRulesPlan>('POST', '/api/clumio/rules/plan', DESIRED);
    expect(again.body.calls).toEqual([]);
    const before = fakes.clumio.requests.length;
    expect((await server.api<ClumioRulesApplied>('POST', '/api/clumio/rules/apply', DESIRED)).body).toEqual({
      calls: [],
    });
    expect(writes(fakes, before)).toEqual([]);
  });

  it('creates a new Super Admin rule before the old one is changed away, never leaving none', async () => {
    const { server, fakes } = await connected();
    const superAdmins: RuleInput = { ...admins, name: 'super-admins' };
    const demoted: RuleInput = {
      ...admins,
      provision: { role_id: ROLES.backupAdmin, organizational_unit_ids: [UNITS.global] },
    };
    const desired = { rules: [superAdmins, demoted] };
    const plan = (await server.api<ClumioRulesPlan>('POST', '/api/clumio/rules/plan', desired)).body;
    expect(plan.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `POST ${RULES_PATH}`,
      `PUT ${RULES_PATH}/${RULE_IDS.admins}`,
      `DELETE ${RULES_PATH}/${RULE_IDS.backup}`,
    ]);
    expect(plan.guard.ok).toBe(true);
    const from = fakes.clumio.requests.length;
    expect((await server.api('POST', '/api/clumio/rules/apply', desired)).status).toBe(200);
    // The fake refuses to remove the last Super Admin rule while auto user provisioning is on: nothing was refused.
    expect(writes(fakes, from).map((r) => r.method)).toEqual(['POST', 'PUT', 'DELETE']);
    expect(fakes.clumio.superAdminRules().map((r) => r.name)).toEqual(['super-admins']);
  });

  it('refuses a set that takes Super Admin from the admin: the plan says why, and apply answers 409 with no write', async () => {
    const { server, fakes } = await connected();
    const desired = { rules: [{ ...admins, condition: '{"user.groups":{"$eq":"Backup Operators"}}' }] };
    const plan = (await server.api<ClumioRulesPlan>('POST', '/api/clumio/rules/plan', desired)).body;
    expect(plan.guard).toEqual({
      ok: false,
      reason: `This change would remove Super Admin on the Global Organizational Unit from the current admin ${ADMIN_LOGIN}: rule 'okta-clumio-admins' no longer matches because ${ADMIN_LOGIN} is not in group "Backup Operators".`,
    });
    expect(plan.calls).toHaveLength(2); // still shown: what would have been sent
    const from = fakes.clumio.requests.length;
    const applied = await server.api<ApiErrorBody>('POST', '/api/clumio/rules/apply', desired);
    expect(applied.status).toBe(409);
    expect(applied.body.error).toMatchObject({
      code: 'guard_refused',
      message: plan.guard.reason,
      details: { reason: 'current_admin_loses_super_admin', current_admin: ADMIN_LOGIN },
    });
    expect(writes(fakes, from)).toEqual([]);
    const refused = (await server.api('GET', '/api/activity?kind=admin_change')).body.items.find(
      (e: { action: string }) => e.action === 'clumio.rules.apply',
    );
    expect(refused).toMatchObject({ status: 'failed' });
  });

  it('refuses rules the account cannot take (a role only SCIM Desk knows), naming the field', async () => {
    const { server } = await connected();
    const helpdesk = {
      ...engineeringAdmins,
      provision: { role_id: 'b0000000-0000-0000-0000-000000000000', organizational_unit_ids: [UNITS.engineering] },
    };
    const res = await server.api<ApiErrorBody>('POST', '/api/clumio/rules/plan', { rules: [admins, helpdesk] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_rule');
    expect(res.body.error.message).toContain('rules[1].provision.role_id');
    expect((await server.api<ApiErrorBody>('POST', '/api/clumio/rules/plan', { rule: [] })).body.error.code).toBe(
      'invalid_body',
    );
  });

  it('a call that fails part way: says what was done and what was not, and a re-run converges', async () => {
    const { server, fakes } = await connected();
    withOldRule(fakes);
    await server.api('POST', '/api/connections/refresh');
    fakes.clumio.failNthWrite(2);
    const failed = await server.api<ApiErrorBody>('POST', '/api/clumio/rules/apply', DESIRED);
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('apply_incomplete');
    const details = failed.body.error.details as ClumioApplyIncomplete;
    expect(details.done).toEqual([{ method: 'POST', path: RULES_PATH, status: 201 }]);
    expect(details.failed).toMatchObject({
      method: 'PUT',
      path: `${RULES_PATH}/${RULE_IDS.backup}`,
      status: 500,
      body: backupEverywhere,
    });
    expect(details.failed.message).toMatch(
      /^Clumio had an internal error \(500 500\) when SCIM Desk tried to update an auto user provisioning rule/,
    );
    expect(details.not_sent).toEqual([{ method: 'DELETE', path: `${RULES_PATH}/${OLD_RULE_ID}`, body: null }]);
    expect(failed.body.error.message).toMatch(
      /^The Clumio account was changed only in part: 1 call made, then PUT .* failed .*; 1 not sent\. Plan again to see what is left\.$/,
    );
    const activity = (await server.api('GET', '/api/activity?kind=admin_change')).body.items;
    expect(activity.find((e: { action: string }) => e.action === 'clumio.rule.updated')).toMatchObject({
      status: 'failed',
    });

    // What is left, then done.
    const left = (await server.api<ClumioRulesPlan>('POST', '/api/clumio/rules/plan', DESIRED)).body;
    expect(left.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `PUT ${RULES_PATH}/${RULE_IDS.backup}`,
      `DELETE ${RULES_PATH}/${OLD_RULE_ID}`,
    ]);
    const rerun = await server.api<ClumioRulesApplied>('POST', '/api/clumio/rules/apply', DESIRED);
    expect(rerun.body.calls.map((c) => c.status)).toEqual([200, 200]);
    expect((await server.api<ClumioRulesPlan>('POST', '/api/clumio/rules/plan', DESIRED)).body.calls).toEqual([]);
  });
});

describe('auto user provisioning in the account', () => {
  it('no Super Admin rule: enabling is refused with no call made, and the plan says the same', async () => {
    const { server, fakes } = await connected({ clumio: [clumioScenarios.noSuperAdminRule] });
    const from = fakes.clumio.requests.length;
    const res = await server.api<ApiErrorBody>('PUT', '/api/clumio/auto-user-provisioning', { is_enabled: true });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'guard_refused', details: { reason: 'no_super_admin_rule' } });
    expect(res.body.error.message).toBe(
      'Enabling auto user provisioning needs a rule that gives Super Admin on the Global Organizational Unit.',
    );
    expect(writes(fakes, from)).toEqual([]);
    expect(fakes.clumio.account.autoUserProvisioning.is_enabled).toBe(false);

    // With the rule applied first, enabling goes through.
    await server.api('POST', '/api/clumio/rules/apply', { rules: [admins] });
    const enabled = await server.api('PUT', '/api/clumio/auto-user-provisioning', { is_enabled: true });
    expect(enabled.body).toEqual({ is_enabled: true });
    const put = writes(fakes, from).find((r) => r.method === 'PUT')!;
    expect(put).toMatchObject({
      path: '/settings/auto-user-provisioning',
      accept: SETTING_MEDIA_TYPE,
      body: { is_enabled: true },
    });
  });

  it('disabling is always allowed', async () => {
    const { server, fakes } = await connected();
    expect((await server.api('PUT', '/api/clumio/auto-user-provisioning', { is_enabled: false })).body).toEqual({
      is_enabled: false,
    });
    expect(fakes.clumio.account.autoUserProvisioning.is_enabled).toBe(false);
    expect((await server.api('PUT', '/api/clumio/auto-user-provisioning', { is_enabled: 'no' })).body.error.code).toBe(
      'invalid_body',
    );
  });
});

describe('the real-account lock-out alarm', () => {
  const statusOf = async (server: TestServer) =>
    (await server.api<ClumioAccountStatus>('GET', '/api/clumio/status')).body;

  it('is quiet for the healthy org and account, and says who the admin is in Clumio', async () => {
    const { server } = await connected();
    const status = await statusOf(server);
    expect(status).toMatchObject({
      okta_connected: true,
      okta_app_picked: true,
      clumio_connected: true,
      auto_user_provisioning: true,
      admin: {
        okta_login: ADMIN_LOGIN,
        user_name: ADMIN_LOGIN,
        clumio_user_id: CLUMIO_USERS.admin.id,
        super_admin_on_global: true,
      },
      lockout: null,
    });
  });

  it('the admin removed from the pushed admin group in Okta', async () => {
    const { server } = await connected({ okta: [oktaScenarios.adminNotInPushedGroup] });
    const { lockout } = await statusOf(server);
    expect(lockout).toMatchObject({
      reason: 'current_admin_loses_super_admin',
      message: `The current admin ${ADMIN_LOGIN} would not get Super Admin on the Global Organizational Unit: rule 'okta-clumio-admins' does not match because ${ADMIN_LOGIN} is not in group "Clumio Admins".`,
      causes: [`${ADMIN_LOGIN} is in none of the groups Okta pushes to Clumio.`],
      rules: [{ rule_id: RULE_IDS.admins, name: 'okta-clumio-admins' }],
      clumio_still_super_admin: true,
    });
  });

  it('the admin deactivated in Okta', async () => {
    const { server } = await connected({ okta: [oktaScenarios.adminDeactivated] });
    const { lockout } = await statusOf(server);
    expect(lockout).toMatchObject({
      reason: 'current_admin_inactive',
      causes: [`${ADMIN_LOGIN} is DEPROVISIONED in Okta.`, `${ADMIN_LOGIN}'s assignment to "Clumio" is DEPROVISIONED.`],
    });
  });

  it('the push of the admin group in ERROR', async () => {
    const { server } = await connected({ okta: [oktaScenarios.pushMappingError] });
    const { lockout } = await statusOf(server);
    expect(lockout?.reason).toBe('current_admin_loses_super_admin');
    expect(lockout?.causes).toEqual([
      'The push of "Clumio Admins" is in ERROR: Errors reported by remote server: Resource [GROUP]: with displayName already exists.',
      `${ADMIN_LOGIN} is in none of the groups Okta pushes to Clumio.`,
    ]);
  });

  it("the admin's Clumio user without Super Admin: no alarm (the rules still give it), but the drift shows it", async () => {
    const { server } = await connected({ clumio: [clumioScenarios.adminWithoutSuperAdmin] });
    const status = await statusOf(server);
    expect(status.lockout).toBeNull();
    expect(status.admin).toMatchObject({ super_admin_on_global: false });
    const plan = (
      await server.api<ClumioRulesPlan>('POST', '/api/clumio/rules/plan', {
        rules: [
          admins,
          {
            ...backupEverywhere,
            provision: { ...backupEverywhere.provision, organizational_unit_ids: [UNITS.engineering] },
          },
        ],
      })
    ).body;
    expect(plan.calls).toEqual([]);
    expect(plan.preview.drift).toEqual([
      {
        user_name: ADMIN_LOGIN,
        clumio_user_id: CLUMIO_USERS.admin.id,
        kind: 'access_differs',
        in_clumio: [{ role_id: ROLES.organizationalUnitAdmin, organizational_unit_id: UNITS.engineering }],
        from_rules: [{ role_id: ROLES.superAdmin, organizational_unit_id: UNITS.global }],
        message: `${ADMIN_LOGIN}: Clumio holds Organizational Unit Admin on Engineering; the rules give Super Admin on Global organizational unit.`,
      },
    ]);
  });
});

describe("SCIM Desk's own rules and the account", () => {
  it("copies the account's rules into the local editor, its OUs created first with the account's ids", async () => {
    const { server } = await connected();
    const copied = await server.api<ImportedFromClumio>('POST', '/api/clumio/rules/import-to-local');
    expect(copied.status).toBe(200);
    expect(copied.body.organizational_units_created).toEqual(['Engineering', 'Finance']);
    expect(copied.body.result).toMatchObject({ applied: true, created: ['okta-clumio-admins', 'backup-operators'] });
    const local = (await server.api<{ items: Rule[] }>('GET', '/api/rules')).body.items;
    expect(local.map((r) => [r.name, r.provision.organizational_unit_ids])).toEqual([
      ['backup-operators', [UNITS.engineering]],
      ['okta-clumio-admins', [UNITS.global]],
    ]);
    const units = (await server.api('GET', '/api/organizational-units')).body.items.map((u: { id: string }) => u.id);
    expect(units).toEqual([UNITS.global, UNITS.engineering, UNITS.finance]);
    // A second copy has nothing to create and changes nothing.
    expect((await server.api<ImportedFromClumio>('POST', '/api/clumio/rules/import-to-local')).body).toMatchObject({
      organizational_units_created: [],
      result: { unchanged: ['okta-clumio-admins', 'backup-operators'] },
    });
  });

  it('flags the ids of the local export the account does not know; the export itself keeps its format', async () => {
    const server = await startTestServer();
    running.push(server);
    const finance = (await server.api('POST', '/api/organizational-units', { name: 'Local Finance' })).body
      .id as string;
    await server.api('POST', '/api/rules', {
      name: 'helpdesk',
      condition: '{"user.groups":{"$eq":"Helpdesk"}}',
      provision: { role_id: 'b0000000-0000-0000-0000-000000000000', organizational_unit_ids: [finance] },
    });
    const offline = (await server.api<RulesExportCheck>('GET', '/api/rules/export/check')).body;
    expect(offline.checked_against).toBe('published-ids');
    expect(offline.warnings.map((w) => [w.kind, w.id, w.name])).toEqual([
      ['role', 'b0000000-0000-0000-0000-000000000000', 'Helpdesk Admin'],
      ['organizational_unit', finance, 'Local Finance'],
    ]);
    expect(offline.warnings[0]!.message).toBe(
      "Rule 'helpdesk' gives 'Helpdesk Admin' with id b0000000-0000-0000-0000-000000000000, an id only SCIM Desk uses (Clumio publishes none for it): Clumio would refuse the rule. Connect the Clumio account to pick its real role.",
    );
    const exported = await server.api('GET', '/api/rules/export');
    expect(Object.keys(exported.body)).toEqual(['rules']);

    const fakes = await startTenantFakes();
    running.push(fakes);
    await server.api('PUT', '/api/connections/clumio', fakes.clumioConnect);
    const checked = (await server.api<RulesExportCheck>('GET', '/api/rules/export/check')).body;
    expect(checked.checked_against).toBe('clumio-account');
    expect(checked.warnings.map((w) => w.kind)).toEqual(['role', 'organizational_unit']);
    expect(checked.warnings[1]!.message).toBe(
      `Rule 'helpdesk' names organizational unit "Local Finance" ${finance}, which the Clumio account does not have.`,
    );
  });
});

describe('tokens', () => {
  it('appear in no answer of the account routes', async () => {
    const { server } = await connected();
    const answers = await Promise.all(
      [
        '/api/connections',
        '/api/clumio/status',
        '/api/clumio/rules',
        '/api/clumio/roles',
        '/api/clumio/organizational-units',
        '/api/activity?limit=200',
      ].map((path) => server.api('GET', path)),
    );
    const text = JSON.stringify(answers.map((a) => a.body));
    expect(text).not.toContain(OKTA_TOKEN);
    expect(text).not.toContain(CLUMIO_TOKEN);
  });
});
