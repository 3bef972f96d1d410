import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessService } from '../../server/access/access-service.js';
import { adminLockout } from '../../server/access/admin-lockout.js';
import { putLockoutRecordOp, storedLockoutRecord, type LockoutRecord } from '../../server/access/lockout-record.js';
import { AdminLockoutWatch } from '../../server/access/lockout-watch.js';
import { putAutoUserProvisioningOp, putGeneralSettingsOp, putRuleOp } from '../../server/access/stored-config.js';
import { ActivityLog } from '../../server/activity/activity-log.js';
import type { ResourceRecord } from '../../server/store/types.js';
import { openEmbeddedServices, type EmbeddedServices } from '../helpers/embedded-services.js';
import { groupRecord, makeDataDir, removeDataDir, userRecord } from '../helpers/store-fixtures.js';
import { superAdminRule } from './rules-fixtures.js';

// The watch behind the lock-out alarm, on a real store and activity log: what it records for changes that
// did not come through SCIM, and that a record never outlives its lock-out. The SCIM paths (Okta's and
// Entra's requests) are told end to end in test/integration/admin-lockout.test.ts.
describe('admin lock-out watch', () => {
  let dataDir: string;
  let opened: EmbeddedServices;
  let activity: ActivityLog;
  let access: AccessService;
  let watch: AdminLockoutWatch;
  let admin: ResourceRecord;
  let admins: ResourceRecord;
  const at = new Date('2026-12-08T14:05:03.000Z');

  beforeEach(async () => {
    dataDir = await makeDataDir();
    opened = await openEmbeddedServices(dataDir);
    activity = await ActivityLog.open(dataDir);
    access = new AccessService({ store: opened.store, documents: opened.documents, activity });
    await access.start();
    watch = new AdminLockoutWatch({
      store: opened.store,
      documents: opened.documents,
      access,
      activity,
      now: () => at,
    });
    await watch.start();
    admin = userRecord('alice@example.com');
    admins = groupRecord('Clumio Admins');
    await opened.commit([
      { op: 'putUser', record: admin },
      { op: 'putGroup', record: admins },
    ]);
    await opened.commit([
      { op: 'addMembers', groupId: admins.id, members: [{ value: admin.id }] },
      putRuleOp(superAdminRule),
    ]);
    await opened.commit([
      putGeneralSettingsOp({
        current_admin: 'alice@example.com',
        provisioning_method: 'scim',
        identity_provider: 'okta',
        apps: {},
        provisioning_target: 'scim-desk',
      }),
      putAutoUserProvisioningOp(true),
    ]);
  });
  afterEach(async () => {
    watch.stop();
    access.stop();
    await access.flushed();
    await watch.flushed();
    await activity.close();
    await opened.close();
    await removeDataDir(dataDir);
  });

  /** The record once every write the watch started is durable and followed. */
  const settled = async () => {
    await access.flushed();
    await watch.flushed();
    return storedLockoutRecord(opened.documents);
  };

  it('records a change that did not come through SCIM (the admin deleted) without a request, and stops looking for one', async () => {
    await opened.commit([{ op: 'deleteUser', id: admin.id }]);
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

    const lockout = adminLockout(opened.documents, access)!;
    expect(lockout.message).toBe(
      'The current admin alice@example.com is no longer in the directory while auto user provisioning is on: they are locked out of administering Clumio.',
    );
    expect(lockout.cause?.summary).toBe('alice@example.com was deleted');
    expect(lockout.waysOut[0]).toBe(
      'Assign alice@example.com to the app in Okta again and put them in "Clumio Admins"; Okta creates the account again with its memberships.',
    );
  });

  it('writes the record only while this node leads; a standby shows the alarm and writes it once it leads', async () => {
    watch.stop();
    let leads = false;
    const standby = new AdminLockoutWatch({
      store: opened.store,
      documents: opened.documents,
      access,
      activity,
      now: () => at,
      leading: () => leads,
    });
    await standby.start();
    try {
      await opened.commit([{ op: 'removeMembers', groupId: admins.id, values: [admin.id] }]);
      await access.flushed();
      await standby.flushed();
      expect(storedLockoutRecord(opened.documents)).toBeUndefined();
      // The standby's own alarm still says what happened.
      expect(adminLockout(standby.documentsNow, access)?.cause?.summary).toBe(
        'alice@example.com was removed from "Clumio Admins"',
      );

      leads = true;
      await opened.commit([{ op: 'putGroup', record: groupRecord('Unrelated') }]);
      await access.flushed();
      await standby.flushed();
      expect(storedLockoutRecord(opened.documents)).toMatchObject({
        userId: admin.id,
        cause: { kind: 'member-removed', group: { id: admins.id, displayName: 'Clumio Admins' } },
      });
    } finally {
      standby.stop();
      await standby.flushed();
    }
  });

  it("takes Okta replacing a group's members without the admin (a PUT) as the admin removed from it", async () => {
    await opened.commit([
      { op: 'clearMembers', groupId: admins.id },
      { op: 'addMembers', groupId: admins.id, members: [] },
    ]);
    expect((await settled())?.cause).toEqual({
      kind: 'member-removed',
      group: { id: admins.id, displayName: 'Clumio Admins' },
      renamedTo: null,
    });
  });

  it('keeps nothing when the lock-out ends before its record was written', async () => {
    const out = opened.commit([{ op: 'removeMembers', groupId: admins.id, values: [admin.id] }]);
    const back = opened.commit([{ op: 'addMembers', groupId: admins.id, members: [{ value: admin.id }] }]);
    await Promise.all([out, back]);
    expect(await settled()).toBeUndefined();
    expect(adminLockout(opened.documents, access)).toBeNull();
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
    await opened.commit([putLockoutRecordOp(stale)]);
    expect(await settled()).toBeUndefined();
  });

  it('is not raised, and records nothing, while auto user provisioning is off', async () => {
    await opened.commit([putAutoUserProvisioningOp(false)]);
    await opened.commit([{ op: 'removeMembers', groupId: admins.id, values: [admin.id] }]);
    expect(await settled()).toBeUndefined();
    expect(adminLockout(opened.documents, access)).toBeNull();
  });
});

function scimEntry(method: string, path: string, status: number) {
  return {
    kind: 'scim' as const,
    method,
    path,
    query: '',
    status,
    durationMs: 1,
    tokenId: 't',
    tokenLabel: 'Okta',
    userAgent: 'Okta SCIM Client 1.0.0',
    clientIp: '127.0.0.1',
  };
}
