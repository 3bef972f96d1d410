/** Why the rules service refused a change, in its own words; the admin API answers each with its error code. */
import { formatFieldErrors, type FieldError } from '../rules/rule-validation.js';
import type { GuardRefusal } from './access-types.js';

export type RuleChangeFailure =
  /** Rules that break the engine's rules (fields prefixed `rules[i].` for a set). */
  | { kind: 'invalid-rules'; errors: readonly FieldError[] }
  /** An import document that is not a rule set at all. */
  | { kind: 'invalid-file'; message: string }
  | { kind: 'unknown-rule'; message: string }
  /** The lockout guard refused, while auto user provisioning is on or being turned on. */
  | { kind: 'guard-refused'; refusal: GuardRefusal };

export class RuleChangeError extends Error {
  constructor(readonly failure: RuleChangeFailure) {
    super(
      failure.kind === 'invalid-rules'
        ? formatFieldErrors(failure.errors)
        : failure.kind === 'guard-refused'
          ? failure.refusal.message
          : failure.message,
    );
    this.name = 'RuleChangeError';
  }
}
