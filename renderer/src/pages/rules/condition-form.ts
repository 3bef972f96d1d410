/**
 * The six condition forms of Clumio's rules as the editor's form model, and their `condition` strings.
 * Validity is the server's own code (rule-form-check.ts); this only turns a form into JSON and back.
 */
import { isRecord } from '../../api/is-record.js';

export type ConditionMode =
  | 'this-group'
  | 'any-of-groups'
  | 'all-of-groups'
  | 'contains-keyword'
  | 'contains-any-keyword'
  | 'contains-all-keywords';

export interface ConditionDraft {
  mode: ConditionMode;
  /** Group names or keywords; one entry for the single-value modes. */
  values: string[];
}

export const CONDITION_MODES: readonly { mode: ConditionMode; label: string }[] = [
  { mode: 'this-group', label: 'This group' },
  { mode: 'any-of-groups', label: 'ANY of these groups' },
  { mode: 'all-of-groups', label: 'ALL of these groups' },
  { mode: 'contains-keyword', label: 'Group CONTAINS this keyword' },
  { mode: 'contains-any-keyword', label: 'Group CONTAINS ANY of these keywords' },
  { mode: 'contains-all-keywords', label: 'Group CONTAINS ALL of these keywords' },
];

export function modeLabel(mode: ConditionMode): string {
  return CONDITION_MODES.find((m) => m.mode === mode)?.label ?? mode;
}

export function isSingleValue(mode: ConditionMode): boolean {
  return mode === 'this-group' || mode === 'contains-keyword';
}

/** Group modes take exact group names (with suggestions); keyword modes take substrings. */
export function isGroupMode(mode: ConditionMode): boolean {
  return mode === 'this-group' || mode === 'any-of-groups' || mode === 'all-of-groups';
}

export function encodeCondition(draft: ConditionDraft): string {
  const values = isSingleValue(draft.mode) ? draft.values.slice(0, 1) : draft.values.filter((v) => v !== '');
  const operand = (() => {
    switch (draft.mode) {
      case 'this-group':
        return { $eq: values[0] ?? '' };
      case 'any-of-groups':
        return { $in: values };
      case 'all-of-groups':
        return { $all: values };
      case 'contains-keyword':
      case 'contains-any-keyword':
        return { $contains: { $in: values } };
      case 'contains-all-keywords':
        return { $contains: { $all: values } };
    }
  })();
  return JSON.stringify({ 'user.groups': operand });
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/**
 * The form for a stored condition, or undefined when it is not one of the six forms. One keyword under
 * `$contains.$in` is Clumio's "CONTAINS this keyword" unless `chosen` says the admin wrote it as "CONTAINS
 * ANY of these keywords" (the two are the same string; see remembered-forms.ts).
 */
export function decodeCondition(text: string, chosen?: ConditionMode): ConditionDraft | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(json) || Object.keys(json).length !== 1 || !isRecord(json['user.groups'])) return undefined;
  const operand = json['user.groups'];
  const keys = Object.keys(operand);
  if (keys.length !== 1) return undefined;
  const [operator] = keys;
  const value = operand[operator!];
  if (operator === '$eq' && typeof value === 'string') return { mode: 'this-group', values: [value] };
  const list = stringList(value);
  if (operator === '$in' && list) return { mode: 'any-of-groups', values: list };
  if (operator === '$all' && list) return { mode: 'all-of-groups', values: list };
  if (operator === '$contains' && isRecord(value) && Object.keys(value).length === 1) {
    const anyOf = stringList(value.$in);
    if (anyOf)
      return {
        mode: anyOf.length === 1 && chosen !== 'contains-any-keyword' ? 'contains-keyword' : 'contains-any-keyword',
        values: anyOf,
      };
    const allOf = stringList(value.$all);
    if (allOf) return { mode: 'contains-all-keywords', values: allOf };
  }
  return undefined;
}

/** One line for lists: `ANY of these groups: "Admins", "Backup Team"`. */
export function describeCondition(text: string, chosen?: ConditionMode): string {
  const draft = decodeCondition(text, chosen);
  if (!draft) return text;
  return `${modeLabel(draft.mode)}: ${draft.values.map((v) => `"${v}"`).join(', ')}`;
}
