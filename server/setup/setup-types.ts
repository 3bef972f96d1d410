/**
 * The guided setup's vocabulary as the admin API answers it (`GET /api/setup` and the error explainer):
 * steps, their evidence, warnings and notes. Types only; the admin contract re-exports them.
 */
import type { IdentityProvider } from '../identity-providers/identity-provider.js';

export type SetupStepState = 'todo' | 'waiting' | 'done' | 'failed' | 'confirmed';

/** `GET /api/setup` → SetupState: the wizard's steps in order (DESIGN §7, issue 5), for the profile of
 * `identity_provider` (issue 12). */
export interface SetupState {
  identityProvider: IdentityProvider;
  /** false until the admin picked a profile (the console asks on first run; `okta` meanwhile). */
  identityProviderChosen: boolean;
  steps: SetupStep[];
  /** Where setups commonly go wrong, as observed in the traffic (never blocking). */
  warnings: SetupWarning[];
  /** What SCIM Desk noticed about the identity provider's traffic that is not a problem (e.g. Entra's PATCH dialect). */
  notes: SetupNote[];
  /** Every step is done or confirmed. */
  complete: boolean;
}
/** How a step is settled: by the SCIM traffic that arrived, by SCIM Desk's own state (tokens, rules,
 * settings, tunnel probe), or only by the admin's confirmation (nothing observable). */
export type SetupCheck = 'traffic' | 'state' | 'confirmation';
export interface SetupStep {
  id: SetupStepId;
  title: string;
  state: SetupStepState;
  check: SetupCheck;
  /** The admin may confirm this step (`POST /api/setup/steps/:id/confirm`) when traffic cannot show it. */
  confirmable: boolean;
  /** What settled the state: which request, when, from which user agent. null while nothing has. */
  evidence: SetupEvidence | null;
  /** What to do when the step failed or is still open; null when there is nothing to do. */
  fix: string | null;
}
export interface SetupEvidence {
  summary: string;
  at: string | null;
  activityId: string | null;
  userAgent: string | null;
}

/** The wizard's steps (DESIGN §7). The Okta profile has the shared ones and Okta's; the Entra profile has
 * the shared ones and the `entra-*` ones (docs/entra.md). */
export type SetupStepId =
  | 'endpoint'
  | 'token'
  | 'username-format'
  | 'connector-test'
  | 'create-users'
  | 'update-users'
  | 'deactivate-users'
  | 'sync-password-off'
  | 'push-groups'
  | 'admin-account'
  | 'super-admin-rule'
  | 'provisioning-method'
  | 'enable-auto-provisioning'
  | 'entra-create-app'
  | 'entra-credentials'
  | 'entra-test-connection'
  | 'entra-assignment'
  | 'entra-attribute-mapping'
  | 'entra-provision-on-demand'
  | 'entra-start-provisioning'
  | 'entra-first-cycle'
  | 'entra-deactivation';

export interface SetupWarning {
  id:
    /** The identity provider took Super Admin on the Global OU from the current admin while auto user
     * provisioning is on; the evidence is the request that did it. */
    | 'admin-locked-out'
    | 'sync-password-on'
    | 'group-used-for-assignment'
    | 'group-name-exists'
    | 'public-url-changed'
    | 'not-https'
    /** Group displayNames that look like UUIDs or mail nicknames (Clumio: remove the mailNickname mapping). */
    | 'group-name-generated'
    /** Entra profile: userNames that are not e-mail addresses. */
    | 'username-not-email';
  message: string;
  fix: string;
  evidence: SetupEvidence | null;
}

export interface SetupNote {
  id: 'entra-patch-dialect' | 'entra-cycle-interval';
  message: string;
  evidence: SetupEvidence | null;
}

/** One error text an identity provider shows: `GET /api/setup/okta-errors` and `GET /api/setup/entra-errors`
 * → `ItemList<IdpErrorInfo>` (docs/setup-wizard.md and docs/entra.md cite each one's source). */
export interface IdpErrorInfo {
  id: string;
  idp: IdentityProvider;
  /** The message (or provisioning-log error code) as the identity provider shows it: the pick list label. */
  title: string;
  cause: string;
  fix: string;
  /** The public page that documents or reports this text. */
  source: string;
  /** What SCIM Desk saw in the traffic that bears on it (e.g. the newest refused token); null when nothing does. */
  seen: string | null;
}
export type OktaErrorInfo = IdpErrorInfo;
