/**
 * Clumio's rule condition: a string holding JSON over `user.groups`, in exactly six forms
 * (docs/clumio.md#condition-forms):
 *
 *   {"user.groups":{"$eq":"A"}}                       this group
 *   {"user.groups":{"$in":["A","B"]}}                 any of these groups
 *   {"user.groups":{"$all":["A","B"]}}                all of these groups
 *   {"user.groups":{"$contains":{"$in":["k"]}}}       a group name contains this keyword
 *   {"user.groups":{"$contains":{"$in":["k","l"]}}}   a group name contains any of these keywords
 *   {"user.groups":{"$contains":{"$all":["k","l"]}}}  a group name contains all of these keywords
 *
 * Matching semantics Clumio does not document. Our choices, "Clumio-style, not Clumio-verified"
 * (docs/decisions.md#rule-evaluation):
 * - group names match exactly, case included (SCIM group display names are what Okta pushes);
 * - `$contains` is a case-sensitive substring match on each group name (Clumio's own `$contains` filter on
 *   rule names is documented as "a case sensitive substring", so we keep the same convention);
 * - "contains ALL keywords" must be satisfied by ONE group name holding every keyword ("User's group must
 *   contain all the specified keywords"), not by keywords spread over several groups.
 */
import { isRecord } from '../util/is-record.js';

export const CONDITION_FIELD = 'user.groups';

export type Condition =
  | { readonly kind: 'eq'; readonly group: string }
  | { readonly kind: 'in'; readonly groups: readonly string[] }
  | { readonly kind: 'all'; readonly groups: readonly string[] }
  /** `$contains` + `$in`: one keyword is Clumio's "contains this keyword", several are "any of". */
  | { readonly kind: 'contains-any'; readonly keywords: readonly string[] }
  | { readonly kind: 'contains-all'; readonly keywords: readonly string[] };

/** The six forms as Clumio's UI names them ("Group Selection"). */
export type ConditionForm =
  | 'this-group'
  | 'any-of-groups'
  | 'all-of-groups'
  | 'contains-keyword'
  | 'contains-any-keyword'
  | 'contains-all-keywords';

export const CONDITION_FORM_LABELS: Readonly<Record<ConditionForm, string>> = {
  'this-group': 'This group',
  'any-of-groups': 'ANY of these groups',
  'all-of-groups': 'ALL of these groups',
  'contains-keyword': 'Group CONTAINS this keyword',
  'contains-any-keyword': 'Group CONTAINS ANY of these keywords',
  'contains-all-keywords': 'Group CONTAINS ALL of these keywords',
};

export function conditionForm(condition: Condition): ConditionForm {
  switch (condition.kind) {
    case 'eq':
      return 'this-group';
    case 'in':
      return 'any-of-groups';
    case 'all':
      return 'all-of-groups';
    case 'contains-any':
      return condition.keywords.length === 1 ? 'contains-keyword' : 'contains-any-keyword';
    case 'contains-all':
      return 'contains-all-keywords';
  }
}

export type ConditionErrorCode =
  | 'not-a-string'
  | 'malformed-json'
  | 'not-an-object'
  | 'missing-field'
  | 'unknown-field'
  | 'extra-keys'
  | 'unknown-operator'
  | 'not-a-list'
  | 'empty-list'
  | 'not-a-string-entry'
  | 'empty-string';

export interface ConditionError {
  readonly code: ConditionErrorCode;
  /** Ready to show to an admin. */
  readonly message: string;
}

export type ConditionParseResult =
  { readonly ok: true; readonly condition: Condition } | { readonly ok: false; readonly error: ConditionError };

const EXAMPLE = `{"user.groups":{"$in":["Clumio Admins"]}}`;
const OPERATORS = '"$eq", "$in", "$all" or "$contains"';

