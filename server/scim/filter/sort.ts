/**
 * RFC 7644 §3.4.2.3 sorting.
 *
 * - A multi-valued attribute sorts by its primary value, else its first; a complex one by `value` unless a
 *   sub-attribute is named (`sortBy=name.familyName`).
 * - Strings compare case-insensitively unless `caseExact`; dateTimes chronologically; numbers numerically.
 * - Resources without a value sort last when ascending and first when descending (descending is the exact reverse).
 * - Equal keys keep their input order (Array.prototype.sort is stable and the comparator returns 0).
 *
 * Errors: a malformed `sortBy`, or a complex attribute with nothing to sort on (`name`), is 400 invalidValue —
 * it is a bad query parameter value, and RFC 7644 §3.12 reserves invalidFilter for `filter` and invalidPath for
 * PATCH. An attribute the schema does not know sorts nothing (input order), like unknown attributes in filters
 * match nothing.
 */
import { ScimError } from '../errors.js';
import type { AttributeDefinition, ResourceTypeDefinition } from '../schemas/index.js';
import { toBoolean, toInstant, toNumber, toText } from './compare.js';
import { parseAttributePath } from './parser.js';
import type { ResolvedPath } from './resolve.js';
import { displayName, isObject, own, resolvePath, withValueDefault } from './resolve.js';

export type SortOrder = 'ascending' | 'descending';
export type ResourceComparator = (a: Record<string, unknown>, b: Record<string, unknown>) => number;

type SortKey = string | number | undefined;

/** `sortOrder` query parameter: default ascending (RFC 7644 §3.4.2.3); case-insensitive. */
export function parseSortOrder(raw: string | undefined): SortOrder {
  if (raw === undefined || raw === '') return 'ascending';
  const lower = raw.toLowerCase();
  if (lower === 'ascending' || lower === 'descending') return lower;
  throw new ScimError(400, 'invalidValue', `sortOrder must be ascending or descending, not '${raw.slice(0, 40)}'`);
}

export function compileSort(type: ResourceTypeDefinition, sortBy: string, sortOrder: SortOrder): ResourceComparator {
  const found = resolvePath({ kind: 'resource', type }, parseAttributePath(sortBy, 'invalidValue'));
  if (!found) return () => 0;
  const resolved = withValueDefault(found);
  if (!resolved) {
    throw new ScimError(400, 'invalidValue', `sortBy=${displayName(found)} is complex; sort by one of its sub-attributes`);
  }
  const keyOf = keyReader(resolved);
  // Keys are normalised once per resource, not once per comparison (n log n comparisons over 50k users).
  const keys = new WeakMap<object, SortKey>();
  const cachedKey = (resource: Record<string, unknown>): SortKey => {
    if (keys.has(resource)) return keys.get(resource);
    const key = keyOf(resource);
    keys.set(resource, key);
    return key;
  };
  const ascending: ResourceComparator = (a, b) => {
    const ka = cachedKey(a);
    const kb = cachedKey(b);
    if (ka === undefined) return kb === undefined ? 0 : 1;
    if (kb === undefined) return -1;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  return sortOrder === 'descending' ? (a, b) => ascending(b, a) : ascending;
}

function keyReader({ container, attribute, subAttribute }: ResolvedPath): (resource: Record<string, unknown>) => SortKey {
  const leaf = subAttribute ?? attribute;
  return (resource) => {
    const base = container === undefined ? resource : own(resource, container);
    let value = own(base, attribute.name);
    if (attribute.multiValued && Array.isArray(value)) value = primaryOrFirst(value);
    if (subAttribute) value = own(value, subAttribute.name);
    return normalise(leaf, value);
  };
}

function primaryOrFirst(values: unknown[]): unknown {
  return values.find((v) => isObject(v) && (v.primary === true || v.primary === 'true')) ?? values[0];
}

function normalise(leaf: AttributeDefinition, value: unknown): SortKey {
  switch (leaf.type) {
    case 'integer':
    case 'decimal':
      return toNumber(value);
    case 'dateTime':
      return toInstant(value);
    case 'boolean': {
      const flag = toBoolean(value);
      return flag === undefined ? undefined : Number(flag);
    }
    default: {
      const text = toText(value, leaf.caseExact);
      return text === '' ? undefined : text;
    }
  }
}

/** Whether `sortBy` names an attribute of `type` (a root search sorts by the first type that has it). */
export function sortsBy(type: ResourceTypeDefinition, sortBy: string): boolean {
  return resolvePath({ kind: 'resource', type }, parseAttributePath(sortBy, 'invalidValue')) !== undefined;
}
