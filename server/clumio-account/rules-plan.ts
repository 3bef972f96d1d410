/**
 * A plan that makes the account's rules a desired set: the exact Clumio calls, in the order that never leaves
 * the account without a rule giving Super Admin on the Global OU, the preview of who gains, loses or changes
 * access on Okta's data, and the lockout guard's verdict. Pure: a function of the account's facts and the
 * desired set. Rules are matched to the account's by name (Clumio's rule names are unique), as an import is.
 *
 * The order: creates first (a new Super Admin rule exists before anything else moves), then updates (those
 * that leave a rule giving Super Admin on the Global OU first), then deletes (a rule giving Super Admin
 * last). Every intermediate state therefore holds at least one such rule whenever the desired set does.
 */
import type { RuleInput } from '../access/access-types.js';
import { guardEnforced, guardRefusal, guardVerdict } from '../access/lockout-guard.js';
import { RuleChangeError } from '../access/rule-change-error.js';
import { previewReport } from '../access/rules-preview.js';
import type { GuardRefusal, RulesPreview } from '../access/access-types.js';
import { superAdminRules } from '../rules/guard.js';
import type { Rule } from '../rules/rule.js';
import { planImport } from '../rules/wire-format.js';
import { CLUMIO_OPERATIONS } from '../tenants/clumio/clumio-operations.js';
import type { AccountFacts } from './account-facts.js';
import type { ClumioPlanGuard, ClumioPlannedCall } from './account-types.js';
import { accessDrift } from './drift.js';

/** One call of the plan, with the rules it is about (for the activity line). */
export interface PlanStep {
  call: ClumioPlannedCall;
  kind: 'create' | 'update' | 'delete';
  /** The rule as it will be (create, update) or as it was (delete). */
  rule: Rule;
}

export interface RulesPlan {
  steps: PlanStep[];
  preview: RulesPreview;
  guard: ClumioPlanGuard;
  /** Why apply is refused (the guard is enforced and says no); null when it may go ahead. */
  refusal: GuardRefusal | null;
  proposed: readonly Rule[];
}

const RULES_PATH = CLUMIO_OPERATIONS.listRules.path;

export const rulePath = (ruleId: string) => `${RULES_PATH}/${encodeURIComponent(ruleId)}`;

function body(rule: Rule): RuleInput {
  return {
    name: rule.name,
    condition: rule.condition,
    provision: {
      role_id: rule.provision.role_id,
      organizational_unit_ids: [...rule.provision.organizational_unit_ids],
    },
  };
}

const givesSuperAdmin = (rule: Rule) => superAdminRules([rule]).length > 0;

/** Super Admin rules first (stable otherwise). */
const superAdminFirst = (a: Rule, b: Rule) => Number(givesSuperAdmin(b)) - Number(givesSuperAdmin(a));

export function planRules(account: AccountFacts, document: unknown): RulesPlan {
  const { facts } = account;
  let placeholder = 0;
  const planned = planImport(facts.rules(), document, {
    roles: facts.roles,
    organizationalUnits: facts.organizationalUnits(),
    // Not sent: Clumio assigns the ids. The preview shows rules with these ids as not yet created.
    newRuleId: () => `proposed-${++placeholder}`,
  });
  if (!planned.ok) {
    if (planned.errors.every((e) => e.field === ''))
      throw new RuleChangeError({ kind: 'invalid-file', message: planned.errors.map((e) => e.message).join(' ') });
    throw new RuleChangeError({ kind: 'invalid-rules', errors: planned.errors });
  }
  const { plan } = planned;
  const steps: PlanStep[] = [
    ...[...plan.added].sort(superAdminFirst).map((rule): PlanStep => ({
      kind: 'create',
      rule,
      call: { method: 'POST', path: RULES_PATH, body: body(rule) },
    })),
    ...plan.changed
      .map((change) => change.after)
      .sort(superAdminFirst)
      .map((rule): PlanStep => ({
        kind: 'update',
        rule,
        call: { method: 'PUT', path: rulePath(rule.rule_id), body: body(rule) },
      })),
    ...[...plan.removed]
      .sort((a, b) => -superAdminFirst(a, b))
      .map((rule): PlanStep => ({
        kind: 'delete',
        rule,
        call: { method: 'DELETE', path: rulePath(rule.rule_id), body: null },
      })),
  ];

  const change = { rules: plan.proposed };
  const enforced = guardEnforced(facts, change);
  const verdict = guardVerdict(facts, change);
  const refusal = enforced && !verdict.ok ? guardRefusal(facts, change, verdict) : null;
  const preview = previewReport(facts, plan.proposed, false);
  if (account.users)
    preview.drift = accessDrift(facts.index(), account.users, { roles: account.roles, units: account.units });
  return {
    steps,
    preview,
    guard: { ok: refusal === null, reason: refusal?.message ?? null },
    refusal,
    proposed: plan.proposed,
  };
}
