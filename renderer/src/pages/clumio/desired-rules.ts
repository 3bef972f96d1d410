/**
 * The desired rule set as the editor holds it: one row per rule, the condition as one of the six forms with
 * its values typed as a comma-separated list (a condition that is none of them stays as its JSON text).
 */
import type { RuleInput } from '../../../../server/admin/contract';
import { decodeCondition, encodeCondition, type ConditionMode } from '../rules/condition-form';

export type DraftCondition = { kind: 'form'; mode: ConditionMode; values: string } | { kind: 'raw'; text: string };

export interface DraftRule {
  /** Stable across edits, for React keys. */
  key: number;
  name: string;
  condition: DraftCondition;
  role_id: string;
  organizational_unit_ids: string[];
}

let nextKey = 1;

export function fromInput(rule: RuleInput): DraftRule {
  const decoded = decodeCondition(rule.condition);
  return {
    key: nextKey++,
    name: rule.name,
    condition: decoded
      ? { kind: 'form', mode: decoded.mode, values: decoded.values.join(', ') }
      : { kind: 'raw', text: rule.condition },
    role_id: rule.provision.role_id,
    organizational_unit_ids: [...rule.provision.organizational_unit_ids],
  };
}

export function emptyRule(roleId: string, unitId: string): DraftRule {
  return {
    key: nextKey++,
    name: '',
    condition: { kind: 'form', mode: 'this-group', values: '' },
    role_id: roleId,
    organizational_unit_ids: unitId ? [unitId] : [],
  };
}

function values(text: string): string[] {
  return text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

export function toInput(rule: DraftRule): RuleInput {
  const condition =
    rule.condition.kind === 'raw'
      ? rule.condition.text
      : encodeCondition({ mode: rule.condition.mode, values: values(rule.condition.values) });
  return {
    name: rule.name.trim(),
    condition,
    provision: { role_id: rule.role_id, organizational_unit_ids: rule.organizational_unit_ids },
  };
}
