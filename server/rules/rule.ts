/**
 * A rule in Clumio's wire format (docs/clumio.md#the-rule): exactly the fields Clumio's API takes and returns,
 * so a rule set exported from SCIM Desk can be applied to Clumio as is.
 */

export interface RuleProvision {
  /** Exactly one role per rule. */
  readonly role_id: string;
  /** One or more OUs. */
  readonly organizational_unit_ids: readonly string[];
}

/** The body of POST/PUT: what an admin writes. */
export interface RuleBody {
  readonly name: string;
  /** A string holding JSON over `user.groups` (see condition.ts), not a nested object. */
  readonly condition: string;
  readonly provision: RuleProvision;
}

/** A stored rule: the body plus the server-assigned id. Rules have no order or priority (docs/clumio.md#the-rule). */
export interface Rule extends RuleBody {
  readonly rule_id: string;
}

/** Rule names are unique ignoring case and surrounding spaces (Clumio: "The name must be unique"). */
export function ruleNameKey(name: string): string {
  return name.trim().toLowerCase();
}
