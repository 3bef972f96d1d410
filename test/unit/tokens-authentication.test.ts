import { beforeEach, describe, expect, it } from 'vitest';
import { TokenService } from '../../server/auth/token-service.js';
import { MemoryRepository } from '../helpers/memory-repository.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const MINUTE = 60_000;

let now: number;
let repo: MemoryRepository;
let service: TokenService;
let secret: string;
let tokenId: string;
const errors: string[] = [];

beforeEach(async () => {
  now = T0;
  errors.length = 0;
  repo = new MemoryRepository();
  service = new TokenService(repo.store, repo.documents, () => new Date(now), { onError: (m) => errors.push(m) });
  const created = await service.create({ label: 'Okta', expiresInDays: 30 });
  secret = created.secret;
  tokenId = created.token.id;
});

const flush = () => new Promise((resolve) => setImmediate(resolve));
const lastUsedInStore = () => repo.documents.getDoc<{ lastUsedAt: string | null }>('tokens', tokenId)?.lastUsedAt;

describe('which Authorization headers are accepted', () => {
  it('accepts "Bearer <token>" with the scheme in any case', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect(service.authenticate(`${scheme} ${secret}`)).toMatchObject({
        ok: true,
        token: { id: tokenId, label: 'Okta' },
      });
    }
  });

  it('accepts the bare token, as some Okta setups send it, and tolerates surrounding spaces', () => {
    expect(service.authenticate(secret).ok).toBe(true);
    expect(service.authenticate(`  Bearer   ${secret}  `).ok).toBe(true);
  });

  it('calls an absent or empty header "missing" and says where to fix it in Okta', () => {
    for (const header of [undefined, '', '   ', 'Bearer', 'Bearer   ']) {
      const result = service.authenticate(header);
      expect(result).toMatchObject({ ok: false, reason: 'missing' });
      if (!result.ok) expect(result.hint).toMatch(/Okta/);
    }
  });

  it('calls Basic credentials "malformed" and points to HTTP Header mode', () => {
    const result = service.authenticate(`Basic ${Buffer.from(`user:${secret}`).toString('base64')}`);
    expect(result).toMatchObject({ ok: false, reason: 'malformed', hint: expect.stringMatching(/HTTP Header/) });
  });

  it('recognises a doubled "Bearer Bearer" prefix and explains it', () => {
    const result = service.authenticate(`Bearer Bearer ${secret}`);
    expect(result).toMatchObject({
      ok: false,
      reason: 'malformed',
      hint: expect.stringMatching(/without the word Bearer/),
    });
  });

  it('refuses other schemes and oversized or odd tokens as malformed', () => {
    expect(service.authenticate(`Token ${secret}`)).toMatchObject({ ok: false, reason: 'malformed' });
    expect(service.authenticate(`Bearer ${secret}x${'y'.repeat(10_000)}`)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(service.authenticate(`Bearer ${secret.slice(0, 20)}\u0000${secret.slice(20)}`)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('never puts the presented secret in a hint', () => {
    const wrong = `scimdesk_${'Q'.repeat(43)}`;
    for (const header of [`Bearer ${wrong}`, `Token ${wrong}`, `Bearer Bearer ${wrong}`, wrong, `Basic ${wrong}`]) {
      const result = service.authenticate(header);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.hint).not.toContain('QQQQ');
    }
  });
});

describe('which tokens are accepted', () => {
  it('refuses a token it did not issue as "unknown", and says when it is not a SCIM Desk token at all', () => {
    const almost = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
    expect(service.authenticate(`Bearer ${almost}`)).toMatchObject({
      ok: false,
      reason: 'unknown',
      hint: expect.stringMatching(/did not issue/),
    });
    expect(service.authenticate('Bearer eyJhbGciOiJIUzI1NiJ9.clumio.jwt')).toMatchObject({
      ok: false,
      reason: 'unknown',
      hint: expect.stringMatching(/not a SCIM Desk token/),
    });
  });

  it('refuses a revoked token and names it', async () => {
    await service.revoke(tokenId);
    const result = service.authenticate(`Bearer ${secret}`);
    expect(result).toMatchObject({ ok: false, reason: 'revoked', token: { id: tokenId, state: 'revoked' } });
    if (!result.ok) expect(result.hint).toContain('"Okta"');
  });

  it('accepts a token until its expiry and refuses it after', () => {
    now = T0 + 30 * 24 * 60 * MINUTE;
    expect(service.authenticate(`Bearer ${secret}`).ok).toBe(true);
    now += 1;
    expect(service.authenticate(`Bearer ${secret}`)).toMatchObject({
      ok: false,
      reason: 'expired',
      token: { state: 'expired' },
    });
  });
});

describe('last use', () => {
  it('is visible at once and written to the store at most once a minute per token', async () => {
    const commitsBefore = repo.committed.length;
    service.authenticate(`Bearer ${secret}`);
    await flush();
    expect(lastUsedInStore()).toBe(new Date(T0).toISOString());

    now = T0 + 30_000;
    service.authenticate(`Bearer ${secret}`);
    await flush();
    expect(service.list()[0]?.lastUsedAt).toBe(new Date(T0 + 30_000).toISOString());
    expect(lastUsedInStore()).toBe(new Date(T0).toISOString());
    for (let i = 0; i < 100; i++) service.authenticate(`Bearer ${secret}`);
    await flush();
    expect(repo.committed.length - commitsBefore).toBe(1);

    now = T0 + MINUTE;
    service.authenticate(`Bearer ${secret}`);
    await flush();
    expect(lastUsedInStore()).toBe(new Date(T0 + MINUTE).toISOString());
    expect(repo.committed.length - commitsBefore).toBe(2);
  });

  it('does not fail the request when the store cannot write, and reports without the secret', async () => {
    repo.failNextCommit = new Error(`disk full while writing ${secret}?`); // even a careless store message
    expect(service.authenticate(`Bearer ${secret}`).ok).toBe(true);
    await flush();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(tokenId);
    expect(errors[0]).not.toContain(secret);
  });

  it('never undoes a revocation when the last-use write lands after it', async () => {
    service.authenticate(`Bearer ${secret}`); // write scheduled, not yet awaited
    await service.revoke(tokenId);
    await flush();
    expect(repo.documents.getDoc<{ revokedAt: string | null }>('tokens', tokenId)?.revokedAt).not.toBeNull();
  });
});
