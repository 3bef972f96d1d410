/**
 * Clumio writes "Group CONTAINS this keyword" and "Group CONTAINS ANY of these keywords" with one keyword as
 * the same condition string (`{"$contains":{"$in":["k"]}}`), so the string alone cannot say which form the
 * admin chose. The console remembers that choice per rule, in this browser's storage like the theme, for as
 * long as the rule keeps the condition it was saved with; anywhere else it reads as Clumio's one-keyword form.
 */
import type { ConditionMode } from './condition-form';

const STORAGE_KEY = 'scimDesk.ruleConditionForms';

interface Remembered {
  condition: string;
  mode: ConditionMode;
}

function readAll(): Record<string, Remembered> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, Remembered>)
      : {};
  } catch {
    return {};
  }
}

function writeAll(all: Record<string, Remembered>): void {
  try {
    if (Object.keys(all).length === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // Storage full or disabled: the rule is saved all the same and reads as the one-keyword form.
  }
}

/** Remembers the form a rule was saved with when its string cannot tell; forgets it otherwise. */
export function rememberConditionForm(ruleId: string, condition: string, mode: ConditionMode): void {
  const all = readAll();
  if (mode === 'contains-any-keyword') all[ruleId] = { condition, mode };
  else delete all[ruleId];
  writeAll(all);
}

/** The form the admin chose for this rule, while its condition is still the one saved here. */
export function rememberedConditionForm(ruleId: string, condition: string): ConditionMode | undefined {
  const entry = readAll()[ruleId];
  return entry && entry.condition === condition ? entry.mode : undefined;
}

/** Drops what is remembered for rules that no longer exist. */
export function forgetConditionFormsExcept(ruleIds: readonly string[]): void {
  const all = readAll();
  const keep = new Set(ruleIds);
  const stale = Object.keys(all).filter((id) => !keep.has(id));
  if (stale.length === 0) return;
  for (const id of stale) delete all[id];
  writeAll(all);
}
