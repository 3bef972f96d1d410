import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { DirectoryStore } from '../store/directory-store.js';
import type { DocumentCache } from '../store/document-cache.js';
import type { AuthResult } from './auth-result.js';
import { parseAuthorizationHeader } from './authorization-header.js';
import { TokenError } from './errors.js';
import {
  TOKEN_LIKE_PATTERN,
  generateTokenSecret,
  hasTokenPrefix,
  hashTokenSecret,
  tokenDigest,
  tokenHint,
} from './token-format.js';
import { parseTokenRecord, toPublicToken, tokenState } from './token-record.js';
import type { PublicToken, TokenRecord } from './token-record.js';

export interface TokenServiceOptions {
  /** A successful use is written to the store at most this often per token (default one minute). */
  lastUsedWriteIntervalMs?: number;
  /** Where failures to record last use are reported (never fatal, never containing a secret). */
  onError?: (message: string) => void;
}

export interface CreateTokenInput {
  label?: string;
  /** Lifetime in days from now; absent = no expiry. */
  expiresInDays?: number;
}

const MAX_LABEL_LENGTH = 100;
const MAX_EXPIRY_DAYS = 3650;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Issues, lists, revokes and checks SCIM bearer tokens. Tokens live in the store's `tokens` collection as
 * hashes only; the secret exists in memory just long enough to be shown once by `create`.
 */
export class TokenService {
  /** Token records by hash; undefined when the `tokens` collection changed since it was built. */
  private byHash: Map<string, { record: TokenRecord; digest: Buffer }> | undefined;
  /** Last successful use per token id, newer than what the store may hold (writes are throttled). */
  /** Last use per token id, in ms (turned into ISO text only when a token is listed or written). */
  private readonly lastUsedMs = new Map<string, number>();
  private readonly lastUsedWrittenAt = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private readonly writeIntervalMs: number;
  private readonly onError: (message: string) => void;

  constructor(
    private readonly store: DirectoryStore,
    /** The `tokens` collection as this node keeps it, renewed from every committed change (any node's). */
    private readonly documents: Pick<DocumentCache, 'getDoc' | 'listDocs' | 'onChange'>,
    private readonly clock: () => Date = () => new Date(),
    options: TokenServiceOptions = {},
  ) {
    this.writeIntervalMs = options.lastUsedWriteIntervalMs ?? 60_000;
    this.onError = options.onError ?? (() => {});
    // Every write to `tokens` (ours, or another node's or process's) invalidates the index.
    this.unsubscribe = documents.onChange((collection) => {
      if (collection === 'tokens') this.byHash = undefined;
    });
  }

  /** Stops following store changes. */
  stop(): void {
    this.unsubscribe();
  }

