/**
 * The lockout guard (docs/decisions.md#the-lockout-guard): while auto user provisioning is on, there must be a
 * rule giving Super Admin on the Global OU, and the configured current admin (the admin's own Okta userName)
 * must keep Super Admin on the Global OU. Every change (enable, rule edit, import, current-admin change) is checked against
 * the state it would produce; a refusal says why in plain words and names the rules involved.
 * Disabling is always allowed.
 */
import type { DirectoryUser, UserAccess } from './access.js';
import { AccessIndex } from './access-index.js';
import { explainNonMatch, parseCondition } from './condition.js';
import { RuleEvaluator } from './evaluator.js';
import { GLOBAL_OU_ID, GLOBAL_OU_NAME } from './organizational-units.js';
import type { Population } from './preview.js';
import type { Rule } from './rule.js';
import { BUILT_IN_ROLES, SUPER_ADMIN_ROLE_ID, roleName, type Role } from './roles.js';

export type LockoutGuardCode =
  | 'no-super-admin-rule'
  | 'no-current-admin'
  | 'current-admin-not-found'
  | 'current-admin-inactive'
  | 'current-admin-loses-super-admin'
  /** The admin is already locked out (by the identity provider) and the change would close the way back. */
  | 'current-admin-locked-out';

export type LockoutGuardResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: LockoutGuardCode;
      readonly reason: string;
      readonly rule_ids: readonly string[];
    };

export interface LockoutGuardInput {
  /** Whether auto user provisioning is on AFTER the change (false = always allowed). */
  readonly enabled: boolean;
  /** The current admin's userName after the change (case-insensitive). */
  readonly currentAdmin: string | null | undefined;
  /** The complete rule set after the change. */
  readonly rules: readonly Rule[];
  readonly users: Population;
  /** The rule set before the change; when given, refusals name what the change breaks. */
  readonly previousRules?: readonly Rule[];
  /** The current admin before the change; when it differs, refusals speak of the new admin. */
  readonly previousAdmin?: string | null;
  readonly roles?: readonly Role[];
}

const SUPER_ADMIN_ON_GLOBAL = `Super Admin on the ${GLOBAL_OU_NAME}`;

/** Rules that give Super Admin on the Global OU. */
export function superAdminRules(rules: readonly Rule[]): Rule[] {
  return rules.filter(
    (rule) =>
      rule.provision.role_id === SUPER_ADMIN_ROLE_ID && rule.provision.organizational_unit_ids.includes(GLOBAL_OU_ID),
  );
}

function hasSuperAdminOnGlobal(access: UserAccess): boolean {
  return access.access.some((a) => a.organizational_unit_id === GLOBAL_OU_ID && a.role_id === SUPER_ADMIN_ROLE_ID);
}

/** The rules that give Super Admin on the Global OU in this access (its explanation). */
function superAdminGrantingRuleIds(access: UserAccess): string[] {
  const entry = access.access.find(
    (a) => a.organizational_unit_id === GLOBAL_OU_ID && a.role_id === SUPER_ADMIN_ROLE_ID,
  );
  return entry ? entry.rules.map((g) => g.rule_id) : [];
}

export function findUserByUserName(users: Population, userName: string): DirectoryUser | undefined {
  if (users instanceof AccessIndex) return users.findUserByUserName(userName);
  const key = userName.toLowerCase();
  return users.find((user) => user.userName.toLowerCase() === key);
}

function refuse(code: LockoutGuardCode, reason: string, ruleIds: readonly string[]): LockoutGuardResult {
  return { ok: false, code, reason, rule_ids: ruleIds };
}

/** Why a rule that used to give the admin Super Admin on the Global OU would stop doing so. */
function fateOf(previous: Rule, next: Rule | undefined, admin: DirectoryUser, roles: readonly Role[]): string {
  if (!next) return `rule '${previous.name}' would be deleted`;
  const label =
    next.name === previous.name ? `rule '${next.name}'` : `rule '${previous.name}' (renamed '${next.name}')`;
  if (next.provision.role_id !== SUPER_ADMIN_ROLE_ID) {
    return `${label} would give ${roleName(roles, next.provision.role_id)} instead of Super Admin`;
  }
  if (!next.provision.organizational_unit_ids.includes(GLOBAL_OU_ID)) {
    return `${label} would no longer include the ${GLOBAL_OU_NAME}`;
  }
  const parsed = parseCondition(next.condition);
  if (!parsed.ok) return `${label} would have an invalid condition (${parsed.error.message})`;
  return `${label} no longer matches because ${admin.userName} ${explainNonMatch(parsed.condition, admin.groups)}`;
}

