/** A SCIM token as stored in the `tokens` document collection: never the secret, only its hash. */
export interface TokenRecord {
  id: string;
  label: string;
  /** Non-secret prefix of the secret for the UI, e.g. `scimdesk_Ab3x…`. */
  hint: string;
  /** SHA-256 of the secret, lower-case hex. */
  hash: string;
  createdAt: string; // ISO 8601
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type TokenState = 'active' | 'expired' | 'revoked';

/** What leaves the auth module: no hash, no secret. */
export type PublicToken = Omit<TokenRecord, 'hash'> & { state: TokenState };

export function tokenState(record: Pick<TokenRecord, 'expiresAt' | 'revokedAt'>, now: Date): TokenState {
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && Date.parse(record.expiresAt) < now.getTime()) return 'expired';
  return 'active';
}

export function toPublicToken(record: TokenRecord, now: Date): PublicToken {
  return {
    id: record.id,
    label: record.label,
    hint: record.hint,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
    state: tokenState(record, now),
  };
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Parses a stored document; anything that is not a well-formed token record is ignored (returns undefined)
 * rather than trusted, so a hand-edited data file cannot produce a token that matches everything. */
export function parseTokenRecord(doc: unknown): TokenRecord | undefined {
  if (typeof doc !== 'object' || doc === null) return undefined;
  const d = doc as Record<string, unknown>;
  const str = (v: unknown): v is string => typeof v === 'string';
  const isoOrNull = (v: unknown): v is string | null => v === null || (str(v) && !Number.isNaN(Date.parse(v)));
  if (!str(d.id) || !str(d.label) || !str(d.hint) || !str(d.hash) || !HEX_SHA256.test(d.hash)) return undefined;
  if (!str(d.createdAt) || Number.isNaN(Date.parse(d.createdAt))) return undefined;
  if (!isoOrNull(d.expiresAt) || !isoOrNull(d.lastUsedAt) || !isoOrNull(d.revokedAt)) return undefined;
  return {
    id: d.id,
    label: d.label,
    hint: d.hint,
    hash: d.hash,
    createdAt: d.createdAt,
    expiresAt: d.expiresAt,
    lastUsedAt: d.lastUsedAt,
    revokedAt: d.revokedAt,
  };
}
