/** Every step of the rollout as Okta's and Clumio's APIs settle it, by id: the evidence source of the `clumio` target. */
import type { SetupStepId } from '../../identity-providers/profile.js';
import type { StepEvidenceSource } from '../steps/step.js';
import {
  clumioAdminStep,
  clumioConnectionStep,
  clumioScimConfigurationStep,
  enableApiStep,
  superAdminRuleApiStep,
} from './clumio-steps.js';
import {
  adminAccountApiStep,
  apiIntegrationStep,
  createUsersApiStep,
  deactivateUsersApiStep,
  oktaConnectionStep,
  provisioningFailuresStep,
  pushGroupsApiStep,
  syncPasswordApiStep,
  updateUsersApiStep,
  usernameFormatApiStep,
} from './okta-steps.js';

const ALL: readonly StepEvidenceSource[] = [
  oktaConnectionStep,
  clumioConnectionStep,
  clumioScimConfigurationStep,
  usernameFormatApiStep,
  apiIntegrationStep,
  createUsersApiStep,
  updateUsersApiStep,
  deactivateUsersApiStep,
  syncPasswordApiStep,
  pushGroupsApiStep,
  adminAccountApiStep,
  provisioningFailuresStep,
  superAdminRuleApiStep,
  clumioAdminStep,
  enableApiStep,
];

export const ROLLOUT_EVIDENCE: Readonly<Partial<Record<SetupStepId, StepEvidenceSource>>> = Object.fromEntries(
  ALL.map((source) => [source.id, source]),
);
