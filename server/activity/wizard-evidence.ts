/**
 * What the setup wizard needs to remember about SCIM traffic, kept apart from the activity window so a
 * restart or a busy day never un-does a step (docs/decisions.md#wizard-evidence-in-its-own-file). Everything
 * here is bounded whatever the traffic:
 * first/last/count per kind of request and outcome, refused tokens by reason, and a few specific facts the
 * checks need (the newest profile update, recent user creations, recent "name exists" group pushes, a hard
 * delete after a soft delete). The activity log feeds it every SCIM entry and persists it (see
 * wizard-evidence-file.ts); the checks read only this and the directory.
 */
import type { AuthFailureReason } from '../auth/auth-result.js';
import type { ActivityEntry, ScimActivity, ScimSignal } from './types.js';

export interface Evidence {
  count: number;
  first: ScimActivity;
  last: ScimActivity;
}

export interface ActivitySummary {
  /** Requests of each kind that succeeded (2xx/3xx). */
  succeeded: Partial<Record<ScimSignal, Evidence>>;
  /** Authenticated requests of each kind that got an error status. */
  failed: Partial<Record<ScimSignal, Evidence>>;
  /** Requests refused for their credentials (401 or 429), by reason. */
  authFailures: Partial<Record<AuthFailureReason, Evidence>>;
  /** Any SCIM request, whatever its outcome (did anything reach the endpoint at all?). */
  requests?: Evidence;
  /** Requests that presented a valid token. */
  authenticated?: Evidence;
  lastAuthFailure?: ScimActivity;
}

/** The whole record, as persisted (without bodies: entries are the log's summaries). */
export interface WizardEvidenceState {
  /** Id of the newest entry observed: entries after it are replayed from the log files at start. */
  watermark: string | null;
  summary: ActivitySummary;
  /** Newest successful profile update (PUT/PATCH of a user that neither deactivates nor reactivates). */
  lastProfileUpdate?: ScimActivity;
  /** Recent successful user creations, one per userName, oldest first. */
  userCreates: ScimActivity[];
  /** Creations of the watched account (the current admin when it arrived), kept whatever came after. */
  watchedCreates: ScimActivity[];
  /** Recent group pushes answered 409 (the name exists), one per name, oldest first. */
  groupNameConflicts: ScimActivity[];
  /** Ids of users recently deactivated, oldest first: a later DELETE of one is a hard delete after a soft delete. */
  softDeleted: string[];
  lastDeleteAfterSoftDelete?: ScimActivity;
}

export const EVIDENCE_LIMITS = {
  userCreates: 64,
  watchedCreates: 4,
  groupNameConflicts: 20,
  softDeleted: 256,
} as const;

export function emptyEvidenceState(): WizardEvidenceState {
  return {
    watermark: null,
    summary: { succeeded: {}, failed: {}, authFailures: {} },
    userCreates: [],
    watchedCreates: [],
    groupNameConflicts: [],
    softDeleted: [],
  };
}

export class WizardEvidence {
  private state: WizardEvidenceState;
  private changed = false;
  /** The userName whose creation must never be forgotten (the current admin), read when a user arrives. */
  private watchedUserName: () => string | null = () => null;

  constructor(state: WizardEvidenceState = emptyEvidenceState()) {
    this.state = state;
  }

  /** Folds one entry in (non-SCIM entries and entries at or before the watermark are ignored). */
  observe(entry: ActivityEntry): void {
    if (this.state.watermark !== null && entry.id <= this.state.watermark) return;
    this.state.watermark = entry.id;
    this.changed = true;
    if (entry.kind !== 'scim') return;
    const s = this.state.summary;
    s.requests = note(s.requests, entry);
    if (entry.authFailure !== undefined) {
      s.authFailures[entry.authFailure] = note(s.authFailures[entry.authFailure], entry);
      s.lastAuthFailure = entry;
      return;
    }
    if (entry.tokenId !== null) s.authenticated = note(s.authenticated, entry);
    const ok = entry.status < 400;
    const outcome = ok ? s.succeeded : s.failed;
    for (const signal of entry.signals) outcome[signal] = note(outcome[signal], entry);
    if (ok) this.observeSuccess(entry);
    else if (entry.status === 409 && entry.signals.includes('group-create')) {
      this.state.groupNameConflicts = keepNewest(
        this.state.groupNameConflicts,
        entry,
        nameKey,
        EVIDENCE_LIMITS.groupNameConflicts,
      );
    }
  }