/** Why a Super Admin rule does not match the admin. */
function whyNoMatch(rule: Rule, admin: DirectoryUser): string {
  const parsed = parseCondition(rule.condition);
  if (!parsed.ok) return `rule '${rule.name}' has an invalid condition (${parsed.error.message})`;
  return `rule '${rule.name}' does not match because ${admin.userName} ${explainNonMatch(parsed.condition, admin.groups)}`;
}

export function joinReasons(reasons: readonly string[]): string {
  return reasons.length <= 1
    ? (reasons[0] ?? '')
    : `${reasons.slice(0, -1).join('; ')}; and ${reasons[reasons.length - 1]}`;
}

export function checkLockoutGuard(input: LockoutGuardInput): LockoutGuardResult {
  if (!input.enabled) return { ok: true };
  const roles = input.roles ?? BUILT_IN_ROLES;
  const saRules = superAdminRules(input.rules);
  const isChange = input.previousRules !== undefined;

  if (saRules.length === 0) {
    if (!isChange) {
      return refuse(
        'no-super-admin-rule',
        `Enabling auto user provisioning needs a rule that gives ${SUPER_ADMIN_ON_GLOBAL}.`,
        [],
      );
    }
    const previous = superAdminRules(input.previousRules ?? []);
    const nextById = new Map(input.rules.map((rule) => [rule.rule_id, rule]));
    const fates = previous.map((rule) => {
      const next = nextById.get(rule.rule_id);
      if (!next) return `rule '${rule.name}' would be deleted`;
      return next.provision.role_id !== SUPER_ADMIN_ROLE_ID
        ? `rule '${rule.name}' would give ${roleName(roles, next.provision.role_id)} instead of Super Admin`
        : `rule '${rule.name}' would no longer include the ${GLOBAL_OU_NAME}`;
    });
    return refuse(
      'no-super-admin-rule',
      `This change would leave no rule that gives ${SUPER_ADMIN_ON_GLOBAL}, which auto user provisioning needs while it is on${fates.length > 0 ? `: ${joinReasons(fates)}` : ''}. Disable auto user provisioning first if you really mean it.`,
      previous.map((rule) => rule.rule_id),
    );
  }

  const adminName = input.currentAdmin?.trim() ?? '';
  const saIds = saRules.map((rule) => rule.rule_id);
  if (adminName === '') {
    return refuse(
      'no-current-admin',
      `Set the current admin (your own Okta userName) first: auto user provisioning must keep that user ${SUPER_ADMIN_ON_GLOBAL}.`,
      saIds,
    );
  }
  const admin = findUserByUserName(input.users, adminName);
  if (!admin) {
    return refuse(
      'current-admin-not-found',
      `The current admin ${adminName} has not been provisioned from Okta yet, so nothing shows they would keep ${SUPER_ADMIN_ON_GLOBAL}. Assign your own account to the app in Okta and let it sync first.`,
      saIds,
    );
  }
  if (!admin.active) {
    return refuse(
      'current-admin-inactive',
      `The current admin ${admin.userName} is deactivated in the directory, so the rules would give them no access at all.`,
      saIds,
    );
  }

  const after = new RuleEvaluator(input.rules, roles).evaluate(admin);
  if (hasSuperAdminOnGlobal(after)) return { ok: true };

  const adminChanged =
    input.previousAdmin !== undefined && (input.previousAdmin ?? '').trim().toLowerCase() !== adminName.toLowerCase();
  if (isChange && !adminChanged) {
    const before = new RuleEvaluator(input.previousRules ?? [], roles).evaluate(admin);
    const grantedBy = superAdminGrantingRuleIds(before);
    if (grantedBy.length > 0) {
      const previousById = new Map((input.previousRules ?? []).map((rule) => [rule.rule_id, rule]));
      const nextById = new Map(input.rules.map((rule) => [rule.rule_id, rule]));
      const fates = grantedBy.map((id) => fateOf(previousById.get(id)!, nextById.get(id), admin, roles));
      return refuse(
        'current-admin-loses-super-admin',
        `This change would remove ${SUPER_ADMIN_ON_GLOBAL} from the current admin ${admin.userName}: ${joinReasons(fates)}.`,
        grantedBy,
      );
    }
  }
  const reasons = saRules.map((rule) => whyNoMatch(rule, admin));
  const subject = adminChanged
    ? `${admin.userName} cannot be the current admin: they would not get ${SUPER_ADMIN_ON_GLOBAL}`
    : `The current admin ${admin.userName} would not get ${SUPER_ADMIN_ON_GLOBAL}`;
  return refuse('current-admin-loses-super-admin', `${subject}: ${joinReasons(reasons)}.`, saIds);
}

