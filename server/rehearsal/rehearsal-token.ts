/**
 * Rehearsal data is marked by the token that created it: a rehearsal authenticates with its own token,
 * labelled as its identity profile says ("Okta rehearsal", "Entra rehearsal"), and the SCIM layer stamps every
 * resource it creates with that token's id (`ResourceRecord.origin`). The labels identify such tokens, whoever
 * created them (the server's rehearsal runner or `scim-desk rehearse --data`).
 */
import { identityProfiles } from '../identity-providers/registry.js';

export function isRehearsalTokenLabel(label: string): boolean {
  return identityProfiles().some((profile) => profile.rehearsal.tokenLabel === label);
}
