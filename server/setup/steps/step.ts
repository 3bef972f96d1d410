/**
 * How a step is settled, apart from what it says. An evidence source reads the facts and concludes a Finding:
 * the state, the evidence, and which of the step's sayings applies (by name, with its values); the identity
 * profile holds the words for each name (identity-providers/). The SCIM traffic is the evidence source of
 * every step today (steps/*.ts); another source (an identity provider's or Clumio's API) can settle the same
 * step ids with findings of its own, and the profile's words stay where they are.
 */
import type { WordValues } from '../../identity-providers/fill.js';
import type { ConnectionProblem, SetupStepId } from '../../identity-providers/profile.js';
import type { SetupCheck, SetupStep } from '../setup-types.js';
import type { SetupFacts } from '../setup-facts.js';

/** What one source concludes about a step, before the admin's confirmation is taken into account. */
export interface Finding {
  state: Exclude<SetupStep['state'], 'confirmed'>;
  evidence: SetupStep['evidence'];
  /** The name of what to tell the admin: one of the step's sayings, or `connection:<problem>` for a refused
   * request (the profile's `connection` words). Absent when there is nothing to do. */
  say?: string;
  values?: WordValues;
  /** Said before the saying: the action waits for a first connection (the profile's `notConnected`). */
  afterConnection?: boolean;
  /** Words of SCIM Desk's own that need no profile (a guard's reason, a global condition's): win over `say`. */
  fix?: string;
  /** Whether a confirmation may settle it now, when that depends on the finding (an API that does not say);
   * absent: the source's `confirmable`. */
  confirmable?: boolean;
}

export interface StepEvidenceSource {
  id: SetupStepId;
  check: SetupCheck;
  /** Whether the admin may settle it by confirming (when the evidence cannot show it); a finding may narrow it. */
  confirmable: boolean;
  /** Every saying its findings can name, so a test can hold each profile to having words for them. */
  says: readonly string[];
  settle(facts: SetupFacts): Finding;
}

export const done = (evidence: Finding['evidence']): Finding => ({ state: 'done', evidence });
export const failed = (say: string, values: WordValues = {}, evidence: Finding['evidence'] = null): Finding => ({
  state: 'failed',
  say,
  values,
  evidence,
});
export const waiting = (say: string, values: WordValues = {}, evidence: Finding['evidence'] = null): Finding => ({
  state: 'waiting',
  say,
  values,
  evidence,
});
export const todo = (say: string, values: WordValues = {}, evidence: Finding['evidence'] = null): Finding => ({
  state: 'todo',
  say,
  values,
  evidence,
});

/** The saying of a refused request. */
export const connectionSay = (problem: ConnectionProblem) => `connection:${problem}`;

/** Something authenticated has arrived: the identity provider can reach the endpoint with a token. */
export const connected = (facts: SetupFacts) => facts.summary.authenticated !== undefined;

/** An action that needs a working connection first: waiting once there is one, to do (said after the
 * profile's "first get … through") before. */
export function notYet(
  facts: SetupFacts,
  say: string,
  values: WordValues = {},
  evidence: Finding['evidence'] = null,
): Finding {
  return connected(facts) ? waiting(say, values, evidence) : { ...todo(say, values, evidence), afterConnection: true };
}

/** The identity provider can only call once a token exists (the first thing the admin pastes into it). */
export function canCall(facts: SetupFacts): boolean {
  return facts.tokens.some((t) => t.state === 'active') || facts.summary.requests !== undefined;
}
