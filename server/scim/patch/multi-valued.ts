/** Helpers for multi-valued attributes: element identity, value filters, creating the element a filter names, `primary`. */
import { ScimError } from '../errors.js';
import type { FilterNode } from '../filter/ast.js';
import { compileValueFilter } from '../filter/index.js';
import type { AttributeDefinition } from '../schemas/index.js';
import { findAttribute } from '../schemas/index.js';
import type { Fail } from './coerce.js';
import { coerceSimple } from './coerce.js';
import { isJsonObject } from './guard.js';
import { jsonEqual, readAttribute } from './json.js';
import type { JsonObject, JsonValue } from './types.js';

/** The attribute's values as a fresh array (a stray single value counts as a list of one). */
export function listOf(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

/**
 * Whether two values are "the same" for add's de-duplication. Group members are identified by `value` (the
 * member id): adding a member twice must not list it twice, and a later add may update its display. Every other
 * attribute de-duplicates identical values only (two work emails with different addresses are both kept).
 */
export function sameElement(attribute: AttributeDefinition, a: JsonValue, b: JsonValue): boolean {
  if (attribute.name === 'members' && isJsonObject(a) && isJsonObject(b)) return valueOf(attribute, a) === valueOf(attribute, b);
  return jsonEqual(a, b);
}

/** Whether a stored element is one that Entra's `remove` value list names: by `value` when given, else whole. */
export function isListed(attribute: AttributeDefinition, element: JsonValue, listed: JsonValue): boolean {
  if (isJsonObject(listed) && isJsonObject(element) && readAttribute(listed, 'value') !== undefined) {
    return valueOf(attribute, element) === valueOf(attribute, listed);
  }
  return jsonEqual(element, listed);
}

/** The element's `value`, case-folded unless the sub-attribute is caseExact. */
function valueOf(attribute: AttributeDefinition, element: JsonObject): string | undefined {
  const value = readAttribute(element, 'value');
  if (typeof value !== 'string') return value === undefined || value === null ? undefined : JSON.stringify(value);
  const definition = findAttribute(attribute.subAttributes ?? [], 'value');
  return definition?.caseExact ? value : value.toLowerCase();
}

/** The predicate of a value filter over one element; a filter the schema cannot evaluate is the path's fault. */
export function compileElementFilter(attribute: AttributeDefinition, filter: FilterNode, fail: Fail): (element: JsonValue) => boolean {
  try {
    return compileValueFilter(attribute, filter);
  } catch (error) {
    if (error instanceof ScimError) throw fail('invalidPath', error.detail);
    throw error;
  }
}

/**
 * The element a value filter describes, when the filter is only `sub eq value` terms joined by `and`:
 * `emails[type eq "work"]` -> `{type: "work"}`. Used to create the element an add/replace targets when none
 * matches (Entra's `emails[type eq "work"].value` on a user without a work email, PEERS.md §2 item 5).
 * Returns undefined for any other filter: there is no single element it describes.
 */
export function elementFromFilter(attribute: AttributeDefinition, filter: FilterNode, fail: Fail): JsonObject | undefined {
  if (filter.kind === 'and') {
    const left = elementFromFilter(attribute, filter.left, fail);
    const right = elementFromFilter(attribute, filter.right, fail);
    if (!left || !right) return undefined;
    for (const key of Object.keys(right)) if (Object.hasOwn(left, key) && !jsonEqual(left[key], right[key])) return undefined;
    return { ...left, ...right };
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.value === null) return undefined;
  if (filter.path.urn !== undefined || filter.path.subAttribute !== undefined) return undefined;
  const sub = findAttribute(attribute.subAttributes ?? [], filter.path.attribute);
  if (!sub || sub.mutability === 'readOnly') return undefined;
  return { [sub.name]: coerceSimple(sub, filter.value, fail, `${attribute.name}.${sub.name}`) };
}

/** RFC 7643 §2.4: `primary: true` appears at most once. The element just written wins over older ones. */
export function keepOnePrimary(list: JsonValue[], written: readonly JsonValue[]): void {
  const winner = written.find((element) => isJsonObject(element) && element['primary'] === true);
  if (!winner) return;
  for (const element of list) {
    if (element !== winner && isJsonObject(element) && element['primary'] === true) element['primary'] = false;
  }
}
