/**
 * Rehearsal data is marked by the token that created it: the rehearsal authenticates with its own token,
 * labelled "Okta rehearsal", and the SCIM layer stamps every resource it creates with that token's id
 * (`ResourceRecord.origin`). The label identifies such tokens, whoever created them (the server's
 * rehearsal runner or `scim-desk rehearse --data`).
 */
export const REHEARSAL_TOKEN_LABEL = 'Okta rehearsal';

export function isRehearsalTokenLabel(label: string): boolean {
  return label === REHEARSAL_TOKEN_LABEL;
}
