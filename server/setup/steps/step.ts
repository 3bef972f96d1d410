import type { IdentityProvider } from '../../identity-providers/identity-provider.js';
import type { SetupCheck, SetupStep, SetupStepId } from '../setup-types.js';
import type { SetupFacts } from '../setup-facts.js';

/** How each profile names its identity provider in the wizard's sentences. */
export const IDP_NAMES: Record<IdentityProvider, string> = { okta: 'Okta', entra: 'Entra' };

/** What one check concludes, before the admin's confirmation is taken into account. */
export type StepOutcome = Pick<SetupStep, 'state' | 'evidence' | 'fix'>;

export interface StepDefinition {
  id: SetupStepId;
  title: string;
  /** The title in a profile that words it differently (shared steps). */
  titles?: Partial<Record<IdentityProvider, string>>;
  check: SetupCheck;
  /** Whether the admin may settle it by confirming (when traffic cannot show it). */
  confirmable: boolean;
  evaluate(facts: SetupFacts): StepOutcome;
}

export const done = (evidence: StepOutcome['evidence']): StepOutcome => ({ state: 'done', evidence, fix: null });
export const failed = (fix: string, evidence: StepOutcome['evidence'] = null): StepOutcome => ({ state: 'failed', evidence, fix });
export const waiting = (fix: string, evidence: StepOutcome['evidence'] = null): StepOutcome => ({ state: 'waiting', evidence, fix });
export const todo = (fix: string, evidence: StepOutcome['evidence'] = null): StepOutcome => ({ state: 'todo', evidence, fix });

/** The identity provider can only call once a token exists (the first thing the admin pastes into it). */
export function oktaCanCall(facts: SetupFacts): boolean {
  return facts.tokens.some((t) => t.state === 'active') || facts.summary.requests !== undefined;
}