/** Whether the rules give `admin` Super Admin on the Global OU. */
export function getsSuperAdminOnGlobal(
  admin: DirectoryUser,
  rules: readonly Rule[],
  roles: readonly Role[] = BUILT_IN_ROLES,
): boolean {
  return hasSuperAdminOnGlobal(new RuleEvaluator(rules, roles).evaluate(admin));
}

/**
 * Why `admin`, who gets Super Admin on the Global OU from `previousRules`, would not get it from `rules`: the
 * rules that gave it, each with its fate. Empty when they still would, or never did.
 */
export function superAdminLoss(
  admin: DirectoryUser,
  previousRules: readonly Rule[],
  rules: readonly Rule[],
  roles: readonly Role[] = BUILT_IN_ROLES,
): { rule_ids: string[]; reasons: string[] } {
  const grantedBy = superAdminGrantingRuleIds(new RuleEvaluator(previousRules, roles).evaluate(admin));
  if (grantedBy.length === 0 || hasSuperAdminOnGlobal(new RuleEvaluator(rules, roles).evaluate(admin)))
    return { rule_ids: [], reasons: [] };
  const previousById = new Map(previousRules.map((rule) => [rule.rule_id, rule]));
  const nextById = new Map(rules.map((rule) => [rule.rule_id, rule]));
  return {
    rule_ids: grantedBy,
    reasons: grantedBy.map((id) => fateOf(previousById.get(id)!, nextById.get(id), admin, roles)),
  };
}

export interface GroupRenameCheck {
  readonly enabled: boolean;
  readonly currentAdmin: string | null | undefined;
  readonly rules: readonly Rule[];
  readonly users: Population;
  readonly from: string;
  readonly to: string;
  readonly roles?: readonly Role[];
}

export type GroupRenameResult =
  | { readonly ok: true }
  | { readonly ok: true; readonly warning: { readonly message: string; readonly rule_ids: readonly string[] } };

/**
 * A group rename arrives from Okta through SCIM, so it is always applied; this says whether it costs the
 * current admin Super Admin on the Global OU, so the activity log and the UI can raise it at once.
 */
export function checkGroupRename(input: GroupRenameCheck): GroupRenameResult {
  if (!input.enabled || input.from === input.to) return { ok: true };
  const adminName = input.currentAdmin?.trim() ?? '';
  const admin = adminName === '' ? undefined : findUserByUserName(input.users, adminName);
  if (!admin || !admin.active || !admin.groups.includes(input.from)) return { ok: true };
  const evaluator = new RuleEvaluator(input.rules, input.roles ?? BUILT_IN_ROLES);
  const before = evaluator.evaluate(admin);
  if (!hasSuperAdminOnGlobal(before)) return { ok: true };
  const renamed: DirectoryUser = {
    ...admin,
    groups: [...new Set(admin.groups.map((g) => (g === input.from ? input.to : g)))],
  };
  if (hasSuperAdminOnGlobal(evaluator.evaluate(renamed))) return { ok: true };
  const grantedBy = superAdminGrantingRuleIds(before);
  const byId = new Map(input.rules.map((rule) => [rule.rule_id, rule]));
  const reasons = grantedBy.map((id) => {
    const rule = byId.get(id)!;
    const parsed = parseCondition(rule.condition);
    const why = parsed.ok ? explainNonMatch(parsed.condition, renamed.groups) : 'its condition is invalid';
    return `rule '${rule.name}' no longer matches because ${admin.userName} ${why}`;
  });
  return {
    ok: true,
    warning: {
      message: `Renaming group "${input.from}" to "${input.to}" removes ${SUPER_ADMIN_ON_GLOBAL} from the current admin ${admin.userName}: ${joinReasons(reasons)}. Update the rule to use "${input.to}".`,
      rule_ids: grantedBy,
    },
  };
}
