/**
 * Keeps users' access in step with the directory, and tells what changes a user's access: the activity log,
 * the change feed (`access.*`) and whoever watches (the admin lock-out watch).
 *
 * It follows the store's committed changes (whoever wrote them, on whichever node: the SCIM endpoint, the
 * admin API, a CLI command), in commit order, and re-evaluates only the users a change touches: a user
 * written or deleted, the members added or removed, the members of a group renamed or deleted, everyone when
 * a rule changes. Where access comes from is an AccessKeeper (access-keeper.ts), chosen by the store's
 * backend: the embedded store keeps every user in an index in memory; PostgreSQL keeps none (but the current
 * admin) and reads a change's users from the database. Either reads the touched records as they are now, so
 * a node that follows late converges on the current state; several changes to one user may then be told as one.
 *
 * What has been told is kept in the store (collection `accessGrants`, one document per user with access), and
 * written together with the access events, in a transaction of their own right after the change. So what the
 * feed says can always be checked against what the rules give now: at start, after a failure, or when this
 * node takes over from another, every user is compared and what was never told is told then. Nothing that
 * changed access goes unreported, not across a crash either.
 *
 * Only the leading node tells (server/leadership/leadership.ts: on the embedded store, always this one; on
 * PostgreSQL, the holder of the leader lock), so a change's access events are recorded once, not once per node.
 * On PostgreSQL only the leader computes them (they are the difference with what was told); the other nodes
 * keep the admin's standing up to date. A node that takes the lead first follows everything committed so far,
 * then compares everyone with what the previous leader recorded (`lead`).
 *
 * Access is computed whether or not auto user provisioning is enabled (the preview and the admin's "who has
 * what" need it either way), and changes are logged either way too: an admin designing rules wants to see
 * them. While provisioning is off, each message says that it is a preview only.
 */
import { ActivityQueue } from '../activity/activity-queue.js';
import type { ActivityInput, ActivitySink } from '../activity/types.js';
import type { AccessIndex } from '../rules/access-index.js';
import type { Access, AccessChange, Conflict, DirectoryUser, UserAccess } from '../rules/access.js';
import { describeGrants } from '../rules/describe-change.js';
import { organizationalUnitName } from '../rules/organizational-units.js';
import type { Rule } from '../rules/rule.js';
import { BUILT_IN_ROLES, roleName, type Role } from '../rules/roles.js';
import type { CommittedChange, DirectoryStore, DocumentReader } from '../store/directory-store.js';
import type { EventInput } from '../store/types.js';
import { ACCESS_GRANTS, type AccessKeeper, type ToldAccess, type Turn } from './access-keeper.js';
import { adminLostSuperAdminWarnings, groupRenameWarnings, type GroupRename } from './lockout-guard.js';
import { MemoryAccessKeeper } from './memory-access-keeper.js';
import { StoreAccessKeeper } from './store-access-keeper.js';
import { autoUserProvisioningEnabled, generalSettings, organizationalUnits } from './stored-config.js';

export { ACCESS_GRANTS } from './access-keeper.js';
/** Marks a store whose `accessGrants` were written: before it, a first start tells nothing (an upgrade). */
const ACCESS_GRANTS_SETTING = 'access-grants';

export interface AccessServiceOptions {
  readonly store: DirectoryStore;
  /** The rules, organizational units and settings, as this node keeps them (DocumentCache). */
  readonly documents: DocumentReader;
  /** Where access changes and guard warnings go, once they are recorded: the ActivityLog, or the queue that
   * orders them after the admin change that caused them. */
  readonly activity: ActivitySink | ActivityQueue;
  readonly roles?: readonly Role[];
  /** The change feed's events for a set of access changes (written with them). */
  readonly events?: (changes: readonly AccessChange[], autoUserProvisioning: boolean) => readonly EventInput[];
  /** Where a failure to follow a change is reported (default: stderr). */
  readonly report?: (message: string) => void;
  /** PostgreSQL: users read, evaluated and compared at a time when everyone is compared (default 1,000). */
  readonly pageSize?: number;
}

/** Work a watcher started because of a change and could not await while following it (a write of its own). */
export interface FollowUp {
  done: Promise<void>;
}