function failure(code: ConditionErrorCode, message: string): ConditionParseResult {
  return { ok: false, error: { code, message } };
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Exactly one key, or an error naming the surplus; `where` says which level, for the message. */
function singleKey(object: Record<string, unknown>, where: string): [string, unknown] | ConditionParseResult {
  const keys = Object.keys(object);
  if (keys.length === 0) return failure('missing-field', `${where} is empty; it needs one of ${OPERATORS}.`);
  if (keys.length > 1) {
    return failure('extra-keys', `${where} must have exactly one key, found ${keys.map((k) => `"${k}"`).join(', ')}.`);
  }
  const key = keys[0]!;
  return [key, object[key]];
}

/** A non-empty list of non-blank strings; `what` is "group" or "keyword". */
function parseNameList(value: unknown, operator: string, what: string): readonly string[] | ConditionParseResult {
  if (!Array.isArray(value)) {
    return failure('not-a-list', `"${operator}" needs a list of ${what} names, found ${describeJsonType(value)}.`);
  }
  if (value.length === 0) return failure('empty-list', `"${operator}" needs at least one ${what}; the list is empty.`);
  for (const [index, entry] of value.entries()) {
    if (typeof entry !== 'string') {
      return failure(
        'not-a-string-entry',
        `"${operator}" entry ${index + 1} must be a ${what} name in quotes, found ${describeJsonType(entry)}.`,
      );
    }
    if (entry.trim() === '')
      return failure('empty-string', `"${operator}" entry ${index + 1} is an empty ${what} name.`);
  }
  return value as string[];
}

function isResult(value: unknown): value is ConditionParseResult {
  return isRecord(value) && 'ok' in value;
}

/** Parses a condition string (or rejects a non-string, e.g. a nested object sent by mistake). */
export function parseCondition(text: unknown): ConditionParseResult {
  if (typeof text !== 'string') {
    return failure(
      'not-a-string',
      `The condition must be a string holding JSON, e.g. "${EXAMPLE.replaceAll('"', '\\"')}", found ${describeJsonType(text)}.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return failure('malformed-json', `The condition is not valid JSON: ${(error as Error).message}.`);
  }
  if (!isRecord(json)) {
    return failure(
      'not-an-object',
      `The condition must be a JSON object like ${EXAMPLE}, found ${describeJsonType(json)}.`,
    );
  }
  const top = singleKey(json, 'The condition');
  if (isResult(top)) return top;
  const [field, operation] = top;
  if (field !== CONDITION_FIELD) {
    return failure('unknown-field', `Unknown field "${field}": conditions can only test "${CONDITION_FIELD}".`);
  }
  if (!isRecord(operation)) {
    return failure(
      'not-an-object',
      `"${CONDITION_FIELD}" must hold an operator object like {"$in":[...]}, found ${describeJsonType(operation)}.`,
    );
  }
  const op = singleKey(operation, `"${CONDITION_FIELD}"`);
  if (isResult(op)) return op;
  const [operator, operand] = op;
  switch (operator) {
    case '$eq': {
      if (typeof operand !== 'string') {
        return failure(
          'not-a-string-entry',
          `"$eq" needs one group name in quotes, found ${describeJsonType(operand)}.`,
        );
      }
      if (operand.trim() === '') return failure('empty-string', `"$eq" has an empty group name.`);
      return { ok: true, condition: { kind: 'eq', group: operand } };
    }
    case '$in':
    case '$all': {
      const groups = parseNameList(operand, operator, 'group');
      if (isResult(groups)) return groups;
      return { ok: true, condition: { kind: operator === '$in' ? 'in' : 'all', groups } };
    }
    case '$contains': {
      if (!isRecord(operand)) {
        return failure(
          'not-an-object',
          `"$contains" must hold {"$in":[...]} or {"$all":[...]} with keywords, found ${describeJsonType(operand)}.`,
        );
      }
      const inner = singleKey(operand, '"$contains"');
      if (isResult(inner)) return inner;
      const [innerOperator, keywordsValue] = inner;
      if (innerOperator !== '$in' && innerOperator !== '$all') {
        return failure(
          'unknown-operator',
          `Unknown operator "${innerOperator}" inside "$contains": use "$in" (any keyword) or "$all" (all keywords).`,
        );
      }
      const keywords = parseNameList(keywordsValue, `$contains.${innerOperator}`, 'keyword');
      if (isResult(keywords)) return keywords;
      return { ok: true, condition: { kind: innerOperator === '$in' ? 'contains-any' : 'contains-all', keywords } };
    }
    default:
      return failure('unknown-operator', `Unknown operator "${operator}": use ${OPERATORS}.`);
  }
}

/** The exact wire string Clumio takes (compact JSON, keys in Clumio's order). */
export function serializeCondition(condition: Condition): string {
  return JSON.stringify({ [CONDITION_FIELD]: conditionOperation(condition) });
}

function conditionOperation(condition: Condition): unknown {
  switch (condition.kind) {
    case 'eq':
      return { $eq: condition.group };
    case 'in':
      return { $in: condition.groups };
    case 'all':
      return { $all: condition.groups };
    case 'contains-any':
      return { $contains: { $in: condition.keywords } };
    case 'contains-all':
      return { $contains: { $all: condition.keywords } };
  }
}

/** Whether one group name alone satisfies a `$contains` condition (a single group must hold ALL keywords). */
export function groupNameContains(
  condition: Condition & { kind: 'contains-any' | 'contains-all' },
  groupName: string,
): boolean {
  return condition.kind === 'contains-any'
    ? condition.keywords.some((keyword) => groupName.includes(keyword))
    : condition.keywords.every((keyword) => groupName.includes(keyword));
}

/**
 * Straightforward reference matcher: the groups that satisfy the condition, or undefined when it does
 * not match. The engine uses a precompiled equivalent; this one serves explanations and tests.
 */
export function matchCondition(condition: Condition, userGroups: readonly string[]): string[] | undefined {
  const have = new Set(userGroups);
  switch (condition.kind) {
    case 'eq':
      return have.has(condition.group) ? [condition.group] : undefined;
    case 'in': {
      const via = [...new Set(condition.groups.filter((g) => have.has(g)))].sort();
      return via.length > 0 ? via : undefined;
    }
    case 'all':
      return condition.groups.every((g) => have.has(g)) ? [...new Set(condition.groups)].sort() : undefined;
    case 'contains-any':
    case 'contains-all': {
      const via = [...have].filter((g) => groupNameContains(condition, g)).sort();
      return via.length > 0 ? via : undefined;
    }
  }
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** Why a condition does not match a user, in words: "is not in group "Okta Admins"". */
export function explainNonMatch(condition: Condition, userGroups: readonly string[]): string {
  const have = new Set(userGroups);
  switch (condition.kind) {
    case 'eq':
      return `is not in group "${condition.group}"`;
    case 'in':
      return condition.groups.length === 1
        ? `is not in group "${condition.groups[0]}"`
        : `is in none of the groups ${quoteList(condition.groups)}`;
    case 'all': {
      const missing = [...new Set(condition.groups.filter((g) => !have.has(g)))];
      return `is not in ${missing.length === 1 ? 'group' : 'groups'} ${quoteList(missing)} (the rule needs all of ${quoteList(condition.groups)})`;
    }
    case 'contains-any':
      return condition.keywords.length === 1
        ? `has no group whose name contains "${condition.keywords[0]}"`
        : `has no group whose name contains any of ${quoteList(condition.keywords)}`;
    case 'contains-all':
      return `has no group whose name contains all of ${quoteList(condition.keywords)}`;
  }
}

/** Group names a condition refers to by exact name (empty for the `$contains` forms). */
export function conditionGroupNames(condition: Condition): readonly string[] {
  switch (condition.kind) {
    case 'eq':
      return [condition.group];
    case 'in':
    case 'all':
      return condition.groups;
    case 'contains-any':
    case 'contains-all':
      return [];
  }
}

/** Keywords of a `$contains` condition (empty for the exact forms). */
export function conditionKeywords(condition: Condition): readonly string[] {
  return condition.kind === 'contains-any' || condition.kind === 'contains-all' ? condition.keywords : [];
}

/** Canonical form for comparing two condition strings that may differ in whitespace only. */
export function canonicalCondition(text: string): string {
  const parsed = parseCondition(text);
  return parsed.ok ? serializeCondition(parsed.condition) : text;
}
