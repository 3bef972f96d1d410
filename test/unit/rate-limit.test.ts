import { describe, expect, it } from 'vitest';
import { FailedAuthLimiter, presentedTokenKey } from '../../server/auth/failed-auth-limiter.js';
import { TokenService } from '../../server/auth/token-service.js';
import { memoryStore } from '../helpers/memory-repository.js';

function limiter(options: { maxFailures?: number; windowMs?: number; maxKeys?: number } = {}) {
  let now = 1_000_000;
  const instance = new FailedAuthLimiter({ ...options, now: () => now });
  return { limiter: instance, advance: (ms: number) => (now += ms) };
}

describe('FailedAuthLimiter', () => {
  it('lets a burst of failures through, then refuses with a Retry-After', () => {
    const { limiter: l } = limiter({ maxFailures: 20, windowMs: 60_000 });
    for (let i = 0; i < 20; i++) expect(l.check('203.0.113.9')).toEqual({ limited: false });
    const refused = l.check('203.0.113.9');
    expect(refused).toEqual({ limited: true, retryAfterSeconds: 3 }); // one failure refills every 3 s
  });

  it('lets the client in again once Retry-After has passed, however long it kept hammering', () => {
    const { limiter: l, advance } = limiter({ maxFailures: 5, windowMs: 10_000 });
    for (let i = 0; i < 5; i++) l.check('ip');
    let decision = l.check('ip');
    for (let i = 0; i < 1000; i++) decision = l.check('ip');
    expect(decision.limited).toBe(true);
    advance((decision.limited ? decision.retryAfterSeconds : 0) * 1000);
    expect(l.check('ip')).toEqual({ limited: false });
  });

  it('counts each client separately', () => {
    const { limiter: l } = limiter({ maxFailures: 2 });
    l.check('a');
    l.check('a');
    expect(l.check('a').limited).toBe(true);
    expect(l.check('b').limited).toBe(false);
  });

  it('refills over the window', () => {
    const { limiter: l, advance } = limiter({ maxFailures: 10, windowMs: 60_000 });
    for (let i = 0; i < 10; i++) l.check('ip');
    expect(l.check('ip').limited).toBe(true);
    advance(60_000);
    for (let i = 0; i < 10; i++) expect(l.check('ip').limited).toBe(false);
    expect(l.check('ip').limited).toBe(true);
  });

  it('keeps memory bounded under a flood of distinct addresses', () => {
    const { limiter: l } = limiter({ maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) l.check(`10.0.${i >> 8}.${i & 255}`);
    expect(l.size).toBe(100);
  });

  it('forgets clients whose bucket has refilled before evicting anyone still being limited', () => {
    const { limiter: l, advance } = limiter({ maxFailures: 2, windowMs: 1000, maxKeys: 3 });
    l.check('quiet-1');
    l.check('quiet-2');
    advance(1000);
    for (let i = 0; i < 3; i++) l.check('attacker');
    l.check('newcomer'); // the two idle clients go, the attacker stays limited
    expect(l.size).toBe(2);
    expect(l.check('attacker').limited).toBe(true);
  });
});

describe('the SCIM flow: limit only what failed, per presented token', () => {
  /** How the SCIM adapter combines them: the limiter is consulted only when credentials are bad, under the
   * presented token's key (none for a request that presented nothing usable as a token). */
  function handle(tokens: TokenService, limits: FailedAuthLimiter, header: string | undefined): number {
    const auth = tokens.authenticate(header);
    if (auth.ok) return 200;
    const key = presentedTokenKey(header);
    return key !== undefined && limits.check(key).limited ? 429 : 401;
  }

  it("never lets one client's failures turn another's 401 into a 429, and never refuses a valid token", async () => {
    const tokens = new TokenService(...memoryStore());
    const { secret } = await tokens.create({ label: 'Okta' });
    const { limiter: limits } = limiter({ maxFailures: 20 });

    // Behind a tunnel everyone shares one address; the key does not depend on it.
    const attacker = [
      ...Array.from({ length: 200 }, (_, i) => handle(tokens, limits, `Bearer scimdesk_guess-number-${i}-xxxxxxxx`)),
      ...Array.from({ length: 100 }, () => handle(tokens, limits, undefined)),
      ...Array.from({ length: 100 }, () => handle(tokens, limits, 'Basic dXNlcjpwYXNz')),
    ];
    expect(attacker.every((status) => status === 401)).toBe(true);
    expect(handle(tokens, limits, undefined)).toBe(401);
    expect(handle(tokens, limits, 'Bearer scimdesk_okta-stale-token-xxxxxxxxxx')).toBe(401);
    for (let i = 0; i < 50; i++) expect(handle(tokens, limits, `Bearer ${secret}`)).toBe(200);
  });

  it('slows down one token presented again and again', async () => {
    const tokens = new TokenService(...memoryStore());
    const { limiter: limits } = limiter({ maxFailures: 20 });
    const statuses = Array.from({ length: 30 }, () =>
      handle(tokens, limits, 'Bearer scimdesk_the-same-wrong-token-xxxx'),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    // the same token with or without the scheme is the same token
    expect(presentedTokenKey('scimdesk_the-same-wrong-token-xxxx')).toBe(
      presentedTokenKey('Bearer scimdesk_the-same-wrong-token-xxxx'),
    );
    expect(presentedTokenKey(undefined)).toBeUndefined();
    expect(presentedTokenKey('Basic dXNlcjpwYXNz')).toBeUndefined();
  });
});

describe('waiting(): a look without recording', () => {
  it('says limited once the failures are spent, and records nothing itself', () => {
    const { limiter: l, advance } = limiter({ maxFailures: 3, windowMs: 3000 });
    for (let i = 0; i < 10; i++) expect(l.waiting('admin')).toEqual({ limited: false });
    for (let i = 0; i < 3; i++) l.check('admin');
    expect(l.waiting('admin')).toEqual({ limited: true, retryAfterSeconds: 1 });
    advance(1000);
    expect(l.waiting('admin')).toEqual({ limited: false });
  });
});
