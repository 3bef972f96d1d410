/**
 * Remembers the change that locked the current admin out, so the alarm can say which change, which request
 * and when, after a restart too. It follows every committed transaction (after the access service, so the
 * access index already holds the new state): when one takes Super Admin on the Global OU from the current
 * admin while auto user provisioning is on, it works out from the transaction's ops what happened (removed
 * from a group, deactivated, deleted, the group renamed or deleted) and, once the transaction is durable,
 * stores the record (lockout-record.ts). The SCIM request is logged only after its response, so the record
 * is completed when the activity log shows a successful write of the resource that changed. When the
 * lock-out is over (Super Admin back, auto user provisioning off, another current admin), the record goes.
 */
import type { ActivityEntry } from '../activity/types.js';
import type { DirectoryUser } from '../rules/access.js';
import type { DirectoryRepository, ResourceRecord, StoreOp } from '../store/types.js';
import type { AccessService } from './access-service.js';
import { adminStanding, isAdminLockedOut, isSuperAdminOnGlobal } from './admin-lockout.js';
import { isActiveRecord } from './directory-users.js';
import { deleteLockoutRecordOp, putLockoutRecordOp, storedLockoutRecord, type LockoutRecord } from './lockout-record.js';
import { autoUserProvisioningEnabled, generalSettings } from './stored-config.js';

export interface LockoutWatchOptions {
  repo: DirectoryRepository;
  /** Started before the watch, so its index moves on before the watch looks. */
  access: AccessService;
  /** The activity log, where the SCIM request that made the change appears once it is answered. */
  activity: { subscribe(listener: (entry: ActivityEntry) => void): () => void };
  now?: () => Date;
  /** Where a failed write of the record is reported (default: stderr). */
  report?: (message: string) => void;
}

/**
 * A SCIM request is logged as soon as it is answered, right after its transaction: if none of this many later
 * entries is it, the change did not come through SCIM (e.g. rehearsal data removed) and the watch stops looking.
 */
const ENTRIES_TO_MATCH = 100;

/** The current admin just before a transaction, while they had Super Admin on the Global OU. */
interface AdminBefore {
  user: DirectoryUser;
  /** The groups they were a member of, by id, with their names then. */
  groups: Map<string, string>;
  /** The groups through which they had Super Admin (looked at first). */
  superAdminGroups: readonly string[];
  rules: { rule_id: string; name: string }[];
}

type Resource = { type: 'User' | 'Group'; id: string };

const displayNameOf = (record: ResourceRecord) => (typeof record.data.displayName === 'string' ? record.data.displayName : undefined);

export class AdminLockoutWatch {
  private readonly repo: DirectoryRepository;
  private readonly access: AccessService;
  private readonly activity: LockoutWatchOptions['activity'];
  private readonly now: () => Date;
  private readonly report: (message: string) => void;
  private before: AdminBefore | undefined;
  /** The lock-out being recorded, and the resource whose SCIM request is still to be matched. */
  private recording: { record: LockoutRecord; awaiting: Resource | null } | undefined;
  private stops: (() => void)[] = [];
  /** Listening to the activity log only while a request is awaited (a listener makes the log parse bodies). */
  private listening: { stop: () => void; left: number } | undefined;

  constructor(options: LockoutWatchOptions) {
    this.repo = options.repo;
    this.access = options.access;
    this.activity = options.activity;
    this.now = options.now ?? (() => new Date());
    this.report = options.report ?? ((message) => console.error(`scim-desk: ${message}`));
  }

  start(): void {
    if (this.stops.length > 0) return;
    this.stops = [
      this.repo.onBeforeApply(() => {
        this.before = this.capture();
      }),
      this.repo.onCommit((ops, commit) => {
        const before = this.before;
        this.before = undefined;
        this.follow(ops, before, commit.durable);
      }),
    ];
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.stopListening();
  }

  private listen(): void {
    if (this.listening) this.listening.left = ENTRIES_TO_MATCH;
    else this.listening = { stop: this.activity.subscribe((entry) => this.observe(entry)), left: ENTRIES_TO_MATCH };
  }

  private stopListening(): void {
    this.listening?.stop();
    this.listening = undefined;
  }

  /** The admin before the transaction, when a transaction could lock them out (they have Super Admin now). */
  private capture(): AdminBefore | undefined {
    if (!autoUserProvisioningEnabled(this.repo)) return undefined;
    const { current_admin } = generalSettings(this.repo);
    if (current_admin === null) return undefined;
    const { standing, admin } = adminStanding(this.access.index, current_admin);
    if (standing !== 'ok' || !admin) return undefined;
    const grant = this.access.accessOf(admin.id).find(isSuperAdminOnGlobal);
    const groups = new Map<string, string>();
    for (const id of this.repo.groupIdsOfMember(admin.id)) {
      const record = this.repo.getGroup(id);
      const name = record && displayNameOf(record);
      if (name !== undefined) groups.set(id, name);
    }
    return {
      user: admin,
      groups,
      superAdminGroups: grant ? grant.rules.flatMap((g) => g.via_groups) : [],
      rules: grant ? grant.rules.map((g) => ({ rule_id: g.rule_id, name: g.name })) : [],
    };
  }

