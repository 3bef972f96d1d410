import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessService } from '../../server/access/access-service.js';
import { RuleChangeError } from '../../server/access/rule-change-error.js';
import { wholeTarget, type RuleSetChange, type RulesFacts, type RulesSink } from '../../server/access/rules-facts.js';
import { RulesService } from '../../server/access/rules-service.js';
import { storeRulesFacts, storeRulesSink } from '../../server/access/store-target.js';
import { ActivityQueue } from '../../server/activity/activity-queue.js';
import type { ActivityInput } from '../../server/activity/types.js';
import type { DirectoryUser } from '../../server/rules/access.js';
import { AccessIndex } from '../../server/rules/access-index.js';
import type { Rule } from '../../server/rules/rule.js';
import { BUILT_IN_ROLES } from '../../server/rules/roles.js';
import { openEmbeddedServices, type EmbeddedServices } from '../helpers/embedded-services.js';
import { groupRecord, makeDataDir, removeDataDir, userRecord } from '../helpers/store-fixtures.js';
import {
  BACKUP_ADMIN_ROLE_ID,
  FINANCE_OU,
  GLOBAL_OU_ID,
  OUS,
  SUPER_ADMIN_ROLE_ID,
  backupRule,
  superAdminRule,
  user,
} from './rules-fixtures.js';

/**
 * A target kept in memory: the rules service sees it only through its facts and its sink, as it will see a
 * Clumio account read and written through its API. No store, no HTTP.
 */
function memoryTarget(
  users: DirectoryUser[],
  start: { rules?: Rule[]; enabled?: boolean; admin?: string | null } = {},
) {
  const state = { rules: [...(start.rules ?? [])], enabled: start.enabled ?? false, admin: start.admin ?? null };
  const writes: (RuleSetChange | { enabled: boolean })[] = [];
  let failNext: Error | undefined;
  const facts: RulesFacts = {
    roles: BUILT_IN_ROLES,
    rules: () => state.rules,
    organizationalUnits: () => OUS,
    index: () => new AccessIndex({ rules: state.rules, users }),
    groupNames: () => users.flatMap((u) => u.groups),
    displayName: (id) => `Display ${id}`,
    currentAdmin: () => state.admin,
    autoUserProvisioning: () => state.enabled,
  };
  const sink: RulesSink = {
    async writeRules(change) {
      if (failNext) throw ((failNext = undefined), new Error('the target refused the write'));
      writes.push(change);
      const deleted = new Set([...change.deleted, ...change.put.map((r) => r.rule_id)]);
      state.rules = [...state.rules.filter((r) => !deleted.has(r.rule_id)), ...change.put];
    },
    async writeAutoUserProvisioning(enabled) {
      writes.push({ enabled });
      state.enabled = enabled;
    },
  };
  const logged: ActivityInput[] = [];
  let ids = 0;
  const service = new RulesService({
    facts: wholeTarget(facts),
    sink,
    activity: { append: (input) => logged.push(input) },
    newRuleId: () => `new-${++ids}`,
  });
  return { service, state, writes, logged, failNextWrite: () => (failNext = new Error('refused')) };
}

const USERS = [
  user('alice', ['Clumio Admins']),
  user('bob', ['Backup Team']),
  user('carol', ['Backup Leads', 'Sales']),
  user('erin', ['Backup Team'], false),
];
const backupBody = {
  name: backupRule.name,
  condition: backupRule.condition,
  provision: { ...backupRule.provision, organizational_unit_ids: [...backupRule.provision.organizational_unit_ids] },
};

