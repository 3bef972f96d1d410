/**
 * Which identity provider provisions into SCIM Desk. SCIM Desk ships a profile for `okta` and one for `entra`
 * (profiles/); a profile module registered beside them brings its own id, and the `identity_provider` setting
 * accepts any registered one (registry.ts). Types only; the admin contract re-exports them.
 */
export type IdentityProvider = 'okta' | 'entra' | (string & {});
