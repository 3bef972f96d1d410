/** The identity providers SCIM Desk knows. Each one has its own setup profile, rehearsal and error texts. */

/** The wizard's setup profile: which identity provider provisions into SCIM Desk. */
export type IdentityProvider = 'okta' | 'entra';

export const IDENTITY_PROVIDERS: readonly IdentityProvider[] = ['okta', 'entra'];