  async create(input: CreateTokenInput = {}): Promise<{ token: PublicToken; secret: string }> {
    const label = (input.label ?? 'SCIM token').trim();
    if (label === '' || label.length > MAX_LABEL_LENGTH) {
      throw new TokenError('invalid-input', `A token label must have 1 to ${MAX_LABEL_LENGTH} characters.`);
    }
    const days = input.expiresInDays;
    if (days !== undefined && !(Number.isFinite(days) && days > 0 && days <= MAX_EXPIRY_DAYS)) {
      throw new TokenError('invalid-input', `expiresInDays must be a number of days between 0 and ${MAX_EXPIRY_DAYS}.`);
    }
    const now = this.clock();
    const secret = generateTokenSecret();
    const record: TokenRecord = {
      id: randomUUID(),
      label,
      hint: tokenHint(secret),
      hash: hashTokenSecret(secret),
      createdAt: now.toISOString(),
      expiresAt: days === undefined ? null : new Date(now.getTime() + days * DAY_MS).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.transact((tx) => tx.putDoc('tokens', record.id, record));
    this.byHash = undefined;
    return { token: toPublicToken(record, now), secret };
  }

  /** Every token, oldest first, without hash or secret. */
  list(): PublicToken[] {
    const now = this.clock();
    return [...this.index().values()]
      .map(({ record }) => record)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .map((record) => this.toPublic(record, now));
  }

  /** Revokes a token at once (idempotent). Unknown id: TokenError 'not-found'. */
  async revoke(id: string): Promise<PublicToken> {
    const now = this.clock();
    // Read and written in one transaction, so a concurrent last-use write is never lost nor overwrites it.
    const revoked = await this.store.transact(async (tx) => {
      const record = parseTokenRecord(await tx.getDoc('tokens', id));
      if (!record) throw new TokenError('not-found', `No token with id ${JSON.stringify(id)}.`);
      if (record.revokedAt !== null) return record;
      const next: TokenRecord = { ...this.withLastUse(record), revokedAt: now.toISOString() };
      await tx.putDoc('tokens', id, next);
      return next;
    });
    this.byHash = undefined;
    return this.toPublic(revoked, now);
  }

  /** Checks a request's Authorization header. Synchronous and allocation-light: it runs on every SCIM request. */
  authenticate(authorizationHeader: string | undefined): AuthResult {
    const presented = parseAuthorizationHeader(authorizationHeader);
    if (presented.kind !== 'token') return { ok: false, reason: presented.kind, hint: presented.hint };

    const digest = tokenDigest(presented.secret);
    const candidate = this.index().get(digest.toString('hex'));
    // The map lookup finds the candidate; the constant-time comparison is what decides.
    if (!candidate || !timingSafeEqual(digest, candidate.digest)) {
      return { ok: false, reason: 'unknown', hint: unknownTokenHint(presented.secret) };
    }
    const { record } = candidate;

    const now = this.clock();
    const state = tokenState(record, now);
    if (state === 'revoked') {
      return {
        ok: false,
        reason: 'revoked',
        hint: `The token "${record.label}" (${record.hint}) was revoked on ${record.revokedAt}. Generate a new token and paste it into Okta.`,
        token: this.toPublic(record, now),
      };
    }
    if (state === 'expired') {
      return {
        ok: false,
        reason: 'expired',
        hint: `The token "${record.label}" (${record.hint}) expired on ${record.expiresAt}. Generate a new token and paste it into Okta.`,
        token: this.toPublic(record, now),
      };
    }
    this.noteUse(record.id, now);
    return { ok: true, token: this.toPublic(record, now) };
  }

  private index(): Map<string, { record: TokenRecord; digest: Buffer }> {
    if (this.byHash === undefined) {
      const byHash = new Map<string, { record: TokenRecord; digest: Buffer }>();
      for (const doc of this.documents.listDocs<unknown>('tokens')) {
        const record = parseTokenRecord(doc);
        if (record) byHash.set(record.hash, { record, digest: Buffer.from(record.hash, 'hex') });
      }
      this.byHash = byHash;
    }
    return this.byHash;
  }

  private noteUse(id: string, now: Date): void {
    const ms = now.getTime();
    this.lastUsedMs.set(id, ms);
    const writtenAt = this.lastUsedWrittenAt.get(id);
    if (writtenAt !== undefined && ms - writtenAt < this.writeIntervalMs) return;
    this.lastUsedWrittenAt.set(id, ms);
    void this.writeLastUse(id, now.toISOString());
  }

  /** Not awaited by the request: losing a last-used time on a crash is acceptable, slowing every request is not.
   * It receives only the id and the time, so no secret can reach an error message. */
  private async writeLastUse(id: string, at: string): Promise<void> {
    try {
      // Read and written in one transaction, so a concurrent revoke is never overwritten.
      await this.store.transact(async (tx) => {
        const current = parseTokenRecord(await tx.getDoc('tokens', id));
        if (!current || (current.lastUsedAt !== null && current.lastUsedAt >= at)) return;
        await tx.putDoc('tokens', id, { ...current, lastUsedAt: at });
      });
    } catch (error) {
      // Scrubbed anyway, in case a lower layer ever echoes request data in its message.
      const reason = (error instanceof Error ? error.message : 'unknown error').replace(
        TOKEN_LIKE_PATTERN,
        '[redacted]',
      );
      this.onError(`Could not record the last use of token ${id}: ${reason}`);
    }
  }

  private withLastUse(record: TokenRecord): TokenRecord {
    const ms = this.lastUsedMs.get(record.id);
    if (ms === undefined) return record;
    const inMemory = new Date(ms).toISOString();
    if (record.lastUsedAt !== null && record.lastUsedAt >= inMemory) return record;
    return { ...record, lastUsedAt: inMemory };
  }

  private toPublic(record: TokenRecord, now: Date): PublicToken {
    return toPublicToken(this.withLastUse(record), now);
  }
}

function unknownTokenHint(secret: string): string {
  if (!hasTokenPrefix(secret)) {
    return (
      'This is not a SCIM Desk token (ours start with "scimdesk_"): perhaps another application\'s token was ' +
      'pasted. Paste the token SCIM Desk generated into Okta.'
    );
  }
  return (
    'SCIM Desk did not issue this token, or it was copied incompletely or deleted. Generate a token, ' +
    'paste it whole into Okta, and test the API credentials again.'
  );
}
