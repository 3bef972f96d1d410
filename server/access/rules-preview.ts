/**
 * The answer to "who would gain, lose or change access?" for a proposed rule set (or for enabling auto user
 * provisioning with it), in the admin API's shape: the engine's preview, plus the totals over every active
 * user, the warnings that need the directory (a rule that reaches nobody, an admin not provisioned yet) and
 * the guard's verdict. A function of a target's facts, so every target previews the same way.
 */
import { findUserByUserName } from '../rules/guard.js';
import { previewEnable, previewRules, type AccessPreview, type EnablePreview } from '../rules/preview.js';
import type { Rule } from '../rules/rule.js';
import { RuleNames, toGuardState, toRulesPreview } from './access-shapes.js';
import type { RuleWarning, RulesPreview } from './access-types.js';
import { guardEnforced, guardVerdict } from './lockout-guard.js';
import { ruleReachesSomeone } from './rule-reach.js';
import type { RulesFacts } from './rules-facts.js';

export function previewReport(facts: RulesFacts, proposed: readonly Rule[], enabling: boolean): RulesPreview {
  const index = facts.index();
  const current = facts.rules();
  const knownGroups = facts.groupNames();
  const result: AccessPreview | EnablePreview = enabling
    ? previewEnable(proposed, index, { roles: facts.roles, knownGroups })
    : previewRules(current, proposed, index, { roles: facts.roles, knownGroups });
  const names = new RuleNames(proposed, current);
  const currentAdmin = facts.currentAdmin();

  const extraWarnings: RuleWarning[] = [];
  const fresh = new Set([...result.rule_changes.added, ...result.rule_changes.changed].map((r) => r.rule_id));
  for (const rule of proposed) {
    if (fresh.has(rule.rule_id) && !ruleReachesSomeone(rule, index)) {
      extraWarnings.push({
        kind: 'matches_no_user',
        rule: names.ref(rule.rule_id),
        message: `Rule '${rule.name}' gives nobody access today.`,
      });
    }
  }
  if (currentAdmin !== null && !findUserByUserName(index, currentAdmin)) {
    extraWarnings.push({
      kind: 'current_admin_unknown',
      value: currentAdmin,
      message: `The current admin ${currentAdmin} has not been provisioned yet, so the preview cannot show whether they keep Super Admin.`,
    });
  }

  // The index may hold only the users the rules could give access to (they all are in it): the active users
  // of the whole directory then come from the target.
  let activeInIndex = 0;
  let activeWithAccessBefore = 0;
  for (const user of index.users()) {
    if (!user.active) continue;
    activeInIndex++;
    if (!enabling && index.accessOf(user.id).length > 0) activeWithAccessBefore++;
  }
  const activeUsers = facts.activeUsers?.() ?? activeInIndex;
  const change = enabling ? { rules: proposed, enabling: true } : { rules: proposed };
  return toRulesPreview(result, proposed, names, {
    displayName: (id) => facts.displayName(id),
    userName: (id) => index.getUser(id)?.userName ?? id,
    activeUsers,
    activeWithAccessBefore,
    hadAccessBefore: (id) => !enabling && index.accessOf(id).length > 0,
    extraWarnings,
    guard: toGuardState(guardEnforced(facts, change), guardVerdict(facts, change), names, currentAdmin),
  });
}
