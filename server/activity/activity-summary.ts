import type { AuthFailureReason } from '../auth/auth-result.js';
import type { ActivityEntry, ScimActivity, ScimSignal } from './types.js';

export interface Evidence {
  count: number;
  first: ScimActivity;
  last: ScimActivity;
}

/**
 * Cheap aggregates for the setup wizard, kept up to date on every append and recomputed from the loaded
 * entries on open (so they survive restarts, within the loaded window). Entries carry no bodies here.
 */
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

export class ActivitySummaryBuilder {
  private readonly summary: ActivitySummary = { succeeded: {}, failed: {}, authFailures: {} };

  observe(entry: ActivityEntry): void {
    if (entry.kind !== 'scim') return;
    const s = this.summary;
    s.requests = note(s.requests, entry);
    if (entry.authFailure !== undefined) {
      s.authFailures[entry.authFailure] = note(s.authFailures[entry.authFailure], entry);
      s.lastAuthFailure = entry;
      return;
    }
    if (entry.tokenId !== null) s.authenticated = note(s.authenticated, entry);
    const outcome = entry.status < 400 ? s.succeeded : s.failed;
    for (const signal of entry.signals) outcome[signal] = note(outcome[signal], entry);
  }

  /** The live summary: read it, do not change it. */
  get(): Readonly<ActivitySummary> {
    return this.summary;
  }
}

function note(evidence: Evidence | undefined, entry: ScimActivity): Evidence {
  if (!evidence) return { count: 1, first: entry, last: entry };
  evidence.count += 1;
  evidence.last = entry;
  return evidence;
}
