/** The wizard's state: every step of DESIGN §7 in order, the admin's confirmations applied, and warnings. */
import type { SetupState, SetupStep, SetupStepId } from '../admin/contract.js';
import { stateEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { setupWarnings } from './setup-warnings.js';
import { enableStep, provisioningMethodStep, superAdminRuleStep } from './steps/clumio.js';
import { connectorTestStep } from './steps/connector-test.js';
import { endpointStep, tokenStep } from './steps/endpoint.js';
import { adminAccountStep, pushGroupsStep } from './steps/groups-and-admin.js';
import { createUsersStep, deactivateUsersStep, syncPasswordStep, updateUsersStep, usernameFormatStep } from './steps/okta-to-app.js';
import type { StepDefinition } from './steps/step.js';

/** The order that works (DESIGN §7): the token before Okta asks for it, rules after the admin's account. */
export const SETUP_STEPS: readonly StepDefinition[] = [
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
];

export function isSetupStepId(id: string): id is SetupStepId {
  return SETUP_STEPS.some((step) => step.id === id);
}

export function isConfirmable(id: SetupStepId): boolean {
  return SETUP_STEPS.find((step) => step.id === id)?.confirmable === true;
}

/** One step: what was observed wins; a confirmation settles only what is still open (never a failure). */
export function evaluateStep(definition: StepDefinition, facts: SetupFacts): SetupStep {
  const outcome = definition.evaluate(facts);
  const confirmedAt = definition.confirmable ? facts.confirmations[definition.id] : undefined;
  const base = { id: definition.id, title: definition.title, check: definition.check, confirmable: definition.confirmable };
  if (confirmedAt !== undefined && (outcome.state === 'todo' || outcome.state === 'waiting')) {
    return { ...base, state: 'confirmed', evidence: outcome.evidence ?? stateEvidence('Confirmed by the admin.', confirmedAt), fix: null };
  }
  return { ...base, ...outcome };
}

export function computeSetupState(facts: SetupFacts): SetupState {
  const steps = SETUP_STEPS.map((definition) => evaluateStep(definition, facts));
  return { steps, warnings: setupWarnings(facts), complete: steps.every((s) => s.state === 'done' || s.state === 'confirmed') };
}