  /** Which account's creation to keep for good (checked when a user is created). */
  watch(userName: () => string | null): void {
    this.watchedUserName = userName;
  }

  /** Read it, do not change it. */
  get current(): Readonly<WizardEvidenceState> {
    return this.state;
  }

  get summary(): Readonly<ActivitySummary> {
    return this.state.summary;
  }

  /** The creation of a user, by id or userName, while it is remembered. */
  userCreation(userId: string, userName: string): ScimActivity | undefined {
    return findUserCreation(this.state, userId, userName);
  }

  /** Marks the evidence as not yet written (a write failed, or a fresh file must be created). */
  markChanged(): void {
    this.changed = true;
  }

  /** Whether something changed since the last `takeChanged()` (the file writer's dirty flag). */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  private observeSuccess(entry: ScimActivity): void {
    const signals = entry.signals;
    if (signals.includes('user-create')) {
      this.state.userCreates = keepNewest(this.state.userCreates, entry, nameKey, EVIDENCE_LIMITS.userCreates);
      const watched = this.watchedUserName();
      if (watched !== null && entry.resourceName?.toLowerCase() === watched.toLowerCase()) {
        this.state.watchedCreates = keepNewest(
          this.state.watchedCreates,
          entry,
          nameKey,
          EVIDENCE_LIMITS.watchedCreates,
        );
      }
    }
    if (
      signals.includes('user-update') &&
      !signals.includes('user-deactivate') &&
      !signals.includes('user-reactivate')
    ) {
      this.state.lastProfileUpdate = entry;
    }
    const userId = entry.resourceType === 'User' ? entry.resourceId : undefined;
    if (userId !== undefined && signals.includes('user-deactivate')) {
      this.state.softDeleted = [...this.state.softDeleted.filter((id) => id !== userId), userId].slice(
        -EVIDENCE_LIMITS.softDeleted,
      );
    }
    if (userId !== undefined && signals.includes('user-reactivate'))
      this.state.softDeleted = this.state.softDeleted.filter((id) => id !== userId);
    if (userId !== undefined && signals.includes('user-delete') && this.state.softDeleted.includes(userId)) {
      this.state.lastDeleteAfterSoftDelete = entry;
      this.state.softDeleted = this.state.softDeleted.filter((id) => id !== userId);
    }
  }
}

/** The creation of a user, by id or userName, while the evidence remembers it. */
export function findUserCreation(
  state: Readonly<WizardEvidenceState>,
  userId: string,
  userName: string,
): ScimActivity | undefined {
  const name = userName.toLowerCase();
  const matches = (e: ScimActivity) => e.resourceId === userId || e.resourceName?.toLowerCase() === name;
  return findNewest(state.watchedCreates, matches) ?? findNewest(state.userCreates, matches);
}

function note(evidence: Evidence | undefined, entry: ScimActivity): Evidence {
  if (!evidence) return { count: 1, first: entry, last: entry };
  evidence.count += 1;
  evidence.last = entry;
  return evidence;
}

const nameKey = (entry: ScimActivity) => (entry.resourceName ?? entry.resourceId ?? entry.id).toLowerCase();

/** The list with `entry` as its newest element, an older one with the same key dropped, at most `limit` long. */
function keepNewest(
  list: readonly ScimActivity[],
  entry: ScimActivity,
  key: (e: ScimActivity) => string,
  limit: number,
): ScimActivity[] {
  const k = key(entry);
  return [...list.filter((e) => key(e) !== k), entry].slice(-limit);
}

function findNewest(list: readonly ScimActivity[], test: (e: ScimActivity) => boolean): ScimActivity | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return list[i];
  return undefined;
}
