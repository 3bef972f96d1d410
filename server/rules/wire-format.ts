/**
 * Export and import of the whole rule set in Clumio's wire format.
 *
 * Export: `{ "rules": [ { name, condition, provision } ] }`: each entry is exactly the body of Clumio's
 * `POST /settings/auto-user-provisioning/rules` (docs/clumio.md#api-endpoints), so an admin can apply the file
 * to Clumio by posting each entry. rule_id is left out: Clumio assigns its own.
 *
 * Import accepts that document, a bare array of rules, or Clumio's list response
 * (`{ "_embedded": { "items": [...] } }`, with read-only fields such as rule_id, etag, _links and _embedded
 * ignored). An import REPLACES the rule set; rules are matched to existing ones by name (ignoring case),
 * so the plan says which are added, changed, removed or unchanged, and existing rules keep their ids.
 */
import { canonicalCondition } from './condition.js';
import type { OrganizationalUnit } from './organizational-units.js';
import { ruleNameKey, type Rule, type RuleBody } from './rule.js';
import { validateRuleSet, type FieldError } from './rule-validation.js';
import type { Role } from './roles.js';
import { isRecord } from '../util/is-record.js';

export interface RuleSetDocument {
  readonly rules: readonly RuleBody[];
}

/** Fields of Clumio's rule responses that an import ignores. */
const READ_ONLY_FIELDS = ['rule_id', 'etag', '_etag', '_links', '_embedded'];

export function exportRules(rules: readonly Rule[]): RuleSetDocument {
  return {
    rules: rules.map((rule) => ({
      name: rule.name,
      condition: rule.condition,
      provision: {
        role_id: rule.provision.role_id,
        organizational_unit_ids: [...rule.provision.organizational_unit_ids],
      },
    })),
  };
}

/** The export as a file's text (pretty, ending with a newline). */
export function serializeRuleSet(rules: readonly Rule[]): string {
  return `${JSON.stringify(exportRules(rules), null, 2)}\n`;
}

/** The rule entries of an import document (text or parsed JSON), read-only fields removed. */
export function readRuleSetDocument(
  input: unknown,
): { ok: true; items: unknown[] } | { ok: false; errors: FieldError[] } {
  let document = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      return {
        ok: false,
        errors: [{ field: '', message: `The file is not valid JSON: ${(error as Error).message}.` }],
      };
    }
  }
  let items: unknown;
  if (Array.isArray(document)) items = document;
  else if (isRecord(document) && Array.isArray(document.rules)) items = document.rules;
  else if (isRecord(document) && isRecord(document._embedded) && Array.isArray(document._embedded.items)) {
    items = document._embedded.items;
  }
  if (!Array.isArray(items)) {
    return {
      ok: false,
      errors: [
        {
          field: '',
          message:
            'Expected a rule set: {"rules": [...]}, a list of rules, or a Clumio list response {"_embedded": {"items": [...]}}.',
        },
      ],
    };
  }
  return {
    ok: true,
    items: items.map((item) => {
      if (!isRecord(item)) return item;
      const copy: Record<string, unknown> = { ...item };
      for (const field of READ_ONLY_FIELDS) delete copy[field];
      return copy;
    }),
  };
}

export type RuleField = 'name' | 'condition' | 'role' | 'organizational_units';

export interface ImportPlan {
  readonly added: readonly Rule[];
  readonly changed: readonly { readonly before: Rule; readonly after: Rule; readonly fields: readonly RuleField[] }[];
  readonly removed: readonly Rule[];
  readonly unchanged: readonly Rule[];
  /** The complete rule set after the import, in the file's order: hand it to preview, guard and storage. */
  readonly proposed: readonly Rule[];
}

export interface ImportContext {
  readonly roles: readonly Role[];
  readonly organizationalUnits: readonly OrganizationalUnit[];
  /** Ids for added rules; default crypto.randomUUID. */
  readonly newRuleId?: () => string;
}

export type ImportPlanResult =
  { readonly ok: true; readonly plan: ImportPlan } | { readonly ok: false; readonly errors: readonly FieldError[] };

function changedFields(before: Rule, after: RuleBody): RuleField[] {
  const fields: RuleField[] = [];
  if (before.name !== after.name) fields.push('name');
  if (canonicalCondition(before.condition) !== canonicalCondition(after.condition)) fields.push('condition');
  if (before.provision.role_id !== after.provision.role_id) fields.push('role');
  const a = [...before.provision.organizational_unit_ids].sort();
  const b = [...after.provision.organizational_unit_ids].sort();
  if (a.length !== b.length || a.some((id, i) => id !== b[i])) fields.push('organizational_units');
  return fields;
}

/** The dry run of an import: validates the document and says what applying it would change. */
export function planImport(current: readonly Rule[], input: unknown, context: ImportContext): ImportPlanResult {
  const read = readRuleSetDocument(input);
  if (!read.ok) return read;
  const validated = validateRuleSet(read.items, context);
  if (!validated.ok) return validated;
  const newRuleId = context.newRuleId ?? (() => crypto.randomUUID());
  const currentByName = new Map(current.map((rule) => [ruleNameKey(rule.name), rule]));
  const added: Rule[] = [];
  const changed: { before: Rule; after: Rule; fields: RuleField[] }[] = [];
  const unchanged: Rule[] = [];
  const proposed: Rule[] = [];
  const matched = new Set<string>();
  for (const body of validated.bodies) {
    const existing = currentByName.get(ruleNameKey(body.name));
    if (!existing) {
      const rule: Rule = { rule_id: newRuleId(), ...body };
      added.push(rule);
      proposed.push(rule);
      continue;
    }
    matched.add(existing.rule_id);
    const fields = changedFields(existing, body);
    if (fields.length === 0) {
      unchanged.push(existing);
      proposed.push(existing);
    } else {
      const after: Rule = { rule_id: existing.rule_id, ...body };
      changed.push({ before: existing, after, fields });
      proposed.push(after);
    }
  }
  const removed = current.filter((rule) => !matched.has(rule.rule_id));
  return { ok: true, plan: { added, changed, removed, unchanged, proposed } };
}