  private follow(ops: readonly StoreOp[], before: AdminBefore | undefined, durable: Promise<void>): void {
    const lockedOut = isAdminLockedOut(this.repo, this.access);
    if (lockedOut && before) {
      const { record, awaiting } = this.recordOf(before, ops);
      this.recording = { record, awaiting };
      if (awaiting) this.listen();
      else this.stopListening();
      durable.then(
        () => this.persist(),
        () => undefined, // the change itself failed: there is nothing to remember
      );
    } else if (!lockedOut && (this.recording || storedLockoutRecord(this.repo))) {
      this.recording = undefined;
      this.stopListening();
      durable.then(
        () => this.forget(),
        () => undefined,
      );
    }
  }

  /** Completes the record with the SCIM request that wrote the resource the lock-out came from. */
  private observe(entry: ActivityEntry): void {
    const awaiting = this.recording?.awaiting;
    if (!awaiting || entry.kind !== 'scim') return;
    const matches = entry.method !== 'GET' && entry.status < 400 && entry.resourceType === awaiting.type && entry.resourceId === awaiting.id;
    if (!matches) {
      if (this.listening && --this.listening.left <= 0) this.stopListening();
      return;
    }
    this.stopListening();
    const recording = this.recording!;
    recording.awaiting = null;
    recording.record = {
      ...recording.record,
      request: {
        activityId: entry.id,
        time: entry.time,
        method: entry.method,
        path: entry.path,
        status: entry.status,
        userAgent: entry.userAgent,
        tokenLabel: entry.tokenLabel,
      },
    };
    this.persist();
  }

  /** Writes the newest record, unless the lock-out ended meanwhile. */
  private persist(): void {
    const record = this.recording?.record;
    if (!record) return;
    this.repo.commit([putLockoutRecordOp(record)]).catch((error: unknown) => this.report(`the admin lock-out could not be recorded: ${messageOf(error)}`));
  }

  private forget(): void {
    if (this.recording || !storedLockoutRecord(this.repo)) return;
    this.repo.commit([deleteLockoutRecordOp()]).catch((error: unknown) => this.report(`the ended admin lock-out could not be removed: ${messageOf(error)}`));
  }

  /** What the transaction did to the admin, read from its ops and the state before. */
  private recordOf(before: AdminBefore, ops: readonly StoreOp[]): { record: LockoutRecord; awaiting: Resource | null } {
    const { cause, resource } = causeOf(before, ops, this.repo);
    const record: LockoutRecord = {
      userId: before.user.id,
      userName: before.user.userName,
      at: this.now().toISOString(),
      cause,
      before: { active: before.user.active, groups: [...before.user.groups] },
      rules: before.rules,
      request: null,
    };
    return { record, awaiting: resource };
  }
}

/**
 * The change one transaction made to the admin: the account first (deleted, deactivated), then the groups
 * through which they had Super Admin, then their other groups (deleted, renamed, the admin removed).
 */
function causeOf(before: AdminBefore, ops: readonly StoreOp[], repo: DirectoryRepository): { cause: LockoutRecord['cause']; resource: Resource | null } {
  const adminId = before.user.id;
  const user: Resource = { type: 'User', id: adminId };
  const plain = (kind: LockoutRecord['cause']['kind']) => ({ kind, group: null, renamedTo: null });
  if (ops.some((op) => op.op === 'deleteUser' && op.id === adminId)) return { cause: plain('user-deleted'), resource: user };
  const put = ops.find((op): op is Extract<StoreOp, { op: 'putUser' }> => op.op === 'putUser' && op.record.id === adminId);
  if (put && !isActiveRecord(put.record.data)) return { cause: plain('user-deactivated'), resource: user };

  const ids = [...before.groups.keys()];
  const granting = new Set(before.superAdminGroups);
  ids.sort((a, b) => Number(granting.has(before.groups.get(b)!)) - Number(granting.has(before.groups.get(a)!)));
  for (const id of ids) {
    const group = { id, displayName: before.groups.get(id)! };
    const resource: Resource = { type: 'Group', id };
    for (const op of ops) {
      if (op.op === 'deleteGroup' && op.id === id) return { cause: { kind: 'group-deleted', group, renamedTo: null }, resource };
      if (op.op === 'putGroup' && op.record.id === id) {
        const name = displayNameOf(op.record);
        if (name !== undefined && name !== group.displayName) return { cause: { kind: 'group-renamed', group, renamedTo: name }, resource };
      }
      const removed =
        (op.op === 'removeMembers' && op.groupId === id && op.values.includes(adminId)) || (op.op === 'clearMembers' && op.groupId === id && !repo.members(id).has(adminId));
      if (removed) return { cause: { kind: 'member-removed', group, renamedTo: null }, resource };
    }
  }
  return { cause: plain('other'), resource: put ? user : null };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