/** What a watcher of followed changes sees. */
export interface AccessWatcher {
  /** Just before a change is applied to the index (which still holds the state before it). */
  before(): void;
  /** After the index holds it: the change, and what it did to access; may hand back a write it started. */
  after(change: CommittedChange, changes: readonly AccessChange[]): void | FollowUp | Promise<void | FollowUp>;
}

export class AccessService {
  readonly roles: readonly Role[];
  private readonly store: DirectoryStore;
  private readonly documents: DocumentReader;
  private readonly activity: ActivityQueue;
  private readonly report: (message: string) => void;
  private readonly events: AccessServiceOptions['events'];
  /** Where access comes from: every user in memory (embedded store) or none (PostgreSQL). */
  private readonly keeper: AccessKeeper;
  /** Activity lines of the change being followed. */
  private pending: ActivityInput[] = [];
  /** The writes of what was told, one after the other (never awaited by the following itself). */
  private writes: Promise<void> = Promise.resolve();
  private loaded: Promise<void> | undefined;
  /** Changes committed while the first read is under way: followed, in order, after it. */
  private deferred: CommittedChange[] | undefined;
  private unsubscribe: (() => void) | undefined;
  private recheck: NodeJS.Timeout | undefined;
  /** Whether this node records what changed access (the leader). */
  private leading = false;
  /** Counts leads and stand-bys, so a lead that is still waiting for the read knows it was called off. */
  private term = 0;
  /** Following a change and taking the lead, one at a time (a lead's comparison never sees half a change). */
  private turns: Promise<void> = Promise.resolve();
  private readonly watchers = new Set<AccessWatcher>();
  /** The writes each followed change caused, by position, until they are done (what its writer waits for). */
  private readonly followUps = new Map<number, Promise<void>>();

  constructor(options: AccessServiceOptions) {
    this.store = options.store;
    this.documents = options.documents;
    this.report = options.report ?? ((message) => console.error(`scim-desk: ${message}`));
    this.activity =
      options.activity instanceof ActivityQueue ? options.activity : new ActivityQueue(options.activity, this.report);
    this.roles = options.roles ?? BUILT_IN_ROLES;
    this.events = options.events;
    this.keeper =
      this.store.backend === 'postgres'
        ? new StoreAccessKeeper(this.store, this.documents, this.roles, options.pageSize)
        : new MemoryAccessKeeper(this.store, this.documents, this.roles);
  }

  /**
   * Reads what the keeper holds (the embedded store: the whole directory; PostgreSQL: the current admin) and
   * follows committed changes from then on. Resolves once the read is done. Nothing is told until this node
   * leads (`lead`).
   *
   * With `retry`, a failed read (the database slow or away while the node starts) is reported and tried again
   * every second until it succeeds or the service stops, and the returned promise never rejects: for a server
   * that answers SCIM while the directory is read (a million users take a while), see `ready`.
   */
  start(options: { retry?: boolean } = {}): Promise<void> {
    if (this.loaded) return this.loaded;
    // Followed from before the read, so nothing committed meanwhile is missed: kept until the read is done,
    // without holding up the writer (a million users take a while to read, and a SCIM client must not wait).
    this.deferred = [];
    this.unsubscribe = this.store.subscribe({
      change: (change) => (this.deferred ? void this.deferred.push(change) : this.inTurn(() => this.follow(change))),
      resync: () => this.reloadEverything('changes were missed'),
      settled: (position) => this.followUps.get(position),
    });
    const read = async () => {
      await this.keeper.load();
      // What was committed meanwhile, in commit order; a change that arrives now queues behind these.
      while (this.deferred && this.deferred.length > 0) await this.followLoaded(this.deferred.shift()!);
      this.deferred = undefined;
    };
    this.loaded = options.retry ? this.untilRead(read) : read();
    return this.loaded;
  }

  /** Resolves once the start's read is done (what the index's readers wait for after a start). */
  ready(): Promise<void> {
    return this.loaded ?? Promise.reject(new Error('the access service has not been started'));
  }

  /**
   * This node leads: it follows everything committed so far (the previous leader told what it followed), then
   * compares everyone with what was told (nothing to tell after a clean handover or a clean stop) and tells
   * every change it follows from then on. A `standBy` meanwhile (the lead lost while the directory was still
   * being read) cancels it.
   */
  async lead(): Promise<void> {
    const term = ++this.term;
    await this.loaded;
    await this.store.catchUp();
    let leads = false;
    await this.inTurn(async () => {
      if (term !== this.term) return;
      await this.keeper.beginLead();
      if (term !== this.term) return;
      this.leading = leads = true;
    });
    // In turns of its own (a page at a time on PostgreSQL): changes are followed, and told, meanwhile.
    if (!leads) return;
    await this.settle(true, term);
  }

