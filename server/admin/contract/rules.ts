/** Roles, organizational units, rules, access and previews: what models Clumio's API, in Clumio's field names. */
import type { RuleInput } from '../../access/access-types.js';

/** Fixed ids from Clumio's public API, defined once by the rules engine. */
export { GLOBAL_OU_ID, SUPER_ADMIN_ROLE_ID } from '../../rules/well-known-ids.js';

/** `GET /api/roles` → `ItemList<Role>`, most privileged first (the order used to resolve conflicts). */
export interface Role {
  id: string;
  name: string;
  description: string;
}

/** The Global OU has `parent_id: null`; every other OU has a parent. Names are unique. */
export interface OrganizationalUnit {
  id: string;
  name: string;
  parent_id: string | null;
  description: string;
}

/** `POST /api/organizational-units` → 201 OrganizationalUnit. `parent_id` defaults to the Global OU. */
export interface OrganizationalUnitInput {
  name: string;
  parent_id?: string;
  description?: string;
}

/** `PUT /api/organizational-units/:id` → 200 OrganizationalUnit: rename, move (new `parent_id`) or
 * describe; absent fields keep their value. The Global OU cannot be moved or deleted. `DELETE` answers 204,
 * or 409 `organizational_unit_in_use` naming the rules, `organizational_unit_has_children`, or
 * `guard_refused`. Unknown id: 404. */
export type OrganizationalUnitUpdate = Partial<OrganizationalUnitInput>;

export type {
  AccessConflict,
  AccessGrant,
  AccessReason,
  Rule,
  RuleInput,
  RuleListItem,
  RuleProvision,
  RuleRef,
  RulesFile,
  RulesImportResult,
  UserAccessGrant,
} from '../../access/access-types.js';

/**
 * `POST /api/rules/preview`: the complete proposed rule set. Rules that carry a `rule_id` are edits of the
 * stored rule with that id; rules without one are new; stored rules missing from the set are deletions.
 * Invalid rules answer 400 `invalid_rule` (fields prefixed `rules[i].`). Nothing is stored.
 */
export interface RulesPreviewRequest {
  rules: (RuleInput & { rule_id?: string })[];
  /** true: preview turning auto user provisioning on with this set. "Before" is then no rule-based access
   * at all (so every grant is gained), and the guard is checked as `PUT is_enabled=true` would check it. */
  enabling?: boolean;
}

export type {
  AccessDrift,
  GuardRefusal,
  GuardState,
  GuardVerdict,
  RulesPreview,
  RuleWarning,
  UserAccessConflict,
  UserAccessDiff,
  RoleOnUnit,
} from '../../access/access-types.js';
