/**
 * Remembers the change that locked the current admin out, so the alarm can say which change, which request
 * and when, after a restart too. It watches every change the access service follows (after the access index
 * holds the new state): when one takes Super Admin on the Global OU from the current admin while auto user
 * provisioning is on, it works out what happened from the change and the admin as they were just before
 * (removed from a group, deactivated, deleted, the group renamed or deleted) and stores the record
 * (lockout-record.ts). The SCIM request is logged only after its response, so the record
 * is completed when the activity log shows a successful write of the resource that changed. When the
 * lock-out is over (Super Admin back, auto user provisioning off, another current admin), the record goes.
 *
 * Every node watches (each node's alarm shows the lock-out as soon as it follows the change), but only the
 * leading node writes the record: several nodes writing their own view of one lock-out would race, and the
 * last write would win whatever it knew. A node that skipped a write while it stood by writes what it knows
 * with the first change it follows as the leader.
 */
import type { ActivityEntry } from '../activity/types.js';
import type { DirectoryUser } from '../rules/access.js';
import type { CommittedChange, DirectoryStore, DocumentReader } from '../store/directory-store.js';
import { writeDocs } from '../store/doc-ops.js';
import type { DocumentCollection } from '../store/types.js';
import type { AccessService, FollowUp } from './access-service.js';
import { adminStanding, isAdminLockedOut, isSuperAdminOnGlobal } from './admin-lockout.js';
import { isActiveRecord } from './directory-users.js';
import {
  ADMIN_LOCKOUT_DOC,
  deleteLockoutRecordOp,
  putLockoutRecordOp,
  storedLockoutRecord,
  type LockoutRecord,
} from './lockout-record.js';
import { autoUserProvisioningEnabled, generalSettings } from './stored-config.js';

export interface LockoutWatchOptions {
  store: DirectoryStore;
  /** The settings as this node keeps them (DocumentCache). */
  documents: DocumentReader;
  /** Started before the watch, so its index moves on before the watch looks. */
  access: AccessService;
  /** The activity log, where the SCIM request that made the change appears once it is answered. */
  activity: { subscribe(listener: (entry: ActivityEntry) => void): () => void };
  now?: () => Date;
  /** Where a failed write of the record is reported (default: stderr). */
  report?: (message: string) => void;
  /** Whether this node leads (server/leadership/): only the leader writes the record. Default: always. */
  leading?: () => boolean;
}

/**
 * A SCIM request is logged as soon as it is answered, right after its transaction: if none of this many later
 * entries is it, the change did not come through SCIM (e.g. rehearsal data removed) and the watch stops looking.
 */
const ENTRIES_TO_MATCH = 100;

/** The current admin just before a change, while they had Super Admin on the Global OU. */
interface AdminBefore {
  user: DirectoryUser;
  /** The groups they were a member of, by id, with their names then. */
  groups: Map<string, string>;
  /** The groups through which they had Super Admin (looked at first). */
  superAdminGroups: readonly string[];
  rules: { rule_id: string; name: string }[];
}

type Resource = { type: 'User' | 'Group'; id: string };

export class AdminLockoutWatch {
  private readonly store: DirectoryStore;
  private readonly documents: DocumentReader;
  private readonly access: AccessService;
  private readonly activity: LockoutWatchOptions['activity'];
  private readonly now: () => Date;
  private readonly report: (message: string) => void;
  private readonly leading: () => boolean;
  private before: AdminBefore | undefined;
  /** The current admin's groups (id -> name) as of the last change followed: the state before the next one. */
  private adminGroups: { userId: string; groups: Map<string, string> } | undefined;
  /** The lock-out being recorded, and the resource whose SCIM request is still to be matched. */
  private recording: { record: LockoutRecord; awaiting: Resource | null } | undefined;
  private stopWatching: (() => void) | undefined;
  /** Listening to the activity log only while a request is awaited (a listener makes the log parse bodies). */
  private listening: { stop: () => void; left: number } | undefined;
  /** Writes of the record, one after the other (never awaited while following a change). */
  private writes: Promise<void> = Promise.resolve();
  /** A write was skipped while this node stood by: written once it leads (with the next change it follows). */
  private owed = false;