  /** This node no longer leads: from now on it tells nothing (a write already under way may still land). */
  standBy(): void {
    this.term++;
    this.leading = false;
    clearTimeout(this.recheck);
    this.recheck = undefined;
  }

  private async untilRead(read: () => Promise<void>): Promise<void> {
    for (;;) {
      try {
        return await read();
      } catch (error) {
        if (!this.unsubscribe) return;
        this.report(
          `reading the directory into the access index failed (${messageOf(error)}); trying again in a second`,
        );
        await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
      }
    }
  }

  /** Stops following (what was told so far is still written: `flushed`). */
  stop(): void {
    clearTimeout(this.recheck);
    this.recheck = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Resolves once everything told so far is written. */
  async flushed(): Promise<void> {
    await this.writes;
  }

  /**
   * The live index, with the current rules: every user on the embedded store; on PostgreSQL only the current
   * admin (what the admin's standing is read from). For a population, see `population`.
   */
  get index(): AccessIndex {
    return this.keeper.index;
  }

  /** How many users this node holds in memory (PostgreSQL: the current admin at most). */
  get heldUsers(): number {
    return this.keeper.heldUsers;
  }

  get rules(): readonly Rule[] {
    return this.keeper.rules;
  }

  /** A user's access from the live index: for the users it holds (see `index`); `accessOfUsers` for others. */
  accessOf(userId: string): readonly Access[] {
    return this.keeper.accessOf(userId);
  }

  conflictsOf(userId: string): readonly Conflict[] {
    return this.keeper.conflictsOf(userId);
  }

  /** Access and conflicts of these users now (a page of the directory; PostgreSQL reads them, one read). */
  accessOfUsers(ids: readonly string[]): Promise<Map<string, UserAccess>> {
    return this.keeper.accessOfUsers(ids);
  }

  /**
   * An index of at least the members of every group these rule sets could look at and the users named, with
   * the current rules: the population of a preview, the guard and the rule counts. The embedded store answers
   * with its live index; PostgreSQL reads those users, and the index is dropped once its reader is done.
   */
  population(ruleSets: readonly (readonly Rule[])[], userNames: readonly (string | null)[]): Promise<AccessIndex> {
    return this.keeper.population(
      ruleSets,
      userNames.filter((name): name is string => name !== null),
    );
  }

  /**
   * Every user as the rules see them, a page at a time: for a reader that must see everyone (the setup
   * wizard's checks of userNames). PostgreSQL walks the directory for it.
   */
  everyone(): AsyncIterable<readonly DirectoryUser[]> {
    return this.keeper.everyone();
  }

  /** How many active users the directory has (a preview's totals). */
  activeUsers(): Promise<number> {
    return this.keeper.activeUsers();
  }

  /** Every group display name in the directory, empty groups included (for near-miss warnings). */
  groupDisplayNames(): Promise<string[]> {
    return this.keeper.groupDisplayNames();
  }

  /** Watches each followed change; returns the removal. */
  watch(watcher: AccessWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  // ---- following ----

  private inTurn(work: () => Promise<void>): Promise<void> {
    const turn = this.turns.then(work);
    this.turns = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Follows one committed change: the keeper moves on, and what changed access is told. If following fails,
   * what the keeper holds is not trusted: the failure is reported, it is read again, and everyone is compared
   * with what was told.
   */
  private async follow(change: CommittedChange): Promise<void> {
    await this.loaded;
    await this.followLoaded(change);
  }

  private async followLoaded(change: CommittedChange): Promise<void> {
    for (const watcher of this.watchers) watcher.before();
    const started: Promise<void>[] = [];
    let changes: AccessChange[];
    try {
      const followed = await this.keeper.follow(change, {
        leading: this.leading,
        warnAboutRenames: (renames) => this.warnAboutRenames(renames),
        tellPage: async (page) => {
          this.note(page, true);
          const told = this.tell(page);
          if (told) started.push(told);
        },
      });
      changes = followed.changes;
      this.note(changes, !followed.warned);
    } catch (error) {
      this.report(`the access index failed to follow a change (${messageOf(error)}); rebuilding it from the store`);
      this.pending = [];
      await this.keeper.load();
      changes = [];
      if (this.leading)
        await this.keeper.compareEveryone(async (page) => {
          this.note(page, true);
          const told = this.tell(page);
          if (told) started.push(told);
        });
    }
    const told = this.tell(changes);
    if (told) started.push(told);
    for (const watcher of this.watchers) {
      try {
        const followUp = await watcher.after(change, changes);
        if (followUp) started.push(followUp.done);
      } catch (error) {
        this.report(`an access watcher failed: ${messageOf(error)}`);
      }
    }
    if (started.length === 0) return;
    const done = Promise.all(started).then(() => undefined);
    this.followUps.set(change.position, done);
    void done.finally(() => this.followUps.delete(change.position));
  }

  // ---- telling ----

  /**
   * Records what changed access: the users' told access, the change feed's events and (once written) the
   * activity lines, in one transaction. Not awaited: a change's followers must never wait for a transaction
   * (it would wait for them); a failed write is reported and everyone is compared again shortly after.
   */
  private tell(changes: readonly AccessChange[]): Promise<void> | undefined {
    const lines = this.pending;
    this.pending = [];
    if (changes.length === 0 && lines.length === 0) return undefined;
    const place = this.activity.reserve();
    if (!this.leading) {
      // Another node records these changes; this node's log still shows what it derived.
      this.writes = this.writes.then(() => place.fill(lines));
      return this.writes;
    }
    const told: [string, ToldAccess | undefined][] = changes.map((change) => [
      change.user_id,
      this.keeper.told(change),
    ]);
    const events =
      changes.length > 0 ? (this.events?.(changes, autoUserProvisioningEnabled(this.documents)) ?? []) : [];
    this.writes = this.writes.then(async () => {
      try {
        // Stood down meanwhile: the new leader compares everyone with what was told, this included.
        if (this.leading && (told.length > 0 || events.length > 0)) {
          await this.store.transact(async (tx) => {
            for (const [id, entry] of told) {
              if (entry) await tx.putDoc(ACCESS_GRANTS, id, entry);
              else if ((await tx.getDoc(ACCESS_GRANTS, id)) !== undefined) await tx.deleteDoc(ACCESS_GRANTS, id);
            }
            tx.emit(events);
          });
        }
        this.keeper.written(told);
        place.fill(lines);
      } catch (error) {
        this.keeper.written(told);
        place.drop();
        this.report(
          `access changes could not be recorded (${messageOf(error)}); everyone's access is compared again shortly`,
        );
        this.scheduleRecheck();
      }
    });
    return this.writes;
  }

  /**
   * Compares everyone with what was told and tells the difference. On a store that never kept what was told
   * (first start after an upgrade), the current access is recorded without telling it: it is not news.
   */
  private async settle(atStart: boolean, term: number): Promise<void> {
    const marked = this.documents.getDoc('settings', ACCESS_GRANTS_SETTING) !== undefined;
    // Each part in a turn of its own; the comparison ends once this node stood down or stopped meanwhile.
    const turn: Turn = (work) =>
      this.inTurn(async () => {
        if (term !== this.term || !this.leading || !this.unsubscribe) throw new StoodDown();
        await work();
      });
    try {
      await this.compare(atStart, marked, turn);
    } catch (error) {
      // The next leader (or this node's next lead) compares everyone again; a read that failed because the
      // node was stopping under it is no failure either.
      if (error instanceof StoodDown || term !== this.term || !this.unsubscribe) return;
      throw error;
    }
  }

  private async compare(atStart: boolean, marked: boolean, turn: Turn): Promise<void> {
    if (!atStart || marked) {
      await this.keeper.compareEveryone(async (changes) => {
        this.note(changes, true);
        this.tell(changes);
      }, turn);
      return;
    }
    await this.keeper.compareEveryone(async (changes) => {
      const told: [string, ToldAccess | undefined][] = changes.map((change) => [
        change.user_id,
        this.keeper.told(change),
      ]);
      if (told.length === 0) return;
      this.writes = this.writes.then(async () => {
        if (!this.leading) return;
        try {
          await this.store.transact(async (tx) => {
            for (const [id, entry] of told) {
              if (entry) await tx.putDoc(ACCESS_GRANTS, id, entry);
              else if ((await tx.getDoc(ACCESS_GRANTS, id)) !== undefined) await tx.deleteDoc(ACCESS_GRANTS, id);
            }
          });
        } catch (error) {
          this.report(`the access already given could not be recorded (${messageOf(error)})`);
        } finally {
          this.keeper.written(told);
        }
      });
    }, turn);
    this.writes = this.writes.then(async () => {
      if (!this.leading) return;
      await this.store
        .transact((tx) => tx.putDoc('settings', ACCESS_GRANTS_SETTING, { since: new Date().toISOString() }))
        .catch((error: unknown) => this.report(`the access already given could not be recorded (${messageOf(error)})`));
    });
  }

  /**
   * Reads what the keeper holds again and, on the leader, compares everyone. The comparison is not part of
   * `loaded`: a change queued behind `loaded` must not wait for the turns the comparison takes.
   */
  private async reloadEverything(why: string): Promise<void> {
    const term = this.term;
    const previous = this.loaded;
    const reload = (async () => {
      await previous?.catch(() => undefined);
      this.report(`rebuilding the access index (${why})`);
      await this.keeper.load();
    })();
    this.loaded = reload;
    await reload;
    if (!this.leading || term !== this.term) return;
    await this.keeper.beginLead();
    await this.settle(false, term);
  }

  private scheduleRecheck(): void {
    if (this.recheck || !this.unsubscribe || !this.leading) return;
    this.recheck = setTimeout(() => {
      this.recheck = undefined;
      this.reloadEverything('a failed write of access changes').catch((error: unknown) => {
        this.report(`comparing everyone's access failed (${messageOf(error)}); trying again shortly`);
        this.scheduleRecheck();
      });
    }, 1_000);
    this.recheck.unref();
  }

  /** The activity lines of access changes, and the warning when they cost the current admin Super Admin. */
  private note(changes: readonly AccessChange[], warn: boolean): void {
    if (changes.length === 0) return;
    this.pending.push(...this.lines(changes));
    if (warn) this.warnIfAdminLockedOut(changes);
  }

  private warnIfAdminLockedOut(changes: readonly AccessChange[]): void {
    const { current_admin } = generalSettings(this.documents);
    this.pending.push(
      ...adminLostSuperAdminWarnings(changes, current_admin, autoUserProvisioningEnabled(this.documents)),
    );
  }

  /** Returns whether a warning was logged. */
  private warnAboutRenames(renames: readonly GroupRename[]): boolean {
    const { current_admin } = generalSettings(this.documents);
    const warnings = groupRenameWarnings(renames, {
      index: this.keeper.index,
      roles: this.roles,
      currentAdmin: current_admin,
      enabled: autoUserProvisioningEnabled(this.documents),
    });
    this.pending.push(...warnings);
    return warnings.length > 0;
  }

  private lines(changes: readonly AccessChange[]): ActivityInput[] {
    const units = organizationalUnits(this.documents);
    const previewOnly = autoUserProvisioningEnabled(this.documents)
      ? ''
      : ' (preview only: auto user provisioning is off)';
    const entry = (change: AccessChange, access: Access, kind: 'gained' | 'lost'): ActivityInput => {
      const what = `${roleName(this.roles, access.role_id)} on OU ${organizationalUnitName(units, access.organizational_unit_id)}`;
      const why = describeGrants(access.rules);
      const first = access.rules[0];
      return {
        kind: 'access',
        user_id: change.user_id,
        userName: change.userName,
        change: kind,
        role_id: access.role_id,
        organizational_unit_id: access.organizational_unit_id,
        ...(first ? { rule_id: first.rule_id, rule_name: first.name, via_group: first.via_group } : {}),
        message: `${change.userName} ${kind === 'gained' ? `gained ${what} ${why}` : `lost ${what} (had it ${why})`}${previewOnly}`,
      };
    };
    const lines: ActivityInput[] = [];
    for (const change of changes) {
      for (const access of change.lost) lines.push(entry(change, access, 'lost'));
      for (const access of change.gained) lines.push(entry(change, access, 'gained'));
    }
    return lines;
  }
}

/** Ends a comparison of everyone whose node no longer leads. */
class StoodDown extends Error {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
