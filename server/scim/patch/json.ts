/**
 * Reading and writing attributes of resource JSON by schema name. Names are case-insensitive (RFC 7644 §3.10):
 * `Active` and `active` are one attribute, stored under the schema's canonical spelling. Only own properties are
 * read, so a name can never resolve to something inherited from Object.prototype.
 */
import { isJsonObject } from './guard.js';
import type { JsonObject, JsonValue } from './types.js';

/** The key holding `name` in `object`: the exact spelling if present, else any case-insensitive match. */
export function keyOf(object: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

export function readAttribute(object: JsonObject, name: string): JsonValue | undefined {
  const key = keyOf(object, name);
  return key === undefined ? undefined : object[key];
}

/** Writes under the canonical `name` (in place, keeping key order), dropping any other spelling of it. */
export function writeAttribute(object: JsonObject, name: string, value: JsonValue): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key !== name && key.toLowerCase() === lower) delete object[key];
  object[name] = value;
}

export function deleteAttribute(object: JsonObject, name: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) delete object[key];
}

/** RFC 7643 §2.5: an absent attribute, null and an empty array all mean "unassigned". */
export const isUnassigned = (value: JsonValue | undefined): boolean =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0);

/** Structural equality of JSON values; object key order does not matter. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]))
  );
}

export const isEmptyObject = (value: JsonValue | undefined): boolean =>
  isJsonObject(value) && Object.keys(value).length === 0;