  constructor(options: LockoutWatchOptions) {
    this.store = options.store;
    this.documents = options.documents;
    this.access = options.access;
    this.activity = options.activity;
    this.now = options.now ?? (() => new Date());
    this.report = options.report ?? ((message) => console.error(`scim-desk: ${message}`));
    this.leading = options.leading ?? (() => true);
  }

  async start(): Promise<void> {
    if (this.stopWatching) return;
    this.stopWatching = this.access.watch({
      before: () => {
        this.before = this.capture();
      },
      after: async (change) => {
        const before = this.before;
        this.before = undefined;
        const followUp = (await this.follow(change, before)) ?? this.owedWrite();
        await this.rememberAdminGroups();
        return followUp;
      },
    });
    // The watcher is in place before any change is followed; the admin is looked up once the index is read.
    await this.access.ready();
    await this.rememberAdminGroups();
  }

  /**
   * The documents with the lock-out record as this node knows it now: also while its write is under way (the
   * SCIM request that caused it is matched once answered, and the alarm names it at once).
   */
  readonly documentsNow: DocumentReader = {
    getDoc: <T>(collection: DocumentCollection, id: string): T | undefined =>
      collection === 'settings' && id === ADMIN_LOCKOUT_DOC && this.recording
        ? (this.recording.record as T)
        : this.documents.getDoc<T>(collection, id),
    listDocs: <T>(collection: DocumentCollection): T[] => this.documents.listDocs<T>(collection),
  };

  stop(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.stopListening();
  }

  /** Resolves once the records written so far are durable. */
  async flushed(): Promise<void> {
    await this.writes;
  }

  private listen(): void {
    if (this.listening) this.listening.left = ENTRIES_TO_MATCH;
    else this.listening = { stop: this.activity.subscribe((entry) => this.observe(entry)), left: ENTRIES_TO_MATCH };
  }

  private stopListening(): void {
    this.listening?.stop();
    this.listening = undefined;
  }

  /** The admin's groups, kept only while a change could lock them out (they have Super Admin now). */
  private async rememberAdminGroups(): Promise<void> {
    const admin = this.adminWithSuperAdmin();
    if (!admin) {
      this.adminGroups = undefined;
      return;
    }
    const groups = new Map<string, string>();
    for (const group of await this.store.groupsOf(admin.id))
      if (group.displayName !== undefined) groups.set(group.id, group.displayName);
    this.adminGroups = { userId: admin.id, groups };
  }

  private adminWithSuperAdmin(): DirectoryUser | undefined {
    if (!autoUserProvisioningEnabled(this.documents)) return undefined;
    const { current_admin } = generalSettings(this.documents);
    if (current_admin === null) return undefined;
    const { standing, admin } = adminStanding(this.access.index, current_admin);
    return standing === 'ok' ? admin : undefined;
  }

  /** The admin before the change, when a change could lock them out (they have Super Admin now). */
  private capture(): AdminBefore | undefined {
    const admin = this.adminWithSuperAdmin();
    if (!admin) return undefined;
    const grant = this.access.accessOf(admin.id).find(isSuperAdminOnGlobal);
    const groups = this.adminGroups?.userId === admin.id ? new Map(this.adminGroups.groups) : new Map<string, string>();
    return {
      user: admin,
      groups,
      superAdminGroups: grant ? grant.rules.flatMap((g) => g.via_groups) : [],
      rules: grant ? grant.rules.map((g) => ({ rule_id: g.rule_id, name: g.name })) : [],
    };
  }

