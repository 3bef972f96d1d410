/** The profiles SCIM Desk ships, in the order the console offers them; the first is the default. A new
 * identity provider, or a new kind of app in one, is a module beside these and a line here. */
import type { IdentityProfile } from '../profile.js';
import { ENTRA_ENTERPRISE_APP } from './entra/entra.js';
import { OKTA_CLUMIO_CATALOG } from './okta/clumio-catalog.js';
import { OKTA_CUSTOM_SCIM } from './okta/custom-scim.js';

export const BUILT_IN_PROFILES: readonly IdentityProfile[] = [
  OKTA_CLUMIO_CATALOG,
  OKTA_CUSTOM_SCIM,
  ENTRA_ENTERPRISE_APP,
];
