/**
 * The vocabulary of auto user provisioning as the admin API speaks it (Clumio's snake_case names): rules in
 * Clumio's wire format, access grants with their explanation, previews and the lockout guard's verdicts.
 * The rules service (rules-service.ts) answers in these shapes; the admin contract re-exports them. Types
 * only, imported by the renderer through the contract.
 */

export type ProvisioningMethod = 'scim' | 'saml' | 'none';

/**
 * Where Okta provisions to: `scim-desk`, this endpoint (rehearsals, demos, on-prem use; the checks are settled
 * by the SCIM traffic that arrives), or `clumio`, Clumio's own SCIM URL (the rollout; the checks and the rules
 * are the admin's real Okta org and Clumio account, read and written through their APIs).
 */
export type ProvisioningTarget = 'scim-desk' | 'clumio';

// ---------------------------------------------------------------------------------------------------------
// Rules (Clumio wire format)

/**
 * The body of `POST /api/rules` and `PUT /api/rules/:id`, and one element of an export file: exactly what
 * Clumio's create-rule API takes. `condition` is a STRING holding JSON over `user.groups`, in one of six
 * forms ("Clumio-style, not Clumio-verified" matching: see server/rules/condition.ts):
 * - `{"user.groups":{"$eq":"A"}}` "This group"; `{"user.groups":{"$in":["A","B"]}}` "ANY of these groups";
 *   `{"user.groups":{"$all":["A","B"]}}` "ALL of these groups";
 * - `{"user.groups":{"$contains":{"$in":["k"]}}}` "Group CONTAINS this keyword" (one keyword),
 *   the same with several keywords "... ANY of these keywords", and
 *   `{"user.groups":{"$contains":{"$all":["k","l"]}}}` "... ALL of these keywords".
 * A PUT body may repeat the rule's own `rule_id` (as GET returned it); any other extra field is a 400.
 */
export interface RuleInput {
  name: string;
  condition: string;
  provision: RuleProvision;
}
export interface RuleProvision {
  role_id: string;
  organizational_unit_ids: string[];
}

/** A stored rule: `GET /api/rules/:id`, and the answer to POST (201) and PUT (200). DELETE answers 204. */
export interface Rule extends RuleInput {
  rule_id: string;
}

/** One row of `GET /api/rules` → `ItemList<RuleListItem>` (sorted by name). */
export interface RuleListItem extends Rule {
  /** Active users this rule currently grants access to (whether or not another rule also does). */
  user_count: number;
}

export interface RuleRef {
  /** null for a rule of a proposed set that is not stored yet. */
  rule_id: string | null;
  name: string;
}

/** `GET /api/rules/export` (a download, `Content-Disposition: attachment`) and the body of
 * `POST /api/rules/import`: each element is a valid body for Clumio's create-rule API. */
export interface RulesFile {
  rules: RuleInput[];
}

/**
 * `POST /api/rules/import?dryRun=true|false` with a {@link RulesFile}: the file REPLACES the whole rule set;
 * rules are matched to stored ones by name. `dryRun=true` (the default) stores nothing. Invalid rules answer
 * 400 `invalid_rule` with issues whose `field` is prefixed `rules[i].`; a set that breaks the guard while
 * auto user provisioning is on answers 409 `guard_refused` (even for a dry run, so the UI learns it first).
 */
export interface RulesImportResult {
  dry_run: boolean;
  applied: boolean;
  created: string[]; // rule names
  updated: string[];
  deleted: string[];
  unchanged: string[];
  preview: RulesPreview;
}

// ---------------------------------------------------------------------------------------------------------
// Access and its explanation

/** One grant: a role on one OU, with every rule (and group) that gives it. */
export interface AccessGrant {
  role_id: string;
  organizational_unit_id: string;
  rules: AccessReason[];
}
/**
 * A grant as the directory shows it for one user (`GET /api/users`, `GET /api/users/:id`): `in_effect` is true
 * while auto user provisioning is on; while it is off the grant is only what the rules WOULD give the user
 * once it is enabled (computed either way, so rules can be designed before they apply).
 */
export interface UserAccessGrant extends AccessGrant {
  in_effect: boolean;
}
export interface AccessReason {
  rule_id: string | null; // null only in previews of unsaved rules
  name: string;
  /** The user's group through which the rule matched (the first, for ALL-forms). */
  via_group: string;
  /** Every user group the condition used (several for the ALL-forms). */
  via_groups: string[];
}

/** Two or more matching rules give different roles on one OU: the most privileged role wins. */
export interface AccessConflict {
  organizational_unit_id: string;
  chosen_role_id: string;
  candidates: { role_id: string; rules: RuleRef[] }[];
}

// ---------------------------------------------------------------------------------------------------------
// Preview and guard

export interface RulesPreview {
  /** Users whose access changes, sorted by user_name. */
  users: UserAccessDiff[];
  /** Conflicts in the proposed set (after the change), per user. */
  conflicts: UserAccessConflict[];
  warnings: RuleWarning[];
  totals: {
    users_evaluated: number; // active users
    users_gaining: number;
    users_losing: number;
    users_with_access_after: number;
    users_without_access_after: number; // active users matching no rule
  };
  /** What the lockout guard says about the proposed set (computed even while disabled). */
  guard: GuardState;
  /**
   * Only for a real Clumio account (absent for SCIM Desk's own rules): where Clumio's users today differ from
   * what the account's current rules give on Okta's data, so the admin sees that "before" is not all there is.
   */
  drift?: AccessDrift[];
}

