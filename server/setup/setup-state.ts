/** The wizard's state: the steps of the current profile in order, the admin's confirmations applied, warnings and notes. */
import type { IdentityProvider } from '../identity-providers/identity-provider.js';
import { lockoutWarnings, withLockout } from './admin-lockout.js';
import type { SetupState, SetupStep, SetupStepId } from './setup-types.js';
import { stateEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { setupNotes } from './setup-notes.js';
import { setupWarnings } from './setup-warnings.js';
import { enableStep, provisioningMethodStep, superAdminRuleStep } from './steps/clumio.js';
import { connectorTestStep } from './steps/connector-test.js';
import { endpointStep, tokenStep } from './steps/endpoint.js';
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
} from './steps/entra.js';
import { adminAccountStep, pushGroupsStep } from './steps/groups-and-admin.js';
import { createUsersStep, deactivateUsersStep, syncPasswordStep, updateUsersStep, usernameFormatStep } from './steps/okta-to-app.js';
import type { StepDefinition } from './steps/step.js';

/** Each profile's steps in the order that works (DESIGN §7): the token before the identity provider asks
 * for it, rules after the admin's own account arrived. */
export const PROFILE_STEPS: Record<IdentityProvider, readonly StepDefinition[]> = {
  okta: [
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
  ],
  entra: [
    endpointStep,
    tokenStep,
    entraCreateAppStep,
    entraCredentialsStep,
    entraTestConnectionStep,
    entraAssignmentStep,
    entraAttributeMappingStep,
    entraProvisionOnDemandStep,
    entraStartProvisioningStep,
    entraFirstCycleStep,
    entraDeactivationStep,
    adminAccountStep,
    superAdminRuleStep,
    provisioningMethodStep,
    enableStep,
  ],
};

/** The Okta profile's steps (the default profile). */
export const SETUP_STEPS = PROFILE_STEPS.okta;

const ALL_STEPS = new Map<SetupStepId, StepDefinition>([...PROFILE_STEPS.okta, ...PROFILE_STEPS.entra].map((step) => [step.id, step]));

export function isSetupStepId(id: string): id is SetupStepId {
  return ALL_STEPS.has(id as SetupStepId);
}

export function isConfirmable(id: SetupStepId): boolean {
  return ALL_STEPS.get(id)?.confirmable === true;
}

export function isStepOf(profile: IdentityProvider, id: SetupStepId): boolean {
  return PROFILE_STEPS[profile].some((step) => step.id === id);
}

/** One step: what was observed wins; a confirmation settles only what is still open (never a failure). */
export function evaluateStep(definition: StepDefinition, facts: SetupFacts): SetupStep {
  const outcome = definition.evaluate(facts);
  const confirmedAt = definition.confirmable ? facts.confirmations[definition.id] : undefined;
  const title = definition.titles?.[facts.identityProvider] ?? definition.title;
  const base = { id: definition.id, title, check: definition.check, confirmable: definition.confirmable };
  if (confirmedAt !== undefined && (outcome.state === 'todo' || outcome.state === 'waiting')) {
    return { ...base, state: 'confirmed', evidence: outcome.evidence ?? stateEvidence('Confirmed by the admin.', confirmedAt), fix: null };
  }
  return { ...base, ...outcome };
}

export function computeSetupState(facts: SetupFacts): SetupState {
  const steps = withLockout(
    PROFILE_STEPS[facts.identityProvider].map((definition) => evaluateStep(definition, facts)),
    facts,
  );
  return {
    identityProvider: facts.identityProvider,
    identityProviderChosen: facts.identityProviderChosen,
    steps,
    warnings: [...lockoutWarnings(facts), ...setupWarnings(facts)],
    notes: setupNotes(facts),
    complete: steps.every((s) => s.state === 'done' || s.state === 'confirmed'),
  };
}
