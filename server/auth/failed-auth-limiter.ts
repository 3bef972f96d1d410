import { parseAuthorizationHeader } from './authorization-header.js';
import { tokenDigest } from './token-format.js';

export interface FailedAuthLimiterOptions {
  /** Failed attempts one key may make in a burst before being slowed down (default 20). */
  maxFailures?: number;
  /** The window over which `maxFailures` refill (default one minute). */
  windowMs?: number;
  /** Most keys tracked at once; the least recently seen are forgotten first (default 10,000). */
  maxKeys?: number;
  now?: () => number;
}

export type LimitDecision = { limited: false } | { limited: true; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per key that only *failed* attempts drain. What the key is decides who can be refused
 * because of whom, so the callers choose it with care:
 * - SCIM authentication uses `presentedTokenKey`: one bucket per token presented. Behind a tunnel every
 *   request comes from the tunnel client's address, so a bucket per address let anyone's junk turn the
 *   identity provider's 401 (which says what is wrong) into a 429. A bucket per token can only be drained by
 *   someone who holds that very token.
 * - The admin listener has one key for everyone (only local processes reach it), and asks `waiting()` before
 *   it compares the token at all, so guessing is slowed however the guesses are spread.
 */
export class FailedAuthLimiter {
  private readonly buckets = new Map<string, Bucket>(); // insertion order = least recently seen first
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: FailedAuthLimiterOptions = {}) {
    this.capacity = Math.max(1, options.maxFailures ?? 20);
    const windowMs = Math.max(1, options.windowMs ?? 60_000);
    this.refillPerMs = this.capacity / windowMs;
    this.maxKeys = Math.max(1, options.maxKeys ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  /**
   * Records one failed attempt under `key` and says whether to refuse it (HTTP 429 with Retry-After).
   * Refused attempts do not drain the bucket further, so a client that waits `retryAfterSeconds` always gets
   * through.
   */
  check(key: string): LimitDecision {
    const now = this.now();
    const bucket = this.take(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { limited: false };
    }
    return this.refusal(bucket);
  }

  /** Whether `key` has used up its failures for now, without recording anything. */
  waiting(key: string): LimitDecision {
    const bucket = this.buckets.get(key);
    if (!bucket) return { limited: false };
    const tokens = Math.min(this.capacity, bucket.tokens + (this.now() - bucket.updatedAt) * this.refillPerMs);
    return tokens >= 1 ? { limited: false } : this.refusal({ tokens, updatedAt: bucket.updatedAt });
  }

  /** Number of keys currently tracked (for tests and diagnostics). */
  get size(): number {
    return this.buckets.size;
  }

  private refusal(bucket: Bucket): LimitDecision {
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  private take(key: string, now: number): Bucket {
    const existing = this.buckets.get(key);
    if (existing) {
      this.buckets.delete(key); // re-insert: most recently seen goes last
      existing.tokens = Math.min(this.capacity, existing.tokens + (now - existing.updatedAt) * this.refillPerMs);
      existing.updatedAt = now;
      this.buckets.set(key, existing);
      return existing;
    }
    if (this.buckets.size >= this.maxKeys) this.evict(now);
    const bucket: Bucket = { tokens: this.capacity, updatedAt: now };
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Drops keys whose bucket has refilled (forgetting them changes nothing); if none has, the least
   * recently seen one goes, which bounds memory under a flood of distinct keys. */
  private evict(now: number): void {
    const fullAfterMs = this.capacity / this.refillPerMs;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt < fullAfterMs) break; // later entries were seen even more recently
      this.buckets.delete(key);
    }
    if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
  }
}

/**
 * The limiter key of a SCIM request whose credentials failed: a fingerprint of the token it presented, or
 * undefined when it presented none that could be a token (no header, Basic, a malformed value). Those are
 * never limited: an attacker can send the same "nothing" as a misconfigured identity provider, and the 401's
 * hint is what tells the admin how to fix the provider's settings. Answering them costs no more than a 429.
 */
export function presentedTokenKey(authorization: string | undefined): string | undefined {
  const credential = parseAuthorizationHeader(authorization);
  if (credential.kind !== 'token') return undefined;
  return `token:${tokenDigest(credential.secret).toString('base64url').slice(0, 22)}`;
}
