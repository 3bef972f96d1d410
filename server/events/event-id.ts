import { randomBytes } from 'node:crypto';

/** `evt_` and 128 random bits: unique across data folders, so a receiver can deduplicate by it. */
export function newEventId(): string {
  return `evt_${randomBytes(16).toString('base64url')}`;
}
