/**
 * Okta's rate limits, as its `X-Rate-Limit-*` headers state them on every answer: per bucket (roughly per
 * endpoint), a ceiling, what is left, and the epoch second the window resets. The budget remembers the last
 * statement per bucket and counts the requests sent since, so SCIM Desk never sends a request the budget has
 * no room for; it waits for the reset instead.
 */
import type { Clock } from '../../time/clock.js';

interface BucketState {
  remaining: number;
  /** When the window resets, on the local clock. */
  resetAt: number;
}

export interface RateLimitHeaders {
  get(name: string): string | null;
}

// The reset is stated in whole seconds: a second of margin keeps a request from landing just before it.
const RESET_MARGIN_MS = 1000;

export class RateBudget {
  private readonly buckets = new Map<string, BucketState>();

  constructor(private readonly clock: Clock) {}

  /** How long to wait before a request in this bucket fits the budget (0: send now). */
  waitBefore(bucket: string): number {
    const state = this.buckets.get(bucket);
    if (!state) return 0;
    const now = this.clock.now();
    if (now >= state.resetAt) {
      this.buckets.delete(bucket);
      return 0;
    }
    return state.remaining > 0 ? 0 : state.resetAt - now;
  }

  /** A request is being sent: it uses one unit until the next answer says otherwise. */
  take(bucket: string): void {
    const state = this.buckets.get(bucket);
    if (state && state.remaining > 0) state.remaining -= 1;
  }

  /** Reads the limit headers of an answer; answers without them change nothing. */
  observe(bucket: string, headers: RateLimitHeaders): void {
    const remaining = Number.parseInt(headers.get('x-rate-limit-remaining') ?? '', 10);
    const resetAt = this.localResetTime(headers);
    if (!Number.isFinite(remaining) || resetAt === null) return;
    const known = this.buckets.get(bucket);
    // Answers to requests sent earlier may state more room than is left now: within one window keep the lower.
    const sameWindow = known !== undefined && Math.abs(known.resetAt - resetAt) < RESET_MARGIN_MS;
    this.buckets.set(bucket, { remaining: sameWindow ? Math.min(known.remaining, remaining) : remaining, resetAt });
  }

  /** How long to wait after a 429 before the bucket has room again; null when the answer does not say. */
  delayAfterRefusal(headers: RateLimitHeaders): number | null {
    const resetAt = this.localResetTime(headers);
    return resetAt === null ? null : Math.max(0, resetAt - this.clock.now());
  }

  /**
   * The reset on the local clock. Okta states it in its own time, so the distance from the answer's `Date`
   * header is what counts (the same rule Okta's SDK uses), which makes a skewed local clock harmless.
   */
  localResetTime(headers: RateLimitHeaders): number | null {
    const reset = Number.parseInt(headers.get('x-rate-limit-reset') ?? '', 10);
    if (!Number.isFinite(reset) || (headers.get('x-rate-limit-reset') ?? '').includes(',')) return null;
    const now = this.clock.now();
    const serverNow = Date.parse(headers.get('date') ?? '');
    const distance = reset * 1000 - (Number.isFinite(serverNow) ? serverNow : now);
    return now + Math.max(0, distance) + RESET_MARGIN_MS;
  }
}

/**
 * The bucket a path counts against. Okta's buckets are per endpoint, ids aside, so ids become `{id}`:
 * `/api/v1/apps/0oa1/users` and `/api/v1/apps/0oa2/users` share one.
 */
export function rateLimitBucket(method: string, pathname: string): string {
  const segments = pathname.split('/');
  const template = segments.map((segment, index) =>
    index > 0 && ['apps', 'groups', 'users', 'mappings'].includes(segments[index - 1] ?? '') && segment !== ''
      ? '{id}'
      : segment,
  );
  return `${method.toUpperCase()} ${template.join('/')}`;
}
