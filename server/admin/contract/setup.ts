/** The guided setup: steps and their evidence (setup/ owns them), confirmations, flagged names, pasted errors. */
import type { DiagnoseCheck, IdpErrorInfo } from '../../setup/setup-types.js';

export type {
  DiagnoseCheck,
  GuideLine,
  IdentityProviderChoice,
  IdpErrorInfo,
  OktaErrorInfo,
  ProfileWords,
  SetupApiCall,
  SetupCheck,
  SetupEvidence,
  SetupNote,
  SetupProfile,
  SetupState,
  SetupStepGuide,
  SetupStep,
  SetupStepId,
  SetupStepState,
  SetupTenantsRead,
  SetupWarning,
} from '../../setup/setup-types.js';

/** A group whose displayName looks generated (`GET /api/setup/group-names` → `ItemList<GroupNameFlag>`),
 * flagged before any rule is written against it. `mail-nickname` is flagged in the Entra profile only. */
export interface GroupNameFlag {
  id: string;
  displayName: string;
  reason: 'uuid' | 'mail-nickname';
  message: string;
}

/** `POST /api/setup/steps/:id/confirm` body (default `{ confirmed: true }`); `confirmed: false` withdraws it.
 * Answers the new SetupState. Steps that are not confirmable answer 400 `invalid_body`. */
export interface SetupConfirmRequest {
  confirmed?: boolean;
}

/** `POST /api/setup/diagnose` `{ text }` (pasted from Okta or Entra) → matches, best first: the current
 * profile's catalogue, then another identity provider's entries only when the text is clearly its (each match
 * names its `idp`). No match: `checks` lists the general checks that fit what SCIM Desk saw. */
export interface DiagnoseRequest {
  text: string;
}
export interface DiagnoseResult {
  matches: IdpErrorInfo[];
  /** Empty when something matched. */
  checks: DiagnoseCheck[];
}
