/** Settings: auto user provisioning (Clumio's shape) and SCIM Desk's own (the current admin, the profile). */
import type {
  AdminLockout,
  AdminLockoutCause,
  AdminLockoutCauseKind,
  AdminLockoutRequest,
  AdminLockoutStatus,
  ProvisioningMethod,
  ProvisioningTarget,
} from '../../access/access-types.js';
import type { IdentityProvider } from '../../identity-providers/identity-provider.js';

export type { IdentityProvider, ProvisioningMethod, ProvisioningTarget };

/** `GET /api/admin-lockout`: the current admin locked out by the identity provider while auto user
 * provisioning is on (`lockout: null` otherwise), with the change, the request and the ways out. */
export type { AdminLockout, AdminLockoutCause, AdminLockoutCauseKind, AdminLockoutRequest, AdminLockoutStatus };

/** `GET, PUT /api/settings/auto-user-provisioning` (Clumio's shape). PUT `{ is_enabled: true }` answers 409
 * `guard_refused` when the guard refuses; disabling is always allowed. */
export interface AutoUserProvisioningSetting {
  is_enabled: boolean;
}

/** Which kind of Okta app provisions: the Clumio app from the Okta Integration Network catalog, or an app
 * integration of the admin's own with SCIM provisioning (docs/setup-wizard.md). */
export type OktaApp = 'clumio-catalog' | 'custom-scim';

/** `GET /api/settings` → Settings; `PUT /api/settings` takes a {@link SettingsUpdate} and answers the new
 * Settings, or 409 `guard_refused` (changing current_admin while auto user provisioning is on). */
export interface Settings {
  /** The admin's own Okta userName (the account that must keep Super Admin on the Global OU). */
  current_admin: string | null;
  provisioning_method: ProvisioningMethod;
  /** Default `okta`. Switching keeps all data; `GET /api/setup` then answers that profile's steps. */
  identity_provider: IdentityProvider;
  /** Default `clumio-catalog`; kept while another identity provider is current. The wizard's words follow it. */
  okta_app: OktaApp;
  /** `<idp>_app` for any other identity provider with several kinds of app (a registered profile module). */
  [appSetting: `${string}_app`]: string;
  /** Where Okta provisions to (default `scim-desk`): this endpoint, or Clumio itself (the rollout, checked and
   * managed through the connections to the Okta org and the Clumio account). Any other value: 400. */
  provisioning_target: ProvisioningTarget;
}
export type SettingsUpdate = Partial<Settings>;
