/**
 * Whether a rule, on its own, gives anyone access today: the "matches no user" warning of previews.
 * Only members of groups relevant to the rule are evaluated, so this stays cheap on large directories.
 */
import type { AccessIndex } from '../rules/access-index.js';
import { RuleEvaluator } from '../rules/evaluator.js';
import type { Rule } from '../rules/rule.js';

export function ruleReachesSomeone(rule: Rule, index: AccessIndex): boolean {
  const evaluator = new RuleEvaluator([rule], index.roles);
  const candidates = index.membersOfGroups((group) => evaluator.isRelevantGroup(group));
  return candidates.some((user) => evaluator.evaluate(user).access.length > 0);
}
