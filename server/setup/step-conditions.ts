/**
 * Conditions that hold across the checklist and override what a step's own evidence found (for example: the
 * admin has lost Super Admin while auto user provisioning is on, so the steps that depend on it fail with that
 * cause). The one place such an override is decided; setup-state.ts applies it to every step, after the
 * step's evidence and before the admin's confirmations.
 */
import type { SetupStepId } from '../identity-providers/profile.js';
import type { SetupFacts } from './setup-facts.js';
import type { Finding } from './steps/step.js';

export interface GlobalCondition {
  /** The steps it overrides and what they become, or null while it does not hold. */
  holds(facts: SetupFacts): { steps: readonly SetupStepId[]; finding: Finding } | null;
}

export const GLOBAL_CONDITIONS: readonly GlobalCondition[] = [];

/** What the conditions that hold say instead, by step (the first condition naming a step wins). */
export function conditionOverrides(facts: SetupFacts, conditions: readonly GlobalCondition[] = GLOBAL_CONDITIONS): Map<SetupStepId, Finding> {
  const overrides = new Map<SetupStepId, Finding>();
  for (const condition of conditions) {
    const verdict = condition.holds(facts);
    for (const id of verdict?.steps ?? []) if (!overrides.has(id)) overrides.set(id, verdict!.finding);
  }
  return overrides;
}
