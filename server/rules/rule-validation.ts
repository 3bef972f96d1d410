/**
 * Validates an untrusted rule body (from the admin API, an import or the CLI) against the role catalog,
 * the OU tree and the other rules. Parse, then trust: a valid result carries the typed body and its
 * parsed condition. Every error names its field and reads well on its own.
 */
import { parseCondition, serializeCondition, type Condition } from './condition.js';
import type { OrganizationalUnit } from './organizational-units.js';
import { ruleNameKey, type Rule, type RuleBody } from './rule.js';
import type { Role } from './roles.js';
import { isRecord } from '../util/is-record.js';

export type { Rule, RuleBody, RuleProvision } from './rule.js';

export interface FieldError {
  /** Dotted path of the offending field: `name`, `condition`, `provision.role_id`, `rules[2].name`. */
  readonly field: string;
  /** Ready to show to an admin, without the field prefix (see formatFieldErrors for one line). */
  readonly message: string;
}

export interface RuleValidationContext {
  /** Only ids are read, so the console can pass the admin API's role and OU lists as they are. */
  readonly roles: readonly Pick<Role, 'id'>[];
  readonly organizationalUnits: readonly Pick<OrganizationalUnit, 'id'>[];
  /** The stored rules; the one being updated (ruleId) is skipped in the uniqueness check. */
  readonly rules: readonly Rule[];
  /** Set when validating an update of this rule. */
  readonly ruleId?: string;
}

export type RuleValidationResult =
  | { readonly ok: true; readonly body: RuleBody; readonly condition: Condition }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export const MAX_RULE_NAME_LENGTH = 255;

const BODY_FIELDS = new Set(['name', 'condition', 'provision']);
const PROVISION_FIELDS = new Set(['role_id', 'organizational_unit_ids']);

/** `provision.role_id: unknown role "x"; name: ...` — one line for a 400 response or a CLI. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}

export function validateRuleBody(input: unknown, context: RuleValidationContext): RuleValidationResult {
  const errors: FieldError[] = [];
  const error = (field: string, message: string) => errors.push({ field, message });

  if (!isRecord(input)) {
    return {
      ok: false,
      errors: [{ field: '', message: 'A rule must be a JSON object with name, condition and provision.' }],
    };
  }

  for (const key of Object.keys(input)) {
    if (BODY_FIELDS.has(key)) continue;
    if (key === 'rule_id') {
      // Harmless when a client sends back what GET returned; an id that points elsewhere is a mistake.
      if (context.ruleId !== undefined && input.rule_id === context.ruleId) continue;
      error('rule_id', 'rule_id is assigned by the server and cannot be set or changed.');
      continue;
    }
    error(key, `unknown field "${key}"; a rule has only name, condition and provision.`);
  }

  // name
  let name = '';
  if (input.name === undefined) error('name', 'a rule needs a name.');
  else if (typeof input.name !== 'string') error('name', 'the name must be a string.');
  else if (input.name.trim() === '') error('name', 'a rule needs a name.');
  else if (input.name.trim().length > MAX_RULE_NAME_LENGTH) {
    error('name', `the name can have at most ${MAX_RULE_NAME_LENGTH} characters.`);
  } else {
    name = input.name.trim();
    const key = ruleNameKey(name);
    const clash = context.rules.find((rule) => rule.rule_id !== context.ruleId && ruleNameKey(rule.name) === key);
    if (clash) error('name', `a rule named "${clash.name}" already exists; rule names must be unique.`);
  }

  // condition
  let condition: Condition | undefined;
  if (input.condition === undefined) error('condition', 'a rule needs a condition on user.groups.');
  else {
    const parsed = parseCondition(input.condition);
    if (parsed.ok) condition = parsed.condition;
    else error('condition', parsed.error.message);
  }

  // provision
  let roleId = '';
  let ouIds: string[] = [];
  const provision = input.provision;
  if (provision === undefined) error('provision', 'a rule needs a provision with role_id and organizational_unit_ids.');
  else if (!isRecord(provision))
    error('provision', 'provision must be an object with role_id and organizational_unit_ids.');
  else {
    for (const key of Object.keys(provision)) {
      if (!PROVISION_FIELDS.has(key)) {
        error(`provision.${key}`, `unknown field "${key}"; provision has only role_id and organizational_unit_ids.`);
      }
    }
    const role = provision.role_id;
    if (role === undefined) error('provision.role_id', 'a rule needs a role.');
    else if (typeof role !== 'string') error('provision.role_id', 'role_id must be a string.');
    else if (!context.roles.some((r) => r.id === role)) error('provision.role_id', `unknown role "${role}".`);
    else roleId = role;

    const ous = provision.organizational_unit_ids;
    if (ous === undefined) error('provision.organizational_unit_ids', 'a rule needs at least one organizational unit.');
    else if (!Array.isArray(ous))
      error('provision.organizational_unit_ids', 'organizational_unit_ids must be a list of ids.');
    else if (ous.length === 0)
      error('provision.organizational_unit_ids', 'a rule needs at least one organizational unit.');
    else {
      const seen = new Set<string>();
      for (const [index, ou] of ous.entries()) {
        const field = `provision.organizational_unit_ids[${index}]`;
        if (typeof ou !== 'string') error(field, 'an organizational unit id must be a string.');
        else if (seen.has(ou)) error(field, `organizational unit "${ou}" is listed twice.`);
        else if (!context.organizationalUnits.some((unit) => unit.id === ou))
          error(field, `unknown organizational unit "${ou}".`);
        else seen.add(ou);
      }
      ouIds = [...seen];
    }
  }

  if (errors.length > 0 || condition === undefined) return { ok: false, errors };
  return {
    ok: true,
    // The condition string is kept as sent (Clumio stores it verbatim); serializeCondition gives the canonical one.
    body: {
      name,
      condition: input.condition as string,
      provision: { role_id: roleId, organizational_unit_ids: ouIds },
    },
    condition,
  };
}

/**
 * Validates a complete rule set (an import, or the proposed set of a preview): each rule, plus names unique
 * within the set. Fields are prefixed with `rules[i].`.
 */
export function validateRuleSet(
  inputs: readonly unknown[],
  context: Omit<RuleValidationContext, 'rules' | 'ruleId'>,
): { ok: true; bodies: RuleBody[] } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const bodies: RuleBody[] = [];
  const firstIndexByName = new Map<string, number>();
  inputs.forEach((input, index) => {
    const result = validateRuleBody(input, { ...context, rules: [] });
    if (!result.ok) {
      for (const e of result.errors)
        errors.push({ field: `rules[${index}]${e.field ? `.${e.field}` : ''}`, message: e.message });
      return;
    }
    const key = ruleNameKey(result.body.name);
    const first = firstIndexByName.get(key);
    if (first !== undefined) {
      errors.push({
        field: `rules[${index}].name`,
        message: `the name "${result.body.name}" is also used by rules[${first}]; rule names must be unique.`,
      });
    } else firstIndexByName.set(key, index);
    bodies.push(result.body);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, bodies };
}

/** The canonical wire form of a validated body's condition (whitespace-insensitive comparisons, exports). */
export function canonicalBody(body: RuleBody, condition: Condition): RuleBody {
  return { ...body, condition: serializeCondition(condition) };
}
