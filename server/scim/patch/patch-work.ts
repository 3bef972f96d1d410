/**
 * The work budget of one PATCH request (SCIM_LIMITS.maxPatchWork). The engine charges before it does the work,
 * so a request that would pass the budget is refused (400 tooMany) before the work that would pass it is done:
 * no PATCH costs more than the budget, however its operations are arranged.
 *
 * One unit is comparing one value with one filter term. The other steps are charged in the same currency, by
 * what they cost relative to it when measured (`WORK`): a pathless replace touching five attributes costs
 * more than one touching one, and keying 100 emails to find duplicates costs more than comparing them once.
 */
import { ScimError } from '../errors.js';
import type { FilterNode } from '../filter/ast.js';
import { SCIM_LIMITS } from '../limits.js';

/** What each step costs, in units. */
export const WORK = {
  /** Reading and checking one operation. */
  operation: 10,
  /** Resolving and writing one attribute an operation targets (a pathless one targets several). */
  target: 10,
  /** Writing one value of a multi-valued attribute (a sub-attribute set on it, a merge). */
  valueWritten: 4,
  /** Keying one value to find duplicates or listed values (add, replace, remove by value). */
  valueKeyed: 6,
  /** Adding or removing one group member by id. */
  member: 6,
} as const;

export class PatchWork {
  private used = 0;

  constructor(readonly budget: number = SCIM_LIMITS.maxPatchWork) {}

  /** Units charged so far. */
  get spent(): number {
    return this.used;
  }

  /** Takes `units` from the budget, or refuses the request if they do not fit. */
  charge(units: number): void {
    if (this.used + units > this.budget) {
      throw new ScimError(
        400,
        'tooMany',
        `The PATCH request needs more work than one request may take (more than ${this.budget.toLocaleString('en-US')} values compared against filter terms); send its operations in smaller requests.`,
      );
    }
    this.used += units;
  }

  /** Charges for comparing `values` values against `filter`. */
  chargeFilter(values: number, filter: FilterNode): void {
    this.charge(values * termsOf(filter));
  }
}

/** Nodes of a filter: what comparing one value against it costs. */
export function termsOf(filter: FilterNode): number {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return 1 + termsOf(filter.left) + termsOf(filter.right);
    case 'not':
      return 1 + termsOf(filter.filter);
    case 'valuePath':
      return 1 + termsOf(filter.filter);
    default:
      return 1;
  }
}