  /** Returns the write it started, if any (wrapped: an async function returning a promise would wait for it). */
  private async follow(change: CommittedChange, before: AdminBefore | undefined): Promise<FollowUp | undefined> {
    const lockedOut = isAdminLockedOut(this.documents, this.access);
    if (lockedOut && before) {
      const { record, awaiting } = await this.recordOf(before, change);
      this.recording = { record, awaiting };
      if (awaiting) this.listen();
      else this.stopListening();
      return { done: this.persist() };
    }
    if (!lockedOut && (this.recording || storedLockoutRecord(this.documents))) {
      this.recording = undefined;
      this.stopListening();
      return { done: this.forget() };
    }
    return undefined;
  }

  /** Completes the record with the SCIM request that wrote the resource the lock-out came from. */
  private observe(entry: ActivityEntry): void {
    const awaiting = this.recording?.awaiting;
    if (!awaiting || entry.kind !== 'scim') return;
    const matches =
      entry.method !== 'GET' &&
      entry.status < 400 &&
      entry.resourceType === awaiting.type &&
      entry.resourceId === awaiting.id;
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
  private persist(): Promise<void> {
    return this.write(() => {
      const record = this.recording?.record;
      return record ? writeDocs(this.store, [putLockoutRecordOp(record)]) : undefined;
    }, 'the admin lock-out could not be recorded');
  }

  private forget(): Promise<void> {
    return this.write(() => {
      if (this.recording || !storedLockoutRecord(this.documents)) return undefined;
      return writeDocs(this.store, [deleteLockoutRecordOp()]);
    }, 'the ended admin lock-out could not be removed');
  }

  /** Runs a write of the record on the leader; a standby node keeps what it knows in memory only. */
  private write(work: () => Promise<void> | undefined, failure: string): Promise<void> {
    this.writes = this.writes.then(() => {
      this.owed = !this.leading();
      if (this.owed) return undefined;
      return work()?.catch((error: unknown) => this.report(`${failure}: ${messageOf(error)}`));
    });
    return this.writes;
  }

  /** What this node knows and skipped writing while it stood by, now that it leads. */
  private owedWrite(): FollowUp | undefined {
    if (!this.owed || !this.leading()) return undefined;
    return { done: this.recording ? this.persist() : this.forget() };
  }

  /** What the change did to the admin, read from the store as it is after it and the state before. */
  private async recordOf(
    before: AdminBefore,
    change: CommittedChange,
  ): Promise<{ record: LockoutRecord; awaiting: Resource | null }> {
    const { cause, resource } = await causeOf(before, change, this.store);
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
async function causeOf(
  before: AdminBefore,
  change: CommittedChange,
  store: DirectoryStore,
): Promise<{ cause: LockoutRecord['cause']; resource: Resource | null }> {
  const adminId = before.user.id;
  const user: Resource = { type: 'User', id: adminId };
  const plain = (kind: LockoutRecord['cause']['kind']) => ({ kind, group: null, renamedTo: null });
  const { summary } = change;
  const userChanged = summary.users.includes(adminId);
  if (userChanged) {
    const now = await store.getUser(adminId);
    if (!now) return { cause: plain('user-deleted'), resource: user };
    if (!isActiveRecord(now.data)) return { cause: plain('user-deactivated'), resource: user };
  }

  const ids = [...before.groups.keys()];
  const granting = new Set(before.superAdminGroups);
  ids.sort((a, b) => Number(granting.has(before.groups.get(b)!)) - Number(granting.has(before.groups.get(a)!)));
  for (const id of ids) {
    const group = { id, displayName: before.groups.get(id)! };
    const resource: Resource = { type: 'Group', id };
    if (summary.groups.includes(id)) {
      const now = await store.getGroup(id);
      if (!now) return { cause: { kind: 'group-deleted', group, renamedTo: null }, resource };
      const name = typeof now.data.displayName === 'string' ? now.data.displayName : undefined;
      if (name !== undefined && name !== group.displayName)
        return { cause: { kind: 'group-renamed', group, renamedTo: name }, resource };
    }
    if (summary.memberships.some((m) => m.groupId === id && m.removed.includes(adminId)))
      return { cause: { kind: 'member-removed', group, renamedTo: null }, resource };
  }
  return { cause: plain('other'), resource: userChanged ? user : null };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
