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
 * The key under which add de-duplicates a value. Group members are identified by `value` (the member id):
 * adding a member twice must not list it twice, and a later add may update its display. Every other attribute
 * de-duplicates identical values only (two work emails with different addresses are both kept).
 * Keys make an add of 100 members to a large group linear, not 100 scans of the list.
 */
export function identityOf(attribute: AttributeDefinition, element: JsonValue): string {
  return (attribute.name === 'members' ? valueKeyOf(attribute, element) : undefined) ?? jsonKeyOf(element);
}

/**
 * Removes the values Entra lists in `{"op":"Remove","path":"members","value":[{"value":"id"}]}`: a listed
 * value with a `value` sub-attribute removes the stored values with that `value`; any other removes equal values.
 */
export function withoutListed(attribute: AttributeDefinition, list: JsonValue[], listed: JsonValue[]): JsonValue[] {
  const values = new Set<string>();
  const wholes = new Set<string>();
  for (const item of listed) {
    const key = valueKeyOf(attribute, item);
    if (key !== undefined) values.add(key);
    else wholes.add(jsonKeyOf(item));
  }
  return list.filter((element) => {
    const key = valueKeyOf(attribute, element);
    return !(key !== undefined && values.has(key)) && !wholes.has(jsonKeyOf(element));
  });
}

/** `value:<the element's value>`, case-folded unless the sub-attribute is caseExact; undefined without a value. */
function valueKeyOf(attribute: AttributeDefinition, element: JsonValue): string | undefined {
  if (!isJsonObject(element)) return undefined;
  const value = readAttribute(element, 'value');
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return `value:${jsonKeyOf(value)}`;
  const definition = findAttribute(attribute.subAttributes ?? [], 'value');
  return `value:${definition?.caseExact ? value : value.toLowerCase()}`;
}

/** JSON text with object keys sorted, so equal values give equal keys whatever their key order. */
function jsonKeyOf(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(jsonKeyOf).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${jsonKeyOf(value[key]!)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The predicate of a value filter over one element; a filter the schema cannot evaluate is the path's fault. */
export function compileElementFilter(
  attribute: AttributeDefinition,
  filter: FilterNode,
  fail: Fail,
): (element: JsonValue) => boolean {
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
 * matches (Entra's `emails[type eq "work"].value` on a user without a work email,
 * docs/interop.md#entra-work-email-value-path).
 * Returns undefined for any other filter: there is no single element it describes.
 */
export function elementFromFilter(
  attribute: AttributeDefinition,
  filter: FilterNode,
  fail: Fail,
): JsonObject | undefined {
  if (filter.kind === 'and') {
    const left = elementFromFilter(attribute, filter.left, fail);
    const right = elementFromFilter(attribute, filter.right, fail);
    if (!left || !right) return undefined;
    for (const key of Object.keys(right))
      if (Object.hasOwn(left, key) && !jsonEqual(left[key], right[key])) return undefined;
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
