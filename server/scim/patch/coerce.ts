/**
 * Value coercion by schema (RFC 7643 §2.3). Strict where a wrong type would corrupt data, lenient where an IdP
 * is known to send a harmless variant:
 * - booleans as the strings "True"/"False" in any case (Entra, docs/interop.md#entra-boolean-strings);
 * - numbers and booleans where a string is expected (an `employeeNumber` sent as 42 is still 42);
 * - a bare string where a complex attribute with a `value` sub-attribute is expected: Entra sends the manager as
 *   a bare id (`"value": "26118915-…"`), read as `{ "value": "26118915-…" }`;
 * - a single element where a multi-valued attribute expects an array.
 * Sub-attributes that are readOnly (`members.display`, `manager.displayName`) are computed by the server and
 * dropped from input; `null` inside a complex value is kept and means "unset this sub-attribute".
 */
import type { ScimError } from '../errors.js';
import type { AttributeDefinition } from '../schemas/index.js';
import { SCIM_LIMITS, tooManyValues } from '../limits.js';
import { findAttribute } from '../schemas/index.js';
import { isJsonObject } from './guard.js';
import { describeValue, quote } from './operation-error.js';
import type { JsonObject, JsonValue } from './types.js';

export type Fail = (scimType: 'invalidValue' | 'invalidPath' | 'mutability' | 'noTarget', detail: string) => ScimError;

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** Coerces a single, non-null value of a non-complex attribute. */
export function coerceSimple(
  definition: AttributeDefinition,
  value: JsonValue,
  fail: Fail,
  name = definition.name,
): JsonValue {
  const wrong = () => fail('invalidValue', `${name} expects ${article(definition.type)}, got ${describeValue(value)}`);
  switch (definition.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        return value.trim().toLowerCase() === 'true';
      throw wrong();
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && INTEGER.test(value.trim())) return Number(value.trim());
      throw wrong();
    case 'decimal':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim());
      throw wrong();
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw wrong();
    case 'string':
    case 'reference':
    case 'binary':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw wrong();
    case 'complex':
      throw new Error(`coerceSimple called for complex attribute ${name}`);
  }
}

/**
 * Coerces a complex value to an object keyed by canonical sub-attribute names. `null` sub-values are kept
 * (they unset); callers building a new element drop them with `withoutNulls`.
 */
export function coerceComplex(
  definition: AttributeDefinition,
  value: JsonValue,
  fail: Fail,
  name = definition.name,
): JsonObject {
  const subAttributes = definition.subAttributes ?? [];
  if (!isJsonObject(value)) {
    const valueSub = findAttribute(subAttributes, 'value');
    if (valueSub && value !== null && !Array.isArray(value) && typeof value !== 'object') {
      return { [valueSub.name]: coerceSimple(valueSub, value, fail, `${name}.value`) };
    }
    throw fail('invalidValue', `${name} expects an object, got ${describeValue(value)}`);
  }
  const result: JsonObject = {};
  for (const [key, subValue] of Object.entries(value)) {
    const sub = findAttribute(subAttributes, key);
    if (!sub) throw fail('invalidValue', `${name} has no sub-attribute ${quote(key)}`);
    if (sub.mutability === 'readOnly') continue;
    result[sub.name] = subValue === null ? null : coerceSimple(sub, subValue, fail, `${name}.${sub.name}`);
  }
  return result;
}

/** Coerces the value(s) for a multi-valued attribute into a list of elements. */
export function coerceElements(definition: AttributeDefinition, value: JsonValue, fail: Fail): JsonValue[] {
  const items = Array.isArray(value) ? value : [value];
  // Counted before anything is done with them: 20,000 emails in one operation are refused at once.
  if (items.length > SCIM_LIMITS.maxValuesPerAttribute)
    throw fail('invalidValue', tooManyValues(definition.name, items.length).detail);
  return items.map((item, position) => {
    const name = `${definition.name}[${position}]`;
    if (item === null) throw fail('invalidValue', `${name} is null`);
    return definition.type === 'complex'
      ? withoutNulls(coerceComplex(definition, item, fail, name))
      : coerceSimple(definition, item, fail, name);
  });
}

export function withoutNulls(object: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(object)) if (value !== null) result[key] = value;
  return result;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
