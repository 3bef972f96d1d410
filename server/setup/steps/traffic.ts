/** Every step as the SCIM traffic settles it, by id: the wizard's evidence source for the `scim-desk` target. */
import type { SetupStepId } from '../../identity-providers/profile.js';
import { enableStep, provisioningMethodStep, superAdminRuleStep } from './clumio.js';
import { connectorTestStep } from './connector-test.js';
import { endpointStep, tokenStep } from './endpoint.js';
import {
  entraAssignmentStep,
  entraAttributeMappingStep,
  entraCreateAppStep,
  entraCredentialsStep,
  entraDeactivationStep,
  entraFirstCycleStep,
  entraProvisionOnDemandStep,
  entraStartProvisioningStep,
  entraTestConnectionStep,
} from './entra.js';
import { adminAccountStep, pushGroupsStep } from './groups-and-admin.js';
import {
  createUsersStep,
  deactivateUsersStep,
  syncPasswordStep,
  updateUsersStep,
  usernameFormatStep,
} from './okta-to-app.js';
import type { StepEvidenceSource } from './step.js';

/** The evidence source of each step a checklist has (a target's checklist settles only its own steps). */
export type EvidenceSources = Readonly<Partial<Record<SetupStepId, StepEvidenceSource>>>;

const ALL: readonly StepEvidenceSource[] = [
  endpointStep,
  tokenStep,
  usernameFormatStep,
  connectorTestStep,
  createUsersStep,
  updateUsersStep,
  deactivateUsersStep,
  syncPasswordStep,
  pushGroupsStep,
  adminAccountStep,
  superAdminRuleStep,
  provisioningMethodStep,
  enableStep,
  entraCreateAppStep,
  entraCredentialsStep,
  entraTestConnectionStep,
  entraAssignmentStep,
  entraAttributeMappingStep,
  entraProvisionOnDemandStep,
  entraStartProvisioningStep,
  entraFirstCycleStep,
  entraDeactivationStep,
];

export const TRAFFIC_EVIDENCE: EvidenceSources = Object.fromEntries(
  ALL.map((source) => [source.id, source]),
) as EvidenceSources;