const refusalOf = async (run: () => Promise<unknown> | unknown) => {
  try {
    await run();
  } catch (error) {
    if (error instanceof RuleChangeError) return error.failure;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('rules service', () => {
  describe('preview', () => {
    it('tells who gains what, with totals over every active user and the guard verdict, and writes nothing', async () => {
      const { service, writes, logged } = memoryTarget(USERS, { rules: [superAdminRule], admin: 'alice@example.com' });
      const preview = await service.preview({ rules: [{ ...superAdminRule }, backupBody], enabling: false });
      expect(
        preview.users.map((u) => [
          u.user_name,
          u.display_name,
          u.gained.map((g) => [g.role_id, g.organizational_unit_id]),
        ]),
      ).toEqual([
        ['bob@example.com', 'Display bob', [[BACKUP_ADMIN_ROLE_ID, FINANCE_OU]]],
        ['carol@example.com', 'Display carol', [[BACKUP_ADMIN_ROLE_ID, FINANCE_OU]]],
      ]);
      expect(preview.totals).toEqual({
        users_evaluated: 3,
        users_gaining: 2,
        users_losing: 0,
        users_with_access_after: 3,
        users_without_access_after: 0,
      });
      expect(preview.guard).toEqual({ enforced: false, verdict: { allowed: true } });
      expect(writes).toEqual([]);
      expect(logged).toEqual([]);
    });

    it('previews enabling from "nobody has access", with the verdict enabling would get', async () => {
      const { service } = memoryTarget(USERS, { rules: [backupRule], admin: 'alice@example.com' });
      const preview = await service.preview({ rules: [{ ...backupRule }], enabling: true });
      expect(preview.totals).toMatchObject({
        users_evaluated: 3,
        users_gaining: 2,
        users_with_access_after: 2,
        users_without_access_after: 1,
      });
      expect(preview.guard).toMatchObject({
        enforced: true,
        verdict: { allowed: false, reason: 'no_super_admin_rule' },
      });
    });

    it('refuses edits of rules that are not stored, naming the field', async () => {
      const { service } = memoryTarget(USERS, { rules: [superAdminRule] });
      expect(
        await refusalOf(() => service.preview({ rules: [{ ...backupBody, rule_id: 'nope' }], enabling: false })),
      ).toEqual({
        kind: 'invalid-rules',
        errors: [{ field: 'rules[0].rule_id', message: 'unknown rule "nope".' }],
      });
    });
  });

  describe('the guard', () => {
    it('refuses, while auto user provisioning is on, a change that takes Super Admin from the current admin, and logs the refusal', async () => {
      const { service, writes, logged, state } = memoryTarget(USERS, {
        rules: [superAdminRule, backupRule],
        enabled: true,
        admin: 'alice@example.com',
      });
      const failure = await refusalOf(() => service.delete(superAdminRule.rule_id));
      expect(failure).toMatchObject({
        kind: 'guard-refused',
        refusal: {
          reason: 'no_super_admin_rule',
          rules: [{ rule_id: superAdminRule.rule_id, name: 'Admins' }],
          current_admin: 'alice@example.com',
        },
      });
      expect(writes).toEqual([]);
      expect(state.rules).toHaveLength(2);
      expect(logged).toEqual([
        expect.objectContaining({
          kind: 'admin',
          action: 'rule.deleted',
          detail: expect.objectContaining({ outcome: 'refused', rule_ids: [superAdminRule.rule_id] }),
        }),
      ]);
    });

    it('refuses enabling without a Super Admin rule, and a current admin the rules would not keep Super Admin', async () => {
      const { service, writes } = memoryTarget(USERS, { rules: [backupRule], admin: 'alice@example.com' });
      expect(await refusalOf(() => service.setAutoUserProvisioning(true))).toMatchObject({
        kind: 'guard-refused',
        refusal: { reason: 'no_super_admin_rule' },
      });
      const guarded = memoryTarget(USERS, { rules: [superAdminRule], enabled: true, admin: 'alice@example.com' });
      expect(
        await refusalOf(() =>
          guarded.service.guardCurrentAdminChange('bob@example.com', { action: 'settings.updated', resource: null }),
        ),
      ).toMatchObject({
        kind: 'guard-refused',
        refusal: { reason: 'current_admin_loses_super_admin', current_admin: 'bob@example.com' },
      });
      expect(writes).toEqual([]);
    });

    it('lets every change through while auto user provisioning is off', async () => {
      const { service, state } = memoryTarget(USERS, { rules: [superAdminRule], admin: 'alice@example.com' });
      await service.delete(superAdminRule.rule_id);
      expect(state.rules).toEqual([]);
    });

    // This target cannot tell what locked the admin out (no `lockout` fact): the guard cannot know the way
    // back, so it keeps the Super Admin rules as they are and lets everything else through.
    describe('with the current admin already locked out, on a target that cannot tell by what', () => {
      const lockedOut = [user('alice', ['Sales']), ...USERS.slice(1)];

      it('allows an unrelated change, saying the admin is already locked out, and logs it with that note', async () => {
        const { service, state, logged } = memoryTarget(lockedOut, {
          rules: [superAdminRule],
          enabled: true,
          admin: 'alice@example.com',
        });
        const preview = await service.preview({ rules: [{ ...superAdminRule }, backupBody], enabling: false });
        const note =
          'The current admin alice@example.com is already locked out: they have no Super Admin on the Global Organizational Unit. This change does not make it worse.';
        expect(preview.guard).toEqual({ enforced: true, verdict: { allowed: true, note } });
        await service.create(backupBody);
        expect(state.rules.map((r) => r.name)).toEqual(['Admins', 'Backup']);
        expect(logged).toEqual([
          expect.objectContaining({ action: 'rule.created', message: `Rule 'Backup' created. ${note}` }),
        ]);
      });

      it('refuses changing the Super Admin rule unless the change gives the admin Super Admin back', async () => {
        const { service, state } = memoryTarget(lockedOut, {
          rules: [superAdminRule, backupRule],
          enabled: true,
          admin: 'alice@example.com',
        });
        const body = (groups: string[]) => ({
          name: 'Admins',
          condition: JSON.stringify({ 'user.groups': { $in: groups } }),
          provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: [GLOBAL_OU_ID] },
        });
        const failure = await refusalOf(() =>
          service.update(superAdminRule.rule_id, body(['Clumio Admins', 'Owners'])),
        );
        expect(failure).toMatchObject({
          kind: 'guard-refused',
          refusal: { reason: 'current_admin_locked_out', rules: [{ rule_id: superAdminRule.rule_id, name: 'Admins' }] },
        });
        expect(failure.kind === 'guard-refused' && failure.refusal.message).toMatch(
          /the rules that give Super Admin on the Global Organizational Unit are the way back, and rule 'Admins' would match other groups\./,
        );
        expect(await refusalOf(() => service.delete(superAdminRule.rule_id))).toMatchObject({
          refusal: {
            reason: 'current_admin_locked_out',
            message: expect.stringContaining("rule 'Admins' would be deleted"),
          },
        });
        await service.update(superAdminRule.rule_id, body(['Clumio Admins', 'Sales']));
        expect(state.rules.find((r) => r.rule_id === superAdminRule.rule_id)!.condition).toContain('Sales');
      });
    });
  });

  describe('commit', () => {
    it('writes a new rule as one change and logs it once written', async () => {
      const { service, writes, logged } = memoryTarget(USERS, { rules: [superAdminRule] });
      const created = await service.create(backupBody);
      expect(created).toEqual({ rule_id: 'new-1', ...backupBody });
      expect(writes).toEqual([{ put: [{ rule_id: 'new-1', ...backupBody }], deleted: [] }]);
      expect(logged).toEqual([
        expect.objectContaining({ kind: 'admin', action: 'rule.created', message: "Rule 'Backup' created." }),
      ]);
      expect((await service.list()).map((r) => [r.name, r.user_count])).toEqual([
        ['Admins', 1],
        ['Backup', 2],
      ]);
    });

    it('imports a rule set as one change, and a dry run writes nothing', async () => {
      const { service, writes, logged } = memoryTarget(USERS, { rules: [superAdminRule] });
      const dry = await service.import({ rules: [backupBody] }, true);
      expect(dry).toMatchObject({ dry_run: true, applied: false, created: ['Backup'], deleted: ['Admins'] });
      expect(writes).toEqual([]);
      const done = await service.import({ rules: [backupBody] }, false);
      expect(done.applied).toBe(true);
      expect(writes).toEqual([
        { put: [expect.objectContaining({ name: 'Backup' })], deleted: [superAdminRule.rule_id] },
      ]);
      expect(logged.map((l) => l.kind === 'admin' && l.message)).toEqual([
        'Rule set imported: 1 created, 0 updated, 1 deleted, 0 unchanged.',
      ]);
    });

    it('logs nothing when the write fails, and passes the failure on', async () => {
      const { service, logged, failNextWrite } = memoryTarget(USERS, { rules: [superAdminRule] });
      failNextWrite();
      await expect(service.create(backupBody)).rejects.toThrow('the target refused the write');
      expect(logged).toEqual([]);
    });

    it("refuses invalid bodies with the engine's field errors, and unknown rules", async () => {
      const { service } = memoryTarget(USERS, { rules: [superAdminRule] });
      expect(
        await refusalOf(() =>
          service.create({ ...backupBody, provision: { role_id: 'nope', organizational_unit_ids: [GLOBAL_OU_ID] } }),
        ),
      ).toEqual({
        kind: 'invalid-rules',
        errors: [{ field: 'provision.role_id', message: expect.stringContaining('unknown role') }],
      });
      expect(await refusalOf(() => service.update('nope', backupBody))).toEqual({
        kind: 'unknown-rule',
        message: 'Rule nope not found.',
      });
      expect(await refusalOf(() => service.import({ nothing: true }, true))).toMatchObject({ kind: 'invalid-file' });
    });
  });

  describe("on SCIM Desk's own store", () => {
    let dataDir: string;
    let opened: EmbeddedServices;
    beforeEach(async () => {
      dataDir = await makeDataDir();
      opened = await openEmbeddedServices(dataDir);
    });
    afterEach(async () => {
      await opened.close();
      await removeDataDir(dataDir);
    });

    it('logs a rule change before the access changes it caused', async () => {
      const logged: ActivityInput[] = [];
      const queue = new ActivityQueue({ append: (input) => logged.push(input) });
      const access = new AccessService({ store: opened.store, documents: opened.documents, activity: queue });
      await access.start();
      const rules = new RulesService({
        facts: storeRulesFacts(opened.documents, access),
        sink: storeRulesSink(opened.store),
        activity: queue,
      });
      const team = groupRecord('Backup Team');
      const bob = userRecord('bob@example.com');
      const dan = userRecord('dan@example.com');
      await opened.commit([
        { op: 'putDoc', collection: 'organizationalUnits', id: FINANCE_OU, doc: OUS[1] },
        { op: 'putUser', record: bob },
        { op: 'putUser', record: dan },
        { op: 'putGroup', record: team },
      ]);
      await opened.commit([{ op: 'addMembers', groupId: team.id, members: [{ value: bob.id }, { value: dan.id }] }]);

      const created = await rules.create(backupBody);
      await rules.update(created.rule_id, {
        ...backupBody,
        provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: [FINANCE_OU] },
      });
      await access.flushed();
      const summary = logged.map((entry) =>
        entry.kind === 'admin'
          ? entry.action
          : entry.kind === 'access'
            ? `${entry.change} ${entry.userName}`
            : entry.kind,
      );
      expect(summary).toEqual([
        'rule.created',
        'gained bob@example.com',
        'gained dan@example.com',
        'rule.updated',
        'lost bob@example.com',
        'gained bob@example.com',
        'lost dan@example.com',
        'gained dan@example.com',
      ]);
      expect(rules.current()).toEqual([
        expect.objectContaining({
          rule_id: created.rule_id,
          provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: [FINANCE_OU] },
        }),
      ]);
      access.stop();
    });
  });
});
