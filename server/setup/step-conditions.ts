/**
 * Conditions that hold across the checklist and override what a step's own evidence found (for example: the
 * admin has lost Super Admin while auto user provisioning is on, so the steps that depend on it fail with that
 * cause). The one place such an override is decided; setup-state.ts applies it to every step, after the
 * step's evidence and before the admin's confirmations.
 */
import type { SetupStepId } from '../identity-providers/profile.js';
import { adminLockoutCondition } from './admin-lockout.js';
import type { SetupFacts } from './setup-facts.js';
import type { Finding } from './steps/step.js';

export interface GlobalCondition {
  /** What the steps it overrides become while it holds; empty while it does not. */
  overrides(facts: SetupFacts): ReadonlyMap<SetupStepId, Finding>;
}

export const GLOBAL_CONDITIONS: readonly GlobalCondition[] = [adminLockoutCondition];

/** What the conditions that hold say instead, by step (the first condition naming a step wins). */
export function conditionOverrides(
  facts: SetupFacts,
  conditions: readonly GlobalCondition[] = GLOBAL_CONDITIONS,
): Map<SetupStepId, Finding> {
  const overrides = new Map<SetupStepId, Finding>();
  for (const condition of conditions) {
    for (const [id, finding] of condition.overrides(facts)) if (!overrides.has(id)) overrides.set(id, finding);
  }
  return overrides;
}
