/**
 * What a rules change is previewed and guarded against, and where it is written: the two seams of the rules
 * service. SCIM Desk's own store is one target (store-target.ts); an admin's Clumio account, read and
 * written through its API with the identity provider's groups and members as the users, is another. Both
 * run the same preview and the same guard.
 */
import type { DirectoryUser } from '../rules/access.js';
import type { AccessIndex } from '../rules/access-index.js';
import type { OrganizationalUnit } from '../rules/organizational-units.js';
import type { Rule } from '../rules/rule.js';
import type { Role } from '../rules/roles.js';

/** A target's rules and settings: what every question about it starts from, without its users. */
export interface RulesSettings {
  /** The roles rules may give, most privileged first. */
  readonly roles: readonly Role[];
  /** The target's rule set: the one source every read and check of rules uses. */
  rules(): readonly Rule[];
  organizationalUnits(): readonly OrganizationalUnit[];
  /** The admin's own userName: the account that must keep Super Admin on the Global OU. */
  currentAdmin(): string | null;
  autoUserProvisioning(): boolean;
}

/** One target as it is now. Reads only: previews and the guard are functions of these facts. */
export interface RulesFacts extends RulesSettings {
  /**
   * The users with their groups, and the access the current rules give them: the whole population, or (facts
   * read for a `FactsScope`) at least the members of every group the scope's rule sets could look at and the
   * users it names. Positive conditions make that enough: a user in none of those groups has no access under
   * any of the rule sets.
   */
  index(): AccessIndex;
  /** Every group name, empty groups included (for unknown-group and near-miss warnings). */
  groupNames(): Iterable<string>;
  /** A user's display name, for previews (the index knows userNames only). */
  displayName(userId: string): string | null;
  /** The active users of the whole directory, when `index` holds part of it (else they are counted there). */
  activeUsers?(): number;
  /**
   * What is remembered of the identity provider's change that locked the current admin out, or null when
   * they are not locked out. A target that cannot tell leaves it out: the guard then treats every change
   * of the Super Admin rules as closing the way back.
   */
  lockout?(): LockoutMemory | null;
}

/** What a question about a target covers: the rule sets it compares and the userNames it looks up. */
export interface FactsScope {
  readonly ruleSets: readonly (readonly Rule[])[];
  readonly userNames: readonly (string | null)[];
}

/**
 * A target whose facts are read for each question: SCIM Desk's own store, which on PostgreSQL keeps no user in
 * memory and reads the population a question covers (and drops it once answered).
 */
export interface RulesTarget extends RulesSettings {
  facts(scope: FactsScope): Promise<RulesFacts>;
}

/** The identity provider's change that locked the current admin out, as far as it was seen. */
export interface LockoutMemory {
  /** The change in words, with the request that made it (e.g. `Okta removed … from "Clumio Admins" (PATCH …)`); null when not seen. */
  cause: string | null;
  /** The admin as they were just before it (undoing the change restores this); null when not seen. */
  wayBack: DirectoryUser | null;
}

/** A change of the rule set: rules written (new or replaced, by rule_id) and rule ids deleted. */
export interface RuleSetChange {
  readonly put: readonly Rule[];
  readonly deleted: readonly string[];
}

/** Where a target's changes are written. Each write is one change, resolved once it is durable there. */
export interface RulesSink {
  writeRules(change: RuleSetChange): Promise<void>;
  writeAutoUserProvisioning(enabled: boolean): Promise<void>;
}

/** A target whose facts hold its whole population already (every question gets the same facts). */
export function wholeTarget(facts: RulesFacts): RulesTarget {
  return { ...facts, facts: async () => facts };
}
