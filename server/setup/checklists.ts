/**
 * The two checklists, one per target (`provisioning_target`): where the identity provider provisions into
 * SCIM Desk's own endpoint, every step is settled by the SCIM traffic that arrives here (steps/); where it
 * provisions into Clumio itself (the rollout), by what Okta's and Clumio's APIs said in the latest read
 * (rollout/). A checklist is which of the profile's steps apply, the evidence source of each, the conditions
 * that override them, and the warnings and notes it shows; the words are always the profile's.
 */
import type { ProvisioningTarget } from '../access/access-types.js';
import type { IdentityProfile, ProfileStep } from '../identity-providers/profile.js';
import { ROLLOUT_CLUMIO } from '../identity-providers/profiles/shared-steps.js';
import { lockoutWarnings } from './admin-lockout.js';
import { clumioLockoutCondition, clumioLockoutWarnings } from './rollout/clumio-lockout.js';
import { ROLLOUT_EVIDENCE } from './rollout/rollout-evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { setupNotes } from './setup-notes.js';
import type { SetupNote, SetupWarning } from './setup-types.js';
import { setupWarnings } from './setup-warnings.js';
import { GLOBAL_CONDITIONS, type GlobalCondition } from './step-conditions.js';
import { TRAFFIC_EVIDENCE, type EvidenceSources } from './steps/traffic.js';

export interface Checklist {
  target: ProvisioningTarget;
  steps(profile: IdentityProfile): readonly ProfileStep[];
  sources: EvidenceSources;
  conditions: readonly GlobalCondition[];
  warnings(facts: SetupFacts): SetupWarning[];
  notes(facts: SetupFacts): SetupNote[];
}

/** Okta (or Entra) provisions into this endpoint: rehearsals, demos, on-prem use. */
export const TRAFFIC_CHECKLIST: Checklist = {
  target: 'scim-desk',
  steps: (profile) => profile.steps,
  sources: TRAFFIC_EVIDENCE,
  conditions: GLOBAL_CONDITIONS,
  warnings: (facts) => [...lockoutWarnings(facts), ...setupWarnings(facts)],
  notes: setupNotes,
};

/** The rollout: the identity provider provisions into Clumio; nothing here is about this endpoint's traffic. */
export const ROLLOUT_CHECKLIST: Checklist = {
  target: 'clumio',
  steps: (profile) => (profile.rollout ?? ROLLOUT_CLUMIO).steps,
  sources: ROLLOUT_EVIDENCE,
  conditions: [clumioLockoutCondition],
  warnings: clumioLockoutWarnings,
  notes: () => [],
};

export const CHECKLISTS: readonly Checklist[] = [TRAFFIC_CHECKLIST, ROLLOUT_CHECKLIST];

export function checklistFor(target: ProvisioningTarget | undefined): Checklist {
  return target === 'clumio' ? ROLLOUT_CHECKLIST : TRAFFIC_CHECKLIST;
}
