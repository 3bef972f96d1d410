/**
 * Prototype-pollution guard. Every key of every PATCH value and every path segment is checked before the engine
 * looks at it, and values are rebuilt key by key, so no `__proto__`, `constructor` or `prototype` ever reaches an
 * object as a key (a `__proto__` own property from JSON.parse would otherwise set a prototype when assigned).
 */
import type { JsonObject, JsonValue } from './types.js';

const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any SCIM value (resource > complex > sub-attribute); stops a stack-exhausting body early. */
const MAX_DEPTH = 16;

/** True when a key or path names a forbidden segment anywhere: `__proto__`, `name.constructor`, `urn:x:prototype`. */
export function hasForbiddenSegment(text: string): boolean {
  // Every key of every body passes here: most contain none of the words, and one test says so without splitting.
  if (!MAY_BE_FORBIDDEN.test(text)) return false;
  return text.split(/[.:[\]()\s]+/).some((segment) => FORBIDDEN_SEGMENTS.has(segment.toLowerCase()));
}

const MAY_BE_FORBIDDEN = /__proto__|constructor|prototype/i;

export type GuardFailure =
  { reason: 'forbiddenKey'; key: string } | { reason: 'tooDeep' } | { reason: 'notJson'; found: string };

/** Parses an untrusted value into a JsonValue built from fresh objects; returns the failure instead of throwing. */
export function toJsonValue(input: unknown): { ok: true; value: JsonValue } | { ok: false; failure: GuardFailure } {
  try {
    return { ok: true, value: copy(input, 0) };
  } catch (error) {
    if (error instanceof GuardError) return { ok: false, failure: error.failure };
    throw error;
  }
}

/** Deep copy of trusted JSON data (a stored resource), through the same checks. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return copy(value, 0) as T;
}

class GuardError extends Error {
  constructor(readonly failure: GuardFailure) {
    super(failure.reason);
  }
}

function copy(input: unknown, depth: number): JsonValue {
  if (depth > MAX_DEPTH) throw new GuardError({ reason: 'tooDeep' });
  if (input === null || typeof input === 'string' || typeof input === 'boolean') return input;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new GuardError({ reason: 'notJson', found: String(input) });
    return input;
  }
  if (Array.isArray(input)) return input.map((item: unknown) => copy(item, depth + 1));
  if (typeof input === 'object' && isPlainObject(input)) {
    const output: JsonObject = {};
    for (const key of Object.keys(input)) {
      if (hasForbiddenSegment(key)) throw new GuardError({ reason: 'forbiddenKey', key });
      output[key] = copy((input as Record<string, unknown>)[key], depth + 1);
    }
    return output;
  }
  throw new GuardError({ reason: 'notJson', found: typeof input });
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export const isJsonObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
