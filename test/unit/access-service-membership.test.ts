import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessService } from '../../server/access/access-service.js';
import { readDirectory } from '../../server/access/directory-users.js';
import { storedRules } from '../../server/access/stored-config.js';
import type { ActivityInput } from '../../server/activity/types.js';
import { AccessIndex } from '../../server/rules/access-index.js';
import { StoreError, type StoreOp } from '../../server/store/types.js';
import { openEmbeddedServices, type EmbeddedServices } from '../helpers/embedded-services.js';
import { groupRecord, makeDataDir, removeDataDir, userRecord } from '../helpers/store-fixtures.js';
import { auditRule, backupRule, helpdeskRule, superAdminRule } from './rules-fixtures.js';

// The access service applies "members added" transactions as per-user deltas and everything else by
// re-reading the touched users. Whatever the path, the live index must equal one built from scratch.
describe('access service: membership deltas agree with a full evaluation', () => {
  let dataDir: string;
  let opened: EmbeddedServices;
  let service: AccessService;
  const logged: ActivityInput[] = [];

  beforeEach(async () => {
    dataDir = await makeDataDir();
    opened = await openEmbeddedServices(dataDir);
    service = new AccessService({
      store: opened.store,
      documents: opened.documents,
      activity: { append: (input) => logged.push(input) },
    });
    await service.start();
  });
  afterEach(async () => {
    service.stop();
    await opened.close();
    await removeDataDir(dataDir);
  });

  const fromScratch = async () => {
    const { users } = await readDirectory(opened.store);
    return new AccessIndex({ rules: storedRules(opened.documents), users });
  };

  it('after random adds, removals, replacements and renames', async () => {
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const rules = [superAdminRule, backupRule, helpdeskRule, auditRule];
    await opened.commit(rules.map((rule) => ({ op: 'putDoc', collection: 'rules', id: rule.rule_id, doc: rule })));
    const users = Array.from({ length: 40 }, (_, i) =>
      userRecord(`user${i}@example.com`, i % 9 === 0 ? { active: false } : {}),
    );
    const names = ['Clumio Admins', 'Backup Team', 'Backup Leads', 'Helpdesk EMEA', 'Auditors', 'Finance', 'Sales'];
    const groups = names.map((name) => groupRecord(name));
    await opened.commit([
      ...users.map((record) => ({ op: 'putUser' as const, record })),
      ...groups.map((record) => ({ op: 'putGroup' as const, record })),
    ]);
    // One group nested in another: a group member gives nobody access.
    await opened.commit([
      { op: 'addMembers', groupId: groups[0]!.id, members: [{ value: groups[1]!.id, type: 'Group' }] },
    ]);

    const someUsers = () => Array.from({ length: 1 + random(6) }, () => users[random(users.length)]!.id);
    for (let step = 0; step < 300; step++) {
      const group = groups[random(groups.length)]!;
      const kind = random(10);
      let ops: StoreOp[];
      const bumped = () => {
        const record = opened.journaled.getGroup(group.id)!;
        return { ...record, meta: { ...record.meta, version: record.meta.version + 1 } };
      };
      if (kind < 3) ops = [{ op: 'addMembers', groupId: group.id, members: someUsers().map((value) => ({ value })) }];
      // What the SCIM endpoint commits for a PATCH: the group's new version, then the members.
      else if (kind < 5)
        ops = [
          { op: 'putGroup', record: bumped() },
          { op: 'addMembers', groupId: group.id, members: someUsers().map((value) => ({ value })) },
        ];
      else if (kind < 7) ops = [{ op: 'removeMembers', groupId: group.id, values: someUsers() }];
      else if (kind < 8)
        ops = [
          { op: 'clearMembers', groupId: group.id },
          { op: 'addMembers', groupId: group.id, members: someUsers().map((value) => ({ value })) },
        ];
      else if (kind < 9) {
        const other = groups[random(groups.length)]!;
        ops = [
          { op: 'addMembers', groupId: group.id, members: someUsers().map((value) => ({ value })) },
          { op: 'addMembers', groupId: other.id, members: someUsers().map((value) => ({ value, display: 'x' })) },
        ];
      } else {
        const record = opened.journaled.getGroup(group.id)!;
        const displayName =
          names[random(names.length)] === record.data.displayName
            ? `${String(record.data.displayName)} (old)`
            : names[random(names.length)]!;
        ops = [{ op: 'putGroup', record: { ...record, data: { ...record.data, displayName } } }];
      }
      if (step % 50 === 49) {
        // A group created with its members in one transaction (Okta's POST /Groups with members).
        const fresh = groupRecord(names[random(names.length)]!);
        ops = [
          { op: 'putGroup', record: fresh },
          { op: 'addMembers', groupId: fresh.id, members: someUsers().map((value) => ({ value })) },
        ];
        groups.push(fresh);
      }
      try {
        await opened.commit(ops);
      } catch (error) {
        // A rename or a new group taking a displayName another group has: the store refuses it.
        if (!(error instanceof StoreError && error.code === 'conflict')) throw error;
        if (step % 50 === 49) groups.pop();
        continue;
      }
      const expected = await fromScratch();
      for (const user of users) {
        expect(service.accessOf(user.id), `step ${step}, ${user.data.userName as string}`).toEqual(
          expected.accessOf(user.id),
        );
        // As sets: two groups may share a display name (the store allows it), and a name counts once for rules.
        expect(new Set(service.index.getUser(user.id)!.groups)).toEqual(new Set(expected.getUser(user.id)!.groups));
      }
    }
    await service.flushed();
    expect(logged.some((entry) => entry.kind === 'access')).toBe(true);
  });

  it('starts without rules lazily, and the first rule logs what it grants to users already in groups', async () => {
    const admins = groupRecord('Clumio Admins');
    const ann = userRecord('ann@example.com');
    const bob = userRecord('bob@example.com');
    await opened.commit([
      { op: 'putUser', record: ann },
      { op: 'putUser', record: bob },
      { op: 'putGroup', record: admins },
    ]);
    await opened.commit([{ op: 'addMembers', groupId: admins.id, members: [{ value: ann.id }] }]);
    service.stop();
    const fresh = new AccessService({
      store: opened.store,
      documents: opened.documents,
      activity: { append: (input) => logged.push(input) },
    });
    await fresh.start();
    expect(fresh.accessOf(ann.id)).toEqual([]);
    expect(fresh.rules).toEqual([]);
    logged.length = 0;
    await opened.commit([{ op: 'putDoc', collection: 'rules', id: superAdminRule.rule_id, doc: superAdminRule }]);
    // The lines are logged once what they tell is recorded.
    await fresh.flushed();
    const gained = logged.filter((entry) => entry.kind === 'access');
    expect(gained).toEqual([expect.objectContaining({ user_id: ann.id, change: 'gained' })]);
    expect(fresh.accessOf(ann.id)).toEqual((await fromScratch()).accessOf(ann.id));
    expect(fresh.accessOf(ann.id)).toHaveLength(1);
    expect(fresh.index.userCount).toBe(2);
    fresh.stop();
  });
});
