/**
 * Requests that presented no valid token (refused 401/429, discovery reads, paths outside the SCIM base) can
 * come from anyone who can reach the endpoint, through a tunnel from the whole internet. Logging each one in
 * full let one client rotate the whole history away in about a minute. Instead, per interval, the first few
 * requests of each (source, reason) are kept as entries, and the rest are counted into one summary entry at
 * the interval's end. The log keeps both in a lane of their own with a small budget.
 */
import type { AuthFailureReason } from '../auth/auth-result.js';
import type { AdminActivity, ScimActivity } from './types.js';

/** A summary, as appended: the log gives it its id and time. */
export type SummaryInput = Omit<AdminActivity, 'id' | 'time'>;

export interface UnauthenticatedTrafficOptions {
  /** Length of one counting interval (default one minute). */
  intervalMs?: number;
  /** Requests of one (source, reason) kept as entries per interval (default 3). */
  samplesPerKey?: number;
  /** (source, reason) pairs that get samples per interval (default 20); further pairs are only counted. */
  sampledKeys?: number;
  /** (source, reason) pairs counted by name per interval (default 100); the rest count as "other". */
  countedKeys?: number;
}

/** The action of a summary entry (kind `admin`). */
export const UNAUTHENTICATED_SUMMARY_ACTION = 'scim.unauthenticated_summary';

/** What a summary entry holds in its `detail`. */
export interface UnauthenticatedSummaryDetail {
  resource: null;
  outcome: 'refused';
  from: string;
  to: string;
  /** Requests in the interval, kept or not. */
  total: number;
  /** Of those, kept as entries of their own. */
  itemised: number;
  counts: { source: string; reason: string; count: number }[];
}

interface Count {
  source: string;
  reason: string;
  count: number;
  /** Its first requests are kept as entries. */
  sampled: boolean;
}

/** Whether an entry is one of these requests: no valid token authenticated it. */
export function isUnauthenticated(entry: Pick<ScimActivity, 'tokenId' | 'authFailure'>): boolean {
  return entry.authFailure !== undefined || entry.tokenId === null;
}

export class UnauthenticatedTraffic {
  private readonly intervalMs: number;
  private readonly samplesPerKey: number;
  private readonly sampledKeys: number;
  private readonly countedKeys: number;
  private intervalStart: number | undefined;
  private counts = new Map<string, Count>();
  private sampledKeysUsed = 0;
  private sampled = 0;
  private total = 0;

  constructor(options: UnauthenticatedTrafficOptions = {}) {
    this.intervalMs = Math.max(1, options.intervalMs ?? 60_000);
    this.samplesPerKey = Math.max(0, options.samplesPerKey ?? 3);
    this.sampledKeys = Math.max(0, options.sampledKeys ?? 20);
    this.countedKeys = Math.max(1, options.countedKeys ?? 100);
  }

  /** When the current interval ends (ms), if one is open. */
  get intervalEnd(): number | undefined {
    return this.intervalStart === undefined ? undefined : this.intervalStart + this.intervalMs;
  }

  /** The summary of the open interval if it is over at `nowMs` (append it before the next request). */
  endIfOver(nowMs: number): SummaryInput | undefined {
    return this.intervalEnd !== undefined && nowMs >= this.intervalEnd ? this.end(nowMs) : undefined;
  }

  /** Counts one request at `nowMs` (after `endIfOver`); says whether to keep it as an entry. */
  observe(entry: ScimActivity, nowMs: number): boolean {
    this.intervalStart ??= nowMs;
    this.total += 1;
    const source = entry.clientIp ?? 'unknown';
    const reason = reasonOf(entry);
    const key = `${source}\u0000${reason}`;
    let count = this.counts.get(key);
    if (!count) {
      const named = this.counts.size < this.countedKeys;
      const bucket = named ? key : OTHER;
      count = this.counts.get(bucket);
      if (!count) {
        const sampled = named && this.sampledKeysUsed < this.sampledKeys;
        if (sampled) this.sampledKeysUsed += 1;
        count = named
          ? { source, reason, count: 0, sampled }
          : { source: 'other sources', reason: 'other reasons', count: 0, sampled: false };
        this.counts.set(bucket, count);
      }
    }
    count.count += 1;
    const keep = count.sampled && count.count <= this.samplesPerKey;
    if (keep) this.sampled += 1;
    return keep;
  }

  /** Ends the open interval at `nowMs`: its summary, when some requests in it were only counted. */
  end(nowMs: number): SummaryInput | undefined {
    if (this.intervalStart === undefined) return undefined;
    const from = new Date(this.intervalStart).toISOString();
    const to = new Date(Math.min(nowMs, this.intervalStart + this.intervalMs)).toISOString();
    const counts = [...this.counts.values()].sort((a, b) => b.count - a.count);
    const { total, sampled } = this;
    this.intervalStart = undefined;
    this.counts = new Map();
    this.sampledKeysUsed = 0;
    this.sampled = 0;
    this.total = 0;
    if (total === sampled) return undefined; // every one of them is an entry already
    const detail: UnauthenticatedSummaryDetail = {
      resource: null,
      outcome: 'refused',
      from,
      to,
      total,
      itemised: sampled,
      counts: counts.slice(0, 20).map(({ source, reason, count }) => ({ source, reason, count })),
    };
    const listed = counts
      .slice(0, 5)
      .map((c) => `${c.source}: ${c.count.toLocaleString('en-US')} × ${c.reason}`)
      .join('; ');
    const more = counts.length > 5 ? `; and ${counts.length - 5} more` : '';
    const message =
      `${total.toLocaleString('en-US')} SCIM requests without a valid token from ${from} to ${to}, ` +
      `${sampled.toLocaleString('en-US')} of them kept as entries (${listed}${more}).`;
    return { kind: 'admin', action: UNAUTHENTICATED_SUMMARY_ACTION, message, detail };
  }
}

const OTHER = '\u0000other';

const AUTH_REASONS: Record<AuthFailureReason, string> = {
  missing: 'no token',
  malformed: 'malformed credentials',
  unknown: 'unknown token',
  revoked: 'revoked token',
  expired: 'expired token',
};

/** Why a request is in this lane, in a few words ("401 unknown token", "404 not a SCIM path"). */
function reasonOf(entry: ScimActivity): string {
  if (entry.authFailure !== undefined) return `${entry.status} ${AUTH_REASONS[entry.authFailure]}`;
  if (entry.signals.includes('unknown-path')) return `${entry.status} not a SCIM path`;
  if (entry.status < 400) return `${entry.status} discovery`;
  return `${entry.status} ${entry.method}`;
}
