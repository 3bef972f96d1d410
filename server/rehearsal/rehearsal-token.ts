/**
 * Rehearsal data is marked by the token that created it: a rehearsal authenticates with its own token,
 * labelled "Okta rehearsal" or "Entra rehearsal", and the SCIM layer stamps every resource it creates with
 * that token's id (`ResourceRecord.origin`). The labels identify such tokens, whoever created them (the
 * server's rehearsal runner or `scim-desk rehearse --data`).
 */
import type { IdentityProvider } from '../identity-providers/identity-provider.js';

export const REHEARSAL_TOKEN_LABEL = 'Okta rehearsal';
export const REHEARSAL_TOKEN_LABELS: Record<IdentityProvider, string> = { okta: REHEARSAL_TOKEN_LABEL, entra: 'Entra rehearsal' };

export function isRehearsalTokenLabel(label: string): boolean {
  return Object.values(REHEARSAL_TOKEN_LABELS).includes(label);
}
