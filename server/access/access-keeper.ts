/**
 * The seam between the access service and where users' access comes from. The service follows committed
 * changes, takes turns, tells (access events, `accessGrants`, activity lines) and leads; a keeper answers what
 * a change did to access and what access a user has. Two keepers, chosen by the store's backend:
 *
 *   memory (embedded store)  every user in an AccessIndex, read at start: a change is a delta in memory, reads
 *                            answer from it (the embedded store holds the directory in memory anyway).
 *   store (PostgreSQL)       no user in memory but the current admin: a change's users are read from the
 *                            database with their groups and compared with what was told (`accessGrants`);
 *                            comparing everyone walks the directory a page at a time.
 */
import type { Access, AccessChange, Conflict, DirectoryUser, UserAccess } from '../rules/access.js';
import type { AccessIndex } from '../rules/access-index.js';
import type { Rule } from '../rules/rule.js';
import type { CommittedChange } from '../store/directory-store.js';
import type { GroupRename } from './lockout-guard.js';

/** Where what has been told about each user's access is kept (one document per user that has some). */
export const ACCESS_GRANTS = 'accessGrants';

/** Runs work in the service's turn (or at once, for work that is already in one). */
export type Turn = (work: () => Promise<void>) => Promise<void>;

export const atOnce: Turn = (work) => work();

/** What the change feed was told of one user's access. */
export interface ToldAccess {
  userName: string;
  access: readonly Access[];
}

/** What the service hands a keeper while it follows a change. */
export interface FollowContext {
  /** Whether this node tells (leads): only then must the changes be exact. */
  readonly leading: boolean;
  /** Called with the group renames a change made, before anything moves on; returns whether it warned. */
  warnAboutRenames(renames: readonly GroupRename[]): boolean;
  /** Tells a page of changes found while comparing many users (a rule change on a keeper that holds nobody). */
  tellPage(changes: readonly AccessChange[]): Promise<void>;
}

export interface FollowResult {
  changes: AccessChange[];
  /** Whether a rename warning was logged (the lost-Super-Admin warning is then not repeated). */
  warned: boolean;
}

export interface AccessKeeper {
  /** How many users it holds in memory. */
  readonly heldUsers: number;
  /**
   * The live index: every user (memory) or only the current admin (store). The admin's standing (the lock-out
   * watch, the alarm) is read from it either way.
   */
  readonly index: AccessIndex;
  readonly rules: readonly Rule[];
  /** Reads what it holds (at start, after missed changes, after a failure). */
  load(): Promise<void>;
  /** This node starts telling: read what it needs of what was told. */
  beginLead(): Promise<void>;
  /** What one committed change did to access (against what this node held, or, for a leader, what was told). */
  follow(change: CommittedChange, context: FollowContext): Promise<FollowResult>;
  /**
   * Compares everyone with what was told, a page of changes at a time (the whole directory for memory). Each
   * page is compared and handed over inside `turn` (the service's turns with following changes, so a lead's
   * comparison of a large directory lets changes be followed between its pages).
   */
  compareEveryone(page: (changes: AccessChange[]) => Promise<void>, turn?: Turn): Promise<void>;
  /** The access to record for a changed user (and remembers it as told until `written`). */
  told(change: AccessChange): ToldAccess | undefined;
  /** These entries of told access are in the store now. */
  written(entries: readonly (readonly [string, ToldAccess | undefined])[]): void;
  /** Access and conflicts of these users, as the current rules give them now. */
  accessOfUsers(ids: readonly string[]): Promise<Map<string, UserAccess>>;
  /**
   * An index holding at least every member of the groups any of these rule sets could look at, and the users
   * named (by userName), evaluated with the current rules: what previews, the guard and rule counts need.
   */
  population(ruleSets: readonly (readonly Rule[])[], userNames: readonly string[]): Promise<AccessIndex>;
  /** Every user as the rules see them, a page at a time (memory: the index's users at once). */
  everyone(): AsyncIterable<readonly DirectoryUser[]>;
  /** How many active users the directory has. */
  activeUsers(): Promise<number>;
  /** Every group display name, empty groups included (near-miss warnings). */
  groupDisplayNames(): Promise<string[]>;
  accessOf(userId: string): readonly Access[];
  conflictsOf(userId: string): readonly Conflict[];
}
