import { describe, expect, it } from 'vitest';
import { FailedAuthLimiter } from '../../server/auth/failed-auth-limiter.js';
import { TokenService } from '../../server/auth/token-service.js';
import { MemoryRepository } from '../helpers/memory-repository.js';

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

describe('the SCIM flow: limit only what failed', () => {
  /** How the SCIM adapter combines them: the limiter is consulted only when credentials are bad. */
  function handle(tokens: TokenService, limits: FailedAuthLimiter, ip: string, header: string): number {
    const auth = tokens.authenticate(header);
    if (auth.ok) return 200;
    return limits.check(ip).limited ? 429 : 401;
  }

  it('never refuses a valid token, even when its address is flooded with failures', async () => {
    const tokens = new TokenService(new MemoryRepository());
    const { secret } = await tokens.create({ label: 'Okta' });
    const { limiter: limits } = limiter({ maxFailures: 20 });
    const sharedTunnelAddress = '127.0.0.1';

    const attackerStatuses = Array.from({ length: 200 }, () => handle(tokens, limits, sharedTunnelAddress, 'Bearer scimdesk_guess'));
    expect(attackerStatuses.filter((s) => s === 401)).toHaveLength(20);
    expect(attackerStatuses.filter((s) => s === 429)).toHaveLength(180);
    for (let i = 0; i < 50; i++) expect(handle(tokens, limits, sharedTunnelAddress, `Bearer ${secret}`)).toBe(200);
  });
});