/** One user whose access in the Clumio account differs from what the account's rules give on Okta's data. */
export interface AccessDrift {
  /** The email Clumio knows the user by (the username Okta sends). */
  user_name: string;
  /** The Clumio user; null when Clumio has none yet. */
  clumio_user_id: string | null;
  /**
   * `missing_user`: the rules give access but Clumio has no such user (Okta has not pushed them, or failed to);
   * `not_assigned`: Clumio's user holds access but is not an active user assigned to the Okta app, so the
   * rules do not manage them; `access_differs`: both know the user, the access differs.
   */
  kind: 'missing_user' | 'not_assigned' | 'access_differs';
  /** What Clumio holds today, and what the rules give (role on OU pairs). */
  in_clumio: RoleOnUnit[];
  from_rules: RoleOnUnit[];
  message: string;
}

export interface RoleOnUnit {
  role_id: string;
  organizational_unit_id: string;
}

export interface UserAccessDiff {
  user_id: string;
  user_name: string;
  display_name: string | null;
  gained: AccessGrant[];
  lost: AccessGrant[];
  /** Same OU, different role (also listed in gained/lost). */
  role_changes: { organizational_unit_id: string; from_role_id: string; to_role_id: string }[];
  /** Had some access before and none after. */
  left_without_access: boolean;
}

export interface UserAccessConflict extends AccessConflict {
  user_id: string;
  user_name: string;
}

/** Problems with group names and keywords in conditions; they never block saving. */
export type RuleWarning =
  | { kind: 'unknown_group'; rule: RuleRef; value: string; message: string }
  | { kind: 'near_miss'; rule: RuleRef; value: string; suggestion: string; message: string } // case/spacing
  | { kind: 'keyword_matches_nothing'; rule: RuleRef; value: string; message: string }
  | { kind: 'generated_group_name'; rule: RuleRef; value: string; message: string } // a group named like a UUID (docs/entra.md#what-scim-desk-flags-from-entras-traffic)
  | { kind: 'matches_no_user'; rule: RuleRef; message: string }
  | { kind: 'current_admin_unknown'; value: string; message: string };

export interface GuardState {
  /** true while auto user provisioning is on (the guard then refuses changes that fail it). */
  enforced: boolean;
  verdict: GuardVerdict;
}
/**
 * `note` (allowed changes only) is set while the current admin is already locked out by the identity
 * provider: it says so, and whether this change gives them Super Admin back or leaves things as they are.
 */
export type GuardVerdict = { allowed: true; note?: string } | ({ allowed: false } & GuardRefusal);

/** Why the guard refuses (docs/decisions.md#the-lockout-guard), with the rules involved. The 409 body's `details`. */
export interface GuardRefusal {
  reason:
    | 'no_super_admin_rule' // no rule gives Super Admin on the Global OU
    | 'current_admin_not_set' // settings.current_admin is empty
    | 'current_admin_unknown' // no user with that userName has been provisioned
    | 'current_admin_inactive'
    | 'current_admin_loses_super_admin' // the admin would not keep Super Admin on the Global OU
    | 'current_admin_locked_out'; // the admin is already locked out by the identity provider, and the change closes the way back
  /** A plain sentence, e.g. "alice@example.com would lose Super Admin on the Global OU: rule 'Admins' is deleted." */
  message: string;
  rules: RuleRef[];
  current_admin: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// The current admin locked out by the identity provider (SCIM Desk's own shape, so camelCase)

/** What the identity provider changed that took Super Admin on the Global OU from the current admin. */
export type AdminLockoutCauseKind =
  'member-removed' | 'user-deactivated' | 'user-deleted' | 'group-renamed' | 'group-deleted' | 'other';

export interface AdminLockoutCause {
  kind: AdminLockoutCauseKind;
  /** The group involved (its name before the change), for the group kinds and `member-removed`. */
  group: { id: string; displayName: string } | null;
  /** `group-renamed`: the new name. */
  renamedTo: string | null;
  /** The change in words, e.g. `Okta removed alice@example.com from "Clumio Admins"`. */
  summary: string;
}

/** The SCIM request that made the change, as the activity log recorded it. */
export interface AdminLockoutRequest {
  activityId: string;
  time: string;
  method: string;
  path: string;
  status: number;
  userAgent: string | null;
  tokenLabel: string | null;
}

/**
 * `GET /api/admin-lockout` → `{ lockout }`: set while auto user provisioning is on and the current admin has
 * no Super Admin on the Global OU. Derived from the directory and the rules as they are now, so it ends by
 * itself once the admin has it again or auto user provisioning is turned off; what caused it is remembered
 * in the data folder, so it survives a restart.
 */
export interface AdminLockout {
  currentAdmin: string;
  /** One sentence: who lacks what, and what that means. */
  message: string;
  /** null when SCIM Desk did not see the change (it happened before this version, or the record was lost). */
  cause: AdminLockoutCause | null;
  /** When the change was committed. */
  since: string | null;
  /** null when no SCIM request made the change (e.g. rehearsal data removed) or it was not recorded. */
  request: AdminLockoutRequest | null;
  /** The rules that gave the admin Super Admin on the Global OU before the change. */
  rules: RuleRef[];
  /** The two ways out: undo the change in the identity provider, or turn auto user provisioning off. */
  waysOut: string[];
}

export interface AdminLockoutStatus {
  lockout: AdminLockout | null;
}
