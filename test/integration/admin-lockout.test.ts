import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AdminLockout,
  AdminLockoutCauseKind,
  ApiErrorBody,
  GuardRefusal,
  RulesPreview,
  SetupState,
} from '../../server/admin/contract.js';
import {
  HELPDESK_ADMIN,
  SUPER_ADMIN,
  createRule,
  createUser,
  enableAutoUserProvisioning,
  pushGroup,
  rule,
  setUpCurrentAdmin,
} from '../helpers/admin-fixtures.js';
import { PATCH_OP, startTestServer, type TestServer } from '../helpers/scim-server.js';

// While auto user provisioning is on, the identity provider can take Super Admin on the Global OU from the
// current admin (it is the source of truth: its change is applied). SCIM Desk then raises `admin-locked-out`
// with the request that did it, fails the steps that depend on it, and keeps rule changes that do not make it
// worse possible. Each way Okta and Entra can cause it is sent here as that identity provider sends it.

const OKTA_AGENT = 'Okta SCIM Client 1.0.0';
// Microsoft documents no User-Agent for its provisioning service; this stands in for it.
const ENTRA_AGENT = 'Microsoft.Identity.AAD.Provisioning/1.0';
const ADMIN = 'admin@example.com';

interface Setup {
  adminId: string;
  adminsGroup: string;
  superRule: string;
}

type Send = (server: TestServer, setup: Setup) => Promise<{ method: string; path: string }>;

async function sent(server: TestServer, method: string, path: string, body: unknown, agent: string) {
  const res = await server.scim(method, path, body, { 'User-Agent': agent });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300); // accepted: the identity provider is the source of truth
  return { method, path: `/scim/v2${path}` };
}

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

interface Way {
  idp: 'okta' | 'entra';
  kind: AdminLockoutCauseKind;
  send: Send;
  summary: RegExp;
  wayBack: RegExp;
}

const WAYS: Way[] = [
  {
    idp: 'okta',
    kind: 'member-removed',
    send: (s, { adminsGroup, adminId }) =>
      sent(
        s,
        'PATCH',
        `/Groups/${adminsGroup}`,
        patch({ op: 'remove', path: `members[value eq "${adminId}"]` }),
        OKTA_AGENT,
      ),
    summary: /^Okta removed admin@example\.com from "Clumio Admins"$/,
    wayBack: /^Put admin@example\.com back in "Clumio Admins" in Okta/,
  },
  {
    idp: 'okta',
    kind: 'user-deactivated',
    send: (s, { adminId }) =>
      sent(s, 'PATCH', `/Users/${adminId}`, patch({ op: 'replace', value: { active: false } }), OKTA_AGENT),
    summary: /^Okta deactivated admin@example\.com$/,
    wayBack: /^Assign admin@example\.com to the app in Okta again/,
  },
  {
    idp: 'okta',
    kind: 'group-renamed',
    send: (s, { adminsGroup }) =>
      sent(
        s,
        'PATCH',
        `/Groups/${adminsGroup}`,
        patch({ op: 'replace', value: { id: adminsGroup, displayName: 'Clumio Administrators' } }),
        OKTA_AGENT,
      ),
    summary: /^Okta renamed "Clumio Admins" to "Clumio Administrators"$/,
    wayBack:
      /^Rename "Clumio Administrators" back to "Clumio Admins" in Okta .*or edit rule 'Super Admins' to use "Clumio Administrators"/,
  },
  {
    idp: 'okta',
    kind: 'group-deleted',
    send: (s, { adminsGroup }) => sent(s, 'DELETE', `/Groups/${adminsGroup}`, undefined, OKTA_AGENT),
    summary: /^Okta deleted the group "Clumio Admins"$/,
    wayBack: /^Create "Clumio Admins" again in Okta with admin@example\.com in it, and push it/,
  },
  {
    idp: 'entra',
    kind: 'member-removed',
    // Entra's default job: a capitalised Remove with a value list.
    send: (s, { adminsGroup, adminId }) =>
      sent(
        s,
        'PATCH',
        `/Groups/${adminsGroup}`,
        patch({ op: 'Remove', path: 'members', value: [{ value: adminId }] }),
        ENTRA_AGENT,
      ),
    summary: /^Entra removed admin@example\.com from "Clumio Admins"$/,
    wayBack:
      /^Add admin@example\.com back to "Clumio Admins" in Entra \(Groups > Clumio Admins > Members > \+ Add members\)/,
  },
  {
    idp: 'entra',
    kind: 'user-deactivated',
    // Entra's default job sends active as the string "False".
    send: (s, { adminId }) =>
      sent(s, 'PATCH', `/Users/${adminId}`, patch({ op: 'Replace', path: 'active', value: 'False' }), ENTRA_AGENT),
    summary: /^Entra deactivated admin@example\.com$/,
    wayBack: /^Assign admin@example\.com to the app in Entra again/,
  },
  {
    idp: 'entra',
    kind: 'group-renamed',
    send: (s, { adminsGroup }) =>
      sent(
        s,
        'PATCH',
        `/Groups/${adminsGroup}`,
        patch({ op: 'Replace', path: 'displayName', value: 'Clumio Administrators' }),
        ENTRA_AGENT,
      ),
    summary: /^Entra renamed "Clumio Admins" to "Clumio Administrators"$/,
    wayBack: /^Rename "Clumio Administrators" back to "Clumio Admins" in Entra/,
  },
  {
    idp: 'entra',
    kind: 'group-deleted',
    send: (s, { adminsGroup }) => sent(s, 'DELETE', `/Groups/${adminsGroup}`, undefined, ENTRA_AGENT),
    summary: /^Entra deleted the group "Clumio Admins"$/,
    wayBack: /^Create "Clumio Admins" again in Entra with admin@example\.com in it/,
  },
];

