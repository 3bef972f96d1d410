/**
 * Is the rule in the editor one the server would accept, and if not, what should the admin fix, field by
 * field, in plain words? Validity is decided by the server's own validation (server/rules, plain TypeScript
 * with no Node types), so the console never asks for a preview or a save the server would refuse; the words
 * are the console's, chosen from the form's state because the server's are written for API and CLI users
 * (`rules[0].condition: "$eq" has an empty group name.`).
 * Imports name their .js files so the unit tests, type-checked as Node ESM, can load this module too.
 */
import type {
  OrganizationalUnit,
  Role,
  Rule,
  RuleInput,
  RulesPreviewRequest,
} from '../../../../server/admin/contract.js';
import { ruleNameKey } from '../../../../server/rules/rule.js';
import {
  MAX_RULE_NAME_LENGTH,
  validateRuleBody,
  validateRuleSet,
  type FieldError,
} from '../../../../server/rules/rule-validation.js';
import { encodeCondition, isGroupMode, isSingleValue, type ConditionDraft } from './condition-form.js';

export interface RuleDraft {
  name: string;
  condition: ConditionDraft;
  role_id: string;
  organizational_unit_ids: string[];
}

/** The editor's fields: `value-0`, `value-1`… are the group name or keyword boxes. */
export type FormField = 'name' | `value-${number}` | 'condition' | 'role' | 'organizational-units';

export interface FormIssue {
  field: FormField;
  message: string;
}

export interface RuleCheckContext {
  roles: readonly Role[];
  organizationalUnits: readonly OrganizationalUnit[];
  /** The stored rules (names must be unique among them). */
  rules: readonly Rule[];
  /** The rule being edited, when it is stored already. */
  ruleId?: string;
}

export function draftToInput(draft: RuleDraft): RuleInput {
  return {
    name: draft.name,
    condition: encodeCondition(draft.condition),
    provision: { role_id: draft.role_id, organizational_unit_ids: draft.organizational_unit_ids },
  };
}

/** The draft's problems in the admin's words; empty when the server would accept the rule. */
export function checkRuleDraft(draft: RuleDraft, context: RuleCheckContext): FormIssue[] {
  const result = validateRuleBody(draftToInput(draft), {
    roles: context.roles,
    organizationalUnits: context.organizationalUnits,
    rules: context.rules,
    ...(context.ruleId !== undefined ? { ruleId: context.ruleId } : {}),
  });
  return result.ok ? [] : plainIssues(result.errors, draft, context);
}

/**
 * The server's field errors for this rule (from the check above, or a 400 answer to a save) as one plain
 * message per form field. The server says which fields are wrong; the draft says why, in words.
 */
export function plainIssues(errors: readonly FieldError[], draft: RuleDraft, context: RuleCheckContext): FormIssue[] {
  const issues: FormIssue[] = [];
  const add = (issue: FormIssue) => {
    if (!issues.some((i) => i.field === issue.field)) issues.push(issue);
  };
  for (const error of errors) {
    if (error.field === 'name')
      add({ field: 'name', message: nameMessage(draft.name, context) ?? sentence(error.message) });
    else if (error.field === 'condition') {
      const valueIssues = conditionIssues(draft.condition);
      if (valueIssues.length > 0) valueIssues.forEach(add);
      else add({ field: 'condition', message: sentence(error.message) });
    } else if (error.field === 'provision.role_id' || error.field === 'provision') {
      add({
        field: 'role',
        message: draft.role_id === '' ? 'Choose a role.' : "This rule's role no longer exists. Choose another one.",
      });
    } else if (error.field.startsWith('provision.organizational_unit_ids')) {
      add({
        field: 'organizational-units',
        message:
          draft.organizational_unit_ids.length === 0
            ? 'Tick at least one organizational unit.'
            : 'An organizational unit of this rule no longer exists. Untick it, or tick another one.',
      });
    } else add({ field: 'condition', message: sentence(error.message) });
  }
  return issues;
}

function nameMessage(name: string, context: RuleCheckContext): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the rule a name.';
  if (trimmed.length > MAX_RULE_NAME_LENGTH)
    return `Use at most ${MAX_RULE_NAME_LENGTH} characters (this name has ${trimmed.length.toLocaleString()}).`;
  const clash = context.rules.find(
    (rule) => rule.rule_id !== context.ruleId && ruleNameKey(rule.name) === ruleNameKey(trimmed),
  );
  if (clash)
    return `Another rule is already called "${clash.name}". Choose a name no other rule has (capital letters do not count).`;
  return undefined;
}

function conditionIssues(condition: ConditionDraft): FormIssue[] {
  const what = isGroupMode(condition.mode) ? 'group name' : 'keyword';
  const single = isSingleValue(condition.mode);
  const values = single ? condition.values.slice(0, 1) : condition.values;
  const issues: FormIssue[] = [];
  values.forEach((value, index) => {
    if (value !== '' && value.trim() === '')
      issues.push({ field: `value-${index}`, message: `A ${what} cannot be only spaces.` });
  });
  if (issues.length === 0 && values.every((value) => value === '')) {
    issues.push({ field: 'value-0', message: single ? `Type the ${what}.` : `Type at least one ${what}.` });
  }
  return issues;
}

/** "a rule needs a name." → "A rule needs a name." */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/**
 * The problems of the other rules in a proposed set (a stored rule that is no longer valid, say an OU was
 * removed under it), as the server's preview would find them; the edited rule at `editedIndex` is left to
 * checkRuleDraft. Empty when the server would accept the set.
 */
export function otherRulesIssues(
  request: RulesPreviewRequest,
  editedIndex: number,
  context: Omit<RuleCheckContext, 'rules' | 'ruleId'>,
): string[] {
  const bodies = request.rules.map((rule) => ({
    name: rule.name,
    condition: rule.condition,
    provision: rule.provision,
  }));
  const result = validateRuleSet(bodies, { roles: context.roles, organizationalUnits: context.organizationalUnits });
  return result.ok ? [] : otherRulesMessages(result.errors, request, editedIndex);
}

/** Set-level errors (`rules[2].provision…`) of every rule but the edited one, each naming its rule. */
export function otherRulesMessages(
  errors: readonly FieldError[],
  request: RulesPreviewRequest,
  editedIndex: number,
): string[] {
  return errors.flatMap((error) => {
    const match = /^rules\[(\d+)\]/.exec(error.field);
    const index = match ? Number(match[1]) : -1;
    if (index === editedIndex) return [];
    const name = request.rules[index]?.name;
    return [`${name ? `Rule "${name}"` : 'The rule set'}: ${sentence(error.message)}`];
  });
}
