/** How the console names things in each setup profile's identity provider (issue 12). */
import type { IdentityProvider } from '../../../../server/admin/contract';

export interface IdpWords {
  /** "Okta", "Microsoft Entra ID". */
  name: string;
  /** The short name in sentences: "Okta", "Entra". */
  short: string;
  /** The field the SCIM base URL goes into. */
  urlField: string;
  /** The field the token goes into. */
  tokenField: string;
  /** Where the admin's own username comes from. */
  usernameLabel: string;
  /** A default label for the token the admin generates. */
  tokenLabel: string;
}

export const IDP_WORDS: Record<IdentityProvider, IdpWords> = {
  okta: {
    name: 'Okta',
    short: 'Okta',
    urlField: 'Base URL',
    tokenField: 'API Token',
    usernameLabel: 'Your Okta username (as Okta sends it, an email)',
    tokenLabel: 'Okta',
  },
  entra: {
    name: 'Microsoft Entra ID',
    short: 'Entra',
    urlField: 'Tenant URL',
    tokenField: 'Secret Token',
    usernameLabel: 'Your Entra userPrincipalName (as Entra sends it, an email)',
    tokenLabel: 'Entra',
  },
};
