import { describe, expect, it } from 'vitest';
import { TokenError } from '../../server/auth/errors.js';
import { TOKEN_PREFIX, generateTokenSecret, hashTokenSecret, tokenHint } from '../../server/auth/token-format.js';
import { TokenService } from '../../server/auth/token-service.js';
import { MemoryRepository, memoryStore } from '../helpers/memory-repository.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');

function fixedClock(start = T0) {
  let now = start.getTime();
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('token format', () => {
  it('is the scimdesk_ prefix followed by 256 random bits in base64url', () => {
    const secret = generateTokenSecret();
    expect(secret.startsWith(TOKEN_PREFIX)).toBe(true);
    const body = secret.slice(TOKEN_PREFIX.length);
    expect(body).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(body, 'base64url')).toHaveLength(32);
  });

  it('never repeats', () => {
    const secrets = new Set(Array.from({ length: 1000 }, generateTokenSecret));
    expect(secrets.size).toBe(1000);
  });

  it('is stored as a SHA-256 hex digest', () => {
    expect(hashTokenSecret('scimdesk_abc')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashTokenSecret('scimdesk_abc')).toBe(hashTokenSecret('scimdesk_abc'));
    expect(hashTokenSecret('scimdesk_abc')).not.toBe(hashTokenSecret('scimdesk_abd'));
  });

  it('has a hint showing only the first four characters after the prefix', () => {
    expect(tokenHint('scimdesk_Ab3xYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY')).toBe('scimdesk_Ab3x…');
  });
});

describe('TokenService: create, list, revoke', () => {
  it('returns the secret once and stores only its hash and hint', async () => {
    const repo = new MemoryRepository();
    const service = new TokenService(repo.store, repo.documents, fixedClock().clock);
    const { token, secret } = await service.create({ label: 'Okta production' });

    expect(token).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      label: 'Okta production',
      hint: tokenHint(secret),
      createdAt: T0.toISOString(),
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
      state: 'active',
    });
    const stored = repo.documents.getDoc<Record<string, unknown>>('tokens', token.id);
    expect(stored?.hash).toBe(hashTokenSecret(secret));
    const dump = repo.dump();
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(TOKEN_PREFIX.length));
  });

  it('lists tokens oldest first without hash or secret', async () => {
    const { clock, advance } = fixedClock();
    const service = new TokenService(...memoryStore(), clock);
    const first = await service.create({ label: 'old' });
    advance(1000);
    const second = await service.create({ label: 'new', expiresInDays: 90 });

    const listed = service.list();
    expect(listed.map((t) => t.label)).toEqual(['old', 'new']);
    expect(listed[1]?.expiresAt).toBe(new Date(T0.getTime() + 1000 + 90 * 86_400_000).toISOString());
    const text = JSON.stringify(listed);
    expect(text).not.toContain('hash');
    expect(text).not.toContain(first.secret);
    expect(text).not.toContain(second.secret);
  });

  it('keeps several tokens valid at once, for rotation', async () => {
    const service = new TokenService(...memoryStore());
    const a = await service.create({ label: 'a' });
    const b = await service.create({ label: 'b' });
    expect(service.authenticate(`Bearer ${a.secret}`).ok).toBe(true);
    expect(service.authenticate(`Bearer ${b.secret}`).ok).toBe(true);
  });

  it('refuses empty labels and impossible lifetimes', async () => {
    const service = new TokenService(...memoryStore());
    await expect(service.create({ label: '  ' })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(service.create({ label: 'x', expiresInDays: 0 })).rejects.toBeInstanceOf(TokenError);
    await expect(service.create({ label: 'x', expiresInDays: Number.NaN })).rejects.toBeInstanceOf(TokenError);
    expect(service.list()).toEqual([]);
  });

  it('revokes by id, idempotently, and names unknown ids with a typed error', async () => {
    const { clock, advance } = fixedClock();
    const service = new TokenService(...memoryStore(), clock);
    const { token, secret } = await service.create({ label: 'to revoke' });
    advance(5000);

    const revoked = await service.revoke(token.id);
    expect(revoked).toMatchObject({
      id: token.id,
      state: 'revoked',
      revokedAt: new Date(T0.getTime() + 5000).toISOString(),
    });
    expect(service.authenticate(secret)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await service.revoke(token.id)).toEqual(revoked);

    const error = await service.revoke('no-such-id').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'not-found' });
  });

  it('sees tokens created and revoked through the store by another service instance', async () => {
    const repo = new MemoryRepository();
    const server = new TokenService(repo.store, repo.documents);
    const cli = new TokenService(repo.store, repo.documents);
    expect(server.authenticate('Bearer scimdesk_nothing-here-yet-xxxxxxxxxxxxxxxxxxxxxx').ok).toBe(false);

    const { token, secret } = await cli.create({ label: 'from the CLI' });
    expect(server.authenticate(`Bearer ${secret}`).ok).toBe(true);
    await cli.revoke(token.id);
    expect(server.authenticate(`Bearer ${secret}`)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(server.list().map((t) => t.state)).toEqual(['revoked']);
  });

  it('ignores malformed token documents instead of trusting them', async () => {
    const repo = new MemoryRepository();
    await repo.store.transact((tx) => tx.putDoc('tokens', 'bad', { id: 'bad', hash: '' }));
    const service = new TokenService(repo.store, repo.documents);
    expect(service.list()).toEqual([]);
    expect(service.authenticate('Bearer x').ok).toBe(false);
  });
});
