import { hash, randomBytes } from 'node:crypto';

/**
 * The shape of a SCIM Desk token secret: `scimdesk_` + 256 random bits in base64url (43 characters).
 * The prefix makes a leaked token findable by secret scanners and recognisable in our own redaction.
 */
export const TOKEN_PREFIX = 'scimdesk_';
export const TOKEN_RANDOM_BYTES = 32;
/** base64url of 32 bytes, unpadded. */
export const TOKEN_BODY_LENGTH = 43;
/** How many characters after the prefix the UI may show to tell tokens apart. */
export const TOKEN_HINT_LENGTH = 4;

/** Matches anything that looks like one of our secrets inside a longer string (URLs, bodies, messages).
 * 16+ characters so a group named `scimdesk_admins` is not mistaken for a token, while a token cut short
 * in a copy-paste still is. */
export const TOKEN_LIKE_PATTERN = /scimdesk_[A-Za-z0-9_-]{16,}/g;

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(TOKEN_RANDOM_BYTES).toString('base64url');
}

/** The only form in which a secret is stored: SHA-256, lower-case hex. A fast hash is right here because
 * the secret has 256 bits of entropy: there is nothing to brute-force, unlike a password. */
/** The SHA-256 digest of a secret, as raw bytes (what the constant-time comparison takes). */
export function tokenDigest(secret: string): Buffer {
  return hash('sha256', secret, 'buffer'); // one-shot: no Hash object per request
}

/** The digest as stored in a token record (hex). */
export function hashTokenSecret(secret: string): string {
  return tokenDigest(secret).toString('hex');
}

/** A short, non-secret label for the UI: the first characters after the prefix (16 of 256 bits). */
export function tokenHint(secret: string): string {
  const body = secret.startsWith(TOKEN_PREFIX) ? secret.slice(TOKEN_PREFIX.length) : secret;
  return TOKEN_PREFIX + body.slice(0, TOKEN_HINT_LENGTH) + '…';
}

export function hasTokenPrefix(candidate: string): boolean {
  return candidate.startsWith(TOKEN_PREFIX);
}
