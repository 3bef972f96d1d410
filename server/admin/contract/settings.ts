/** Settings: auto user provisioning (Clumio's shape) and SCIM Desk's own (the current admin, the profile). */
import type { ProvisioningMethod, ProvisioningTarget } from '../../access/access-types.js';
import type { IdentityProvider } from '../../identity-providers/identity-provider.js';

export type { IdentityProvider, ProvisioningMethod, ProvisioningTarget };

/** `GET, PUT /api/settings/auto-user-provisioning` (Clumio's shape). PUT `{ is_enabled: true }` answers 409
 * `guard_refused` when the guard refuses; disabling is always allowed. */
export interface AutoUserProvisioningSetting {
  is_enabled: boolean;
}

/** `GET /api/settings` → Settings; `PUT /api/settings` takes a {@link SettingsUpdate} and answers the new
 * Settings, or 409 `guard_refused` (changing current_admin while auto user provisioning is on). */
export interface Settings {
  /** The admin's own Okta userName (the account that must keep Super Admin on the Global OU). */
  current_admin: string | null;
  provisioning_method: ProvisioningMethod;
  /** Default `okta`. Switching keeps all data; `GET /api/setup` then answers that profile's steps. */
  identity_provider: IdentityProvider;
  /** Where Okta provisions to (default `scim-desk`): this endpoint, or Clumio itself (the rollout, checked and
   * managed through the connections to the Okta org and the Clumio account). Any other value: 400. */
  provisioning_target: ProvisioningTarget;
}
export type SettingsUpdate = Partial<Settings>;
