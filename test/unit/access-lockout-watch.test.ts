import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessService } from '../../server/access/access-service.js';
import { adminLockout } from '../../server/access/admin-lockout.js';
import { putLockoutRecordOp, storedLockoutRecord, type LockoutRecord } from '../../server/access/lockout-record.js';
import { AdminLockoutWatch } from '../../server/access/lockout-watch.js';
import { putAutoUserProvisioningOp, putGeneralSettingsOp, putRuleOp } from '../../server/access/stored-config.js';
import { ActivityLog } from '../../server/activity/activity-log.js';
import { openStore, type Store } from '../../server/store/index.js';
import type { ResourceRecord } from '../../server/store/types.js';
import { groupRecord, makeDataDir, removeDataDir, userRecord } from '../helpers/store-fixtures.js';
import { superAdminRule } from './rules-fixtures.js';

// The watch behind the lock-out alarm, on a real store and activity log: what it records for changes that
// did not come through SCIM, and that a record never outlives its lock-out. The SCIM paths (Okta's and
// Entra's requests) are told end to end in test/integration/admin-lockout.test.ts.
describe('admin lock-out watch', () => {
  let dataDir: string;
  let store: Store;
  let activity: ActivityLog;
  let access: AccessService;
  let watch: AdminLockoutWatch;
  let admin: ResourceRecord;
  let admins: ResourceRecord;
  const at = new Date('2026-12-08T14:05:03.000Z');

  beforeEach(async () => {
    dataDir = await makeDataDir();
    store = await openStore(dataDir, { fsync: false });
    activity = await ActivityLog.open(dataDir);
    access = new AccessService({ repo: store, activity });
    access.start();
    watch = new AdminLockoutWatch({ repo: store, access, activity, now: () => at });
    watch.start();
    admin = userRecord('alice@example.com');
    admins = groupRecord('Clumio Admins');
    await store.commit([{ op: 'putUser', record: admin }, { op: 'putGroup', record: admins }]);
    await store.commit([{ op: 'addMembers', groupId: admins.id, members: [{ value: admin.id }] }, putRuleOp(superAdminRule)]);
    await store.commit([putGeneralSettingsOp({ current_admin: 'alice@example.com', provisioning_method: 'scim', identity_provider: 'okta', apps: {}, provisioning_target: 'scim-desk' }), putAutoUserProvisioningOp(true)]);
  });
  afterEach(async () => {
    watch.stop();
    access.stop();
    await activity.close();
    await store.close();
    await removeDataDir(dataDir);
  });

  /** The record once every write the watch started is durable (an empty commit waits for all before it). */
  const settled = async () => {
    await store.commit([]);
    await store.commit([]);
    return storedLockoutRecord(store);
  };

  it('records a change that did not come through SCIM (the admin deleted) without a request, and stops looking for one', async () => {
    await store.commit([{ op: 'deleteUser', id: admin.id }]);
    const expected: LockoutRecord = {
      userId: admin.id,
      userName: 'alice@example.com',
      at: at.toISOString(),
      cause: { kind: 'user-deleted', group: null, renamedTo: null },
      before: { active: true, groups: ['Clumio Admins'] },
      rules: [{ rule_id: superAdminRule.rule_id, name: superAdminRule.name }],
      request: null,
    };
    expect(await settled()).toEqual(expected);
    // No SCIM request is coming: after a hundred other requests, a late one for that user is not taken as it.
    for (let i = 0; i < 100; i++) activity.append(scimEntry('GET', '/scim/v2/Users', 200));
    activity.append(scimEntry('DELETE', `/scim/v2/Users/${admin.id}`, 204));
    expect(await settled()).toEqual(expected);

    const lockout = adminLockout(store, access)!;
    expect(lockout.message).toBe('The current admin alice@example.com is no longer in the directory while auto user provisioning is on: they are locked out of administering Clumio.');
    expect(lockout.cause?.summary).toBe('alice@example.com was deleted');
    expect(lockout.waysOut[0]).toBe('Assign alice@example.com to the app in Okta again and put them in "Clumio Admins"; Okta creates the account again with its memberships.');
  });

  it('takes Okta replacing a group\'s members without the admin (a PUT) as the admin removed from it', async () => {
    await store.commit([{ op: 'clearMembers', groupId: admins.id }, { op: 'addMembers', groupId: admins.id, members: [] }]);
    expect((await settled())?.cause).toEqual({ kind: 'member-removed', group: { id: admins.id, displayName: 'Clumio Admins' }, renamedTo: null });
  });

  it('keeps nothing when the lock-out ends before its record was written', async () => {
    const out = store.commit([{ op: 'removeMembers', groupId: admins.id, values: [admin.id] }]);
    const back = store.commit([{ op: 'addMembers', groupId: admins.id, members: [{ value: admin.id }] }]);
    await Promise.all([out, back]);
    expect(await settled()).toBeUndefined();
    expect(adminLockout(store, access)).toBeNull();
  });

  it('removes a record left from a lock-out that is over at the next commit', async () => {
    const stale: LockoutRecord = {
      userId: admin.id,
      userName: 'alice@example.com',
      at: at.toISOString(),
      cause: { kind: 'user-deactivated', group: null, renamedTo: null },
      before: { active: true, groups: ['Clumio Admins'] },
      rules: [],
      request: null,
    };
    await store.commit([putLockoutRecordOp(stale)]);
    expect(await settled()).toBeUndefined();
  });

  it('is not raised, and records nothing, while auto user provisioning is off', async () => {
    await store.commit([putAutoUserProvisioningOp(false)]);
    await store.commit([{ op: 'removeMembers', groupId: admins.id, values: [admin.id] }]);
    expect(await settled()).toBeUndefined();
    expect(adminLockout(store, access)).toBeNull();
  });
});

function scimEntry(method: string, path: string, status: number) {
  return { kind: 'scim' as const, method, path, query: '', status, durationMs: 1, tokenId: 't', tokenLabel: 'Okta', userAgent: 'Okta SCIM Client 1.0.0', clientIp: '127.0.0.1' };
}