describe('admin-locked-out', () => {
  let server: TestServer;
  let setup: Setup;

  beforeEach(async () => {
    server = await startTestServer();
    setup = await setUpCurrentAdmin(server, ADMIN);
  });
  afterEach(async () => {
    await server.stop();
  });

  const lockout = async () =>
    (await server.api<{ lockout: AdminLockout | null }>('GET', '/api/admin-lockout')).body.lockout;
  const setupState = async () => (await server.api<SetupState>('GET', '/api/setup')).body;
  const stepState = (state: SetupState, id: string) => state.steps.find((s) => s.id === id)!;

  describe.each(WAYS)('$idp: $kind', (way) => {
    beforeEach(async () => {
      if (way.idp === 'entra')
        expect((await server.api('PUT', '/api/settings', { identity_provider: 'entra' })).status).toBe(200);
      await enableAutoUserProvisioning(server);
    });

    it('is accepted, and raises the alarm with the request, the time and the two ways out', async () => {
      expect(await lockout()).toBeNull();
      const request = await way.send(server, setup);

      const found = (await lockout())!;
      expect(found.currentAdmin).toBe(ADMIN);
      expect(found.message).toMatch(
        /^The current admin admin@example\.com .*while auto user provisioning is on: they are locked out of administering Clumio\.$/,
      );
      expect(found.cause!.kind).toBe(way.kind);
      expect(found.cause!.summary).toMatch(way.summary);
      expect(found.request).toMatchObject({
        ...request,
        userAgent: way.idp === 'okta' ? OKTA_AGENT : ENTRA_AGENT,
        tokenLabel: 'Okta test',
      });
      expect(found.request!.status).toBeLessThan(300);
      expect(Date.parse(found.since!)).toBeLessThanOrEqual(Date.parse(found.request!.time));
      expect(found.rules).toEqual([{ rule_id: setup.superRule, name: 'Super Admins' }]);
      expect(found.waysOut).toHaveLength(2);
      expect(found.waysOut[0]).toMatch(way.wayBack);
      expect(found.waysOut[1]).toMatch(/^Or turn auto user provisioning off/);

      // The request it names is the one in the activity log.
      const logged = await server.api('GET', `/api/activity?kind=scim_request&limit=5`);
      const entry = logged.body.items.find((e: { id: string }) => e.id === found.request!.activityId);
      expect(entry).toMatchObject({ request: { method: request.method, path: request.path.replace('/scim/v2', '') } });
    });

    it('GET /api/setup lists the warning with that evidence and fails the steps that depend on it', async () => {
      await way.send(server, setup);
      const found = (await lockout())!;
      const state = await setupState();
      const warning = state.warnings.find((w) => w.id === 'admin-locked-out')!;
      expect(warning.message).toContain(found.message);
      expect(warning.message).toContain(found.cause!.summary);
      expect(warning.fix).toBe(found.waysOut.join(' '));
      expect(warning.evidence).toEqual({
        summary: `${found.request!.method} ${found.request!.path} → ${found.request!.status}: ${found.cause!.summary}.`,
        at: found.request!.time,
        activityId: found.request!.activityId,
        userAgent: found.request!.userAgent,
      });

      for (const id of ['super-admin-rule', 'enable-auto-provisioning']) {
        expect(stepState(state, id)).toMatchObject({ state: 'failed', evidence: warning.evidence });
        expect(stepState(state, id).fix).toContain(found.cause!.summary);
      }
      expect(stepState(state, 'super-admin-rule').fix).toMatch(
        /^Rule 'Super Admins' exists but no longer gives admin@example\.com Super Admin/,
      );
      expect(stepState(state, 'enable-auto-provisioning').fix).toContain('Or turn auto user provisioning off');
      // A renamed group leaves the account as it was: only the rule no longer matches it.
      expect(stepState(state, 'admin-account').state).toBe(way.kind === 'group-renamed' ? 'done' : 'failed');
      expect(state.complete).toBe(false);
    });
  });

  describe('over time', () => {
    beforeEach(async () => {
      await enableAutoUserProvisioning(server);
      await sent(
        server,
        'PATCH',
        `/Groups/${setup.adminsGroup}`,
        patch({ op: 'remove', path: `members[value eq "${setup.adminId}"]` }),
        OKTA_AGENT,
      );
    });

    it('survives a restart with its evidence', async () => {
      const before = await lockout();
      expect(before!.request).not.toBeNull();
      await server.restart();
      expect(await lockout()).toEqual(before);
      expect((await setupState()).warnings.map((w) => w.id)).toContain('admin-locked-out');
    });

    it('clears itself when Okta puts the admin back, and stays cleared after a restart', async () => {
      await sent(
        server,
        'PATCH',
        `/Groups/${setup.adminsGroup}`,
        patch({ op: 'add', path: 'members', value: [{ value: setup.adminId }] }),
        OKTA_AGENT,
      );
      expect(await lockout()).toBeNull();
      const state = await setupState();
      expect(state.warnings.map((w) => w.id)).not.toContain('admin-locked-out');
      expect(stepState(state, 'super-admin-rule').state).toBe('done');
      expect(stepState(state, 'enable-auto-provisioning').state).toBe('done');
      await server.restart();
      expect(await lockout()).toBeNull();
    });

    it('clears itself when auto user provisioning is turned off, which is always allowed', async () => {
      expect((await server.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: false })).status).toBe(200);
      expect(await lockout()).toBeNull();
      expect((await setupState()).warnings.map((w) => w.id)).not.toContain('admin-locked-out');
    });

    it('a second lock-out is recorded afresh', async () => {
      await sent(
        server,
        'PATCH',
        `/Groups/${setup.adminsGroup}`,
        patch({ op: 'add', path: 'members', value: [{ value: setup.adminId }] }),
        OKTA_AGENT,
      );
      expect(await lockout()).toBeNull();
      await sent(
        server,
        'PATCH',
        `/Users/${setup.adminId}`,
        patch({ op: 'replace', value: { active: false } }),
        OKTA_AGENT,
      );
      expect((await lockout())!.cause!.kind).toBe('user-deactivated');
    });
  });

  it('is not raised while auto user provisioning is off: nothing is in effect', async () => {
    await sent(
      server,
      'PATCH',
      `/Groups/${setup.adminsGroup}`,
      patch({ op: 'remove', path: `members[value eq "${setup.adminId}"]` }),
      OKTA_AGENT,
    );
    expect(await lockout()).toBeNull();
    expect((await setupState()).warnings.map((w) => w.id)).not.toContain('admin-locked-out');
  });
});

