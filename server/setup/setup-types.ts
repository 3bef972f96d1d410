/**
 * The guided setup's vocabulary as the admin API answers it (`GET /api/setup` and the error explainer):
 * steps, their evidence, warnings and notes. Types only; the admin contract re-exports them.
 */
import type { ProvisioningTarget } from '../access/access-types.js';
import type { IdentityProvider } from '../identity-providers/identity-provider.js';
import type { GuideLine, ProfileWords, SetupStepId } from '../identity-providers/profile.js';

export type { GuideLine, ProfileWords, SetupStepId };

export type SetupStepState = 'todo' | 'waiting' | 'done' | 'failed' | 'confirmed';

/** `GET /api/setup` → SetupState: the wizard's steps in order, for the identity profile the settings
 * `identity_provider` and `okta_app` pick and the target `provisioning_target` picks (docs/setup-wizard.md):
 * with `scim-desk` the steps are settled by the SCIM traffic that arrives here; with `clumio` by what Okta's
 * and Clumio's APIs said in the latest read (docs/real-tenants.md). */
export interface SetupState {
  /** Where the identity provider provisions to: this endpoint, or Clumio itself (the rollout). */
  provisioningTarget: ProvisioningTarget;
  /** false until the admin picked the target (the console asks on first run; `scim-desk` meanwhile). */
  provisioningTargetChosen: boolean;
  /** With the `clumio` target: the read of the Okta org and the Clumio account the steps come from; null with
   * `scim-desk`. */
  tenants: SetupTenantsRead | null;
  identityProvider: IdentityProvider;
  /** false until the admin picked a profile (the console asks on first run; the default profile meanwhile). */
  identityProviderChosen: boolean;
  /** The profile in use: its names and field words, for the console to say things in them. */
  profile: SetupProfile;
  steps: SetupStep[];
  /** Where setups commonly go wrong, as observed in the traffic (never blocking). */
  warnings: SetupWarning[];
  /** What SCIM Desk noticed about the identity provider's traffic that is not a problem (e.g. Entra's PATCH dialect). */
  notes: SetupNote[];
  /** Every step is done or confirmed. */
  complete: boolean;
}
/** The connections and the latest read of them, as the `clumio` target's checklist was settled from. */
export interface SetupTenantsRead {
  /** The Okta org and the picked app (null: not connected; `app` null: no app picked). */
  oktaOrg: { orgUrl: string; app: { id: string; label: string } | null } | null;
  clumioAccount: { baseUrl: string } | null;
  /** When the read the steps come from ended; null before the first (`POST /api/setup/refresh` reads). */
  readAt: string | null;
  /** A read is under way: the steps settle when it ends. */
  reading: boolean;
}

/** The identity profile as the console needs it (`SetupState.profile`). */
export interface SetupProfile {
  idp: IdentityProvider;
  /** The kind of app (`okta_app` for Okta): `clumio-catalog`, `custom-scim`; `enterprise-app` for Entra. */
  app: string;
  words: ProfileWords;
  rehearsal: {
    /** What the simulated identity provider sends. */
    blurb: string;
    /** The PATCH dialects it can play (Entra's); empty when it has one. */
    dialects: { id: string; label: string }[];
  };
}

/** How a step is settled: by the SCIM traffic that arrived, by SCIM Desk's own state (tokens, rules,
 * settings, tunnel probe), only by the admin's confirmation (nothing observable), or (the `clumio` target) by
 * what Okta's Management API or Clumio's REST API said. */
export type SetupCheck = 'traffic' | 'state' | 'confirmation' | 'okta-api' | 'clumio-api';
export interface SetupStep {
  id: SetupStepId;
  title: string;
  state: SetupStepState;
  check: SetupCheck;
  /** The admin may confirm this step now (`POST /api/setup/steps/:id/confirm`): traffic cannot show it, or
   * the API does not say it (Okta's features API answers for a few catalogue apps only). */
  confirmable: boolean;
  /** What settled the state: which request, when, from which user agent. null while nothing has. */
  evidence: SetupEvidence | null;
  /** What to do when the step failed or is still open; null when there is nothing to do. */
  fix: string | null;
  /** Where and how the admin does it, in that console's words. */
  guide: SetupStepGuide;
}

export interface SetupStepGuide {
  /** The console the step is done in: the identity provider's ("Okta"), "SCIM Desk" or "Clumio". */
  console: string;
  instructions: GuideLine[];
  /** What commonly goes wrong there, said before it happens. */
  cautions: GuideLine[];
}
export interface SetupEvidence {
  summary: string;
  at: string | null;
  activityId: string | null;
  userAgent: string | null;
  /** A step settled by an API: the calls whose answers say it (or, for a read that failed, the one that failed). */
  calls?: SetupApiCall[];
}

/** One call to Okta's or Clumio's API behind a step's evidence. */
export interface SetupApiCall {
  service: 'okta' | 'clumio';
  method: string;
  /** Path and query, relative to the org URL or the API base URL. */
  path: string;
  /** The answer's status; null when none came (a timeout, no connection). */
  status: number | null;
  at: string;
}

export interface SetupWarning {
  id:
    /** The identity provider took Super Admin on the Global OU from the current admin while auto user
     * provisioning is on; the evidence is the request that did it. */
    | 'admin-locked-out'
    /** The `clumio` target: on what Okta says now, the Clumio account's rules no longer give the current admin
     * Super Admin on the Global OU while auto user provisioning is on there (the real-account alarm). */
    | 'clumio-admin-locked-out'
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

/** One error text an identity provider shows: `GET /api/setup/errors` (the current profile's),
 * `GET /api/setup/okta-errors` and `GET /api/setup/entra-errors` → `ItemList<IdpErrorInfo>`
 * (docs/setup-wizard.md and docs/entra.md cite each one's source). */
export interface IdpErrorInfo {
  id: string;
  /** Whose text it is; a diagnosis names another identity provider's only when the text is clearly its. */
  idp: IdentityProvider;
  /** "Okta", "Microsoft Entra ID": for the label of another identity provider's text. */
  idpName: string;
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

/** A general check the explainer lists for a text it does not know, fitted to what SCIM Desk saw. */
export interface DiagnoseCheck {
  id:
    | 'no-public-url'
    | 'probe-failed'
    | 'nothing-arrived'
    | 'not-connected'
    | 'token-refused'
    | 'wrong-path'
    | 'conflicts'
    | 'failures'
    | 'all-answered';
  message: string;
  /** The request it is about, when there is one. */
  evidence: SetupEvidence | null;
}

/** Who may provision into SCIM Desk (`GET /api/identity-providers` → `ItemList<IdentityProviderChoice>`), and
 * the kinds of app each offers. */
export interface IdentityProviderChoice {
  id: IdentityProvider;
  name: string;
  blurb: string;
  /** How the admin's own account is named there ("Okta username", "Entra userPrincipalName"). */
  username: string;
  /** The setting that picks the app (`okta_app`); null when there is one kind. */
  appSetting: string | null;
  apps: { id: string; name: string; blurb: string }[];
}
