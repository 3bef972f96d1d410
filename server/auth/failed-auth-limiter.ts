export interface FailedAuthLimiterOptions {
  /** Failed attempts a client may make in a burst before being slowed down (default 20). */
  maxFailures?: number;
  /** The window over which `maxFailures` refill (default one minute). */
  windowMs?: number;
  /** Most clients tracked at once; the least recently seen are forgotten first (default 10,000). */
  maxKeys?: number;
  now?: () => number;
}

export type LimitDecision = { limited: false } | { limited: true; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Slows down guessing of SCIM tokens: a token bucket per client key (the IP) that only *failed*
 * authentications drain. The SCIM adapter consults it only after credentials were found bad, so a valid
 * token is never refused, even when everyone shares one address behind a tunnel.
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
   * Records one failed authentication from `key` and says whether to refuse it (HTTP 429 with
   * Retry-After) instead of answering 401. Refused attempts do not drain the bucket further, so a client
   * that waits `retryAfterSeconds` always gets through.
   */
  check(key: string): LimitDecision {
    const now = this.now();
    const bucket = this.take(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { limited: false };
    }
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000)) };
  }

  /** Number of clients currently tracked (for tests and diagnostics). */
  get size(): number {
    return this.buckets.size;
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

  /** Drops clients whose bucket has refilled (forgetting them changes nothing); if none has, the least
   * recently seen one goes, which bounds memory under a flood of distinct addresses. */
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