describe('rule changes while the admin is locked out', () => {
  let server: TestServer;
  let setup: Setup;
  let helpdeskRule: string;
  const cause = 'Okta removed admin@example.com from "Clumio Admins"';

  beforeEach(async () => {
    server = await startTestServer();
    setup = await setUpCurrentAdmin(server, ADMIN);
    const carol = await createUser(server, 'carol@example.com');
    await pushGroup(server, 'Helpdesk', [carol, setup.adminId]);
    helpdeskRule = await createRule(server, rule('Helpdesk', { $eq: 'Helpdesk' }, HELPDESK_ADMIN));
    await enableAutoUserProvisioning(server);
    await sent(
      server,
      'PATCH',
      `/Groups/${setup.adminsGroup}`,
      patch({ op: 'remove', path: `members[value eq "${setup.adminId}"]` }),
      OKTA_AGENT,
    );
  });
  afterEach(async () => {
    await server.stop();
  });

  const rulesNow = async () =>
    (await server.api<{ items: { rule_id: string; name: string; condition: string }[] }>('GET', '/api/rules')).body
      .items;
  const preview = async (rules: unknown[]) =>
    (await server.api<RulesPreview>('POST', '/api/rules/preview', { rules })).body;
  const newestAdminLine = async () =>
    (await server.api('GET', '/api/activity?kind=admin_change&limit=1')).body.items[0];

  it("allows a change that does not make it worse, and says the admin is already locked out by Okta's change", async () => {
    const proposed = [...(await rulesNow()), rule('Backup', { $eq: 'Backup Team' }, HELPDESK_ADMIN)];
    const verdict = (await preview(proposed)).guard;
    expect(verdict.enforced).toBe(true);
    expect(verdict.verdict).toEqual({
      allowed: true,
      note: expect.stringMatching(
        new RegExp(
          `^The current admin admin@example\\.com is already locked out: ${cause} \\(PATCH /scim/v2/Groups/[^ ]+ → 204 at [^)]+\\)\\. This change does not make it worse\\.$`,
        ),
      ),
    });

    const created = await server.api('POST', '/api/rules', rule('Backup', { $eq: 'Backup Team' }, HELPDESK_ADMIN));
    expect(created.status).toBe(201);
    expect((await newestAdminLine()).summary).toMatch(
      new RegExp(`^Rule 'Backup' created\\. The current admin admin@example\\.com is already locked out: ${cause}`),
    );

    const edited = await server.api(
      'PUT',
      `/api/rules/${helpdeskRule}`,
      rule('Helpdesk', { $in: ['Helpdesk', 'Support'] }, HELPDESK_ADMIN),
    );
    expect(edited.status).toBe(200);
    expect((await server.api('DELETE', `/api/rules/${helpdeskRule}`)).status).toBe(204);
    // Still locked out: nothing here gave Super Admin back.
    expect((await server.api('GET', '/api/admin-lockout')).body.lockout).not.toBeNull();
  });

  it('refuses a change that makes it worse, with a reason that names the real cause', async () => {
    const res = await server.api<ApiErrorBody>('DELETE', `/api/rules/${setup.superRule}`);
    expect(res.status).toBe(409);
    const details = res.body.error.details as GuardRefusal;
    expect(details.reason).toBe('current_admin_locked_out');
    expect(details.message).toMatch(
      new RegExp(`^The current admin admin@example\\.com is already locked out: ${cause} \\(PATCH `),
    );
    expect(details.message).toContain(
      "This change would make it worse: even once that change is undone, admin@example.com would not get Super Admin on the Global Organizational Unit, because rule 'Super Admins' would be deleted.",
    );
    expect(details.rules).toEqual([{ rule_id: setup.superRule, name: 'Super Admins' }]);
    expect((await rulesNow()).map((r) => r.name)).toContain('Super Admins');

    // Pointing the Super Admin rule at another group the admin is not in closes the way back too.
    const moved = await server.api<ApiErrorBody>(
      'PUT',
      `/api/rules/${setup.superRule}`,
      rule('Super Admins', { $eq: 'Owners' }, SUPER_ADMIN),
    );
    expect(moved.status).toBe(409);
    expect((moved.body.error.details as GuardRefusal).message).toContain(
      `rule 'Super Admins' no longer matches because admin@example.com`,
    );
    const refused = (await server.api('GET', '/api/activity?kind=admin_change&status=failed&limit=1')).body.items[0];
    expect(refused.summary).toMatch(
      new RegExp(`^Refused: The current admin admin@example\\.com is already locked out: ${cause}`),
    );
  });

  it('allows a change that keeps the way back while changing the Super Admin rule', async () => {
    const widened = await server.api(
      'PUT',
      `/api/rules/${setup.superRule}`,
      rule('Super Admins', { $in: ['Clumio Admins', 'Owners'] }, SUPER_ADMIN),
    );
    expect(widened.status).toBe(200);
  });

  it('always allows a change that gives the admin Super Admin back, which ends the lock-out', async () => {
    const proposed = (await rulesNow()).map((r) =>
      r.rule_id === setup.superRule
        ? { ...r, condition: JSON.stringify({ 'user.groups': { $in: ['Clumio Admins', 'Helpdesk'] } }) }
        : r,
    );
    expect((await preview(proposed)).guard.verdict).toEqual({
      allowed: true,
      note: expect.stringMatching(
        /already locked out: .* This change gives admin@example\.com Super Admin on the Global Organizational Unit again\.$/,
      ),
    });
    const restored = await server.api(
      'PUT',
      `/api/rules/${setup.superRule}`,
      rule('Super Admins', { $in: ['Clumio Admins', 'Helpdesk'] }, SUPER_ADMIN),
    );
    expect(restored.status).toBe(200);
    expect((await server.api('GET', '/api/admin-lockout')).body.lockout).toBeNull();
    // Back to normal: the guard refuses taking it away again, with the usual reason.
    const res = await server.api<ApiErrorBody>('DELETE', `/api/rules/${setup.superRule}`);
    expect((res.body.error.details as GuardRefusal).reason).toBe('no_super_admin_rule');
  });

  it('always allows turning auto user provisioning off', async () => {
    const off = await server.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: false });
    expect(off.status).toBe(200);
    expect((await server.api('GET', '/api/admin-lockout')).body.lockout).toBeNull();
  });
});
