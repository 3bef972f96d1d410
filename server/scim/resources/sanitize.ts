import { badRequest } from '../errors.js';
import { SCIM_LIMITS, stringTooLong, tooManyValues } from '../limits.js';
import { toJsonValue } from '../patch/guard.js';
import { findAttribute, type AttributeDefinition, type ResourceTypeDefinition } from '../schemas/index.js';
import { isRecord } from '../../util/is-record.js';

/** Keys that could reach an object's prototype if ever used as a property name. */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Attributes a client may send but the server owns or never keeps. */
const IGNORED_ON_WRITE = new Set(['id', 'meta', 'schemas', 'password']);

export interface SanitizedResource {
  /** Attributes to store, under canonical names (extension attributes under their URN key). */
  data: Record<string, unknown>;
  /** The `members` value of a Group body, validated separately by the caller. */
  members: unknown;
}

/**
 * Normalises a POST/PUT body against the schema: canonical attribute names, Entra's "True"/"False" strings
 * as booleans, nulls dropped, the manager as a bare id accepted, read-only and unknown attributes ignored
 * (RFC 7644 §3.3 lets a service provider ignore attributes it does not define), wrong types refused.
 */
export function sanitizeResource(body: unknown, type: ResourceTypeDefinition): SanitizedResource {
  assertSafeJson(body);
  if (!isRecord(body)) throw badRequest('invalidSyntax', 'The request body must be a JSON object.');
  const data: Record<string, unknown> = {};
  let members: unknown;
  for (const [key, value] of Object.entries(body)) {
    guardKey(key);
    const lower = key.toLowerCase();
    if (IGNORED_ON_WRITE.has(lower) || (lower === 'groups' && type.id === 'User')) continue;
    if (lower === 'members' && type.id === 'Group') {
      members = value;
      continue;
    }
    const extension = type.extensions.find((e) => e.schema.id.toLowerCase() === lower);
    if (extension) {
      if (value === null) continue;
      if (!isRecord(value)) throw badRequest('invalidValue', `${extension.schema.id} must be an object.`);
      const ext = sanitizeAttributes(value, extension.schema.attributes, extension.schema.id);
      if (Object.keys(ext).length > 0) data[extension.schema.id] = ext;
      continue;
    }
    if (key.startsWith('urn:')) continue; // an extension we do not define
    const definition = findAttribute(type.schema.attributes, key) ?? (lower === 'externalid' ? EXTERNAL_ID : undefined);
    if (!definition || definition.mutability === 'readOnly') continue;
    const clean = sanitizeValue(definition, value, definition.name);
    if (clean !== undefined) data[definition.name] = clean;
  }
  return { data, members };
}

/**
 * The whole body, attributes we ignore included, is refused when any key anywhere is `__proto__`,
 * `constructor` or `prototype`, or when it nests deeper than any SCIM value: the same guard as PATCH bodies,
 * so a hostile key gets one clear answer wherever it hides.
 */
function assertSafeJson(body: unknown): void {
  const guarded = toJsonValue(body);
  if (guarded.ok) return;
  const { failure } = guarded;
  if (failure.reason === 'forbiddenKey')
    throw badRequest('invalidValue', `"${failure.key}" is not an allowed attribute name.`);
  if (failure.reason === 'tooDeep') throw badRequest('invalidSyntax', 'The request body is nested too deeply.');
  throw badRequest('invalidSyntax', `The request body is not JSON (found ${failure.found}).`);
}

const EXTERNAL_ID: AttributeDefinition = {
  name: 'externalId',
  type: 'string',
  multiValued: false,
  description: '',
  required: false,
  caseExact: true,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
};

export function guardKey(key: string): void {
  if (FORBIDDEN_KEYS.has(key)) throw badRequest('invalidValue', `"${key}" is not an allowed attribute name.`);
}

export function sanitizeAttributes(value: Record<string, unknown>, definitions: AttributeDefinition[], where: string) {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    guardKey(key);
    const definition = findAttribute(definitions, key);
    if (!definition || definition.mutability === 'readOnly' || definition.mutability === 'writeOnly') continue;
    const clean = sanitizeValue(definition, item, `${where}.${definition.name}`);
    if (clean !== undefined) out[definition.name] = clean;
  }
  return out;
}

/** Coerces one attribute value to its schema type; undefined means "absent". */
export function sanitizeValue(definition: AttributeDefinition, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (definition.multiValued) {
    const list = Array.isArray(value) ? value : [value];
    if (list.length > SCIM_LIMITS.maxValuesPerAttribute) throw tooManyValues(where, list.length);
    const items = list
      .map((item, i) => sanitizeSingle(definition, item, `${where}[${i}]`))
      .filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (Array.isArray(value)) throw badRequest('invalidValue', `${where} must be a single value, not an array.`);
  return sanitizeSingle(definition, value, where);
}

function sanitizeSingle(definition: AttributeDefinition, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (definition.type) {
    case 'complex': {
      // Entra sends the enterprise manager as a bare id string.
      if (typeof value === 'string' && definition.subAttributes?.some((s) => s.name === 'value')) return { value };
      if (!isRecord(value)) throw badRequest('invalidValue', `${where} must be an object.`);
      const out = sanitizeAttributes(value, definition.subAttributes ?? [], where);
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case 'boolean':
      return toBoolean(value, where);
    case 'integer':
    case 'decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || (definition.type === 'integer' && !Number.isInteger(n))) {
        throw badRequest(
          'invalidValue',
          `${where} must be ${definition.type === 'integer' ? 'an integer' : 'a number'}.`,
        );
      }
      return n;
    }
    default:
      if (typeof value === 'string') {
        if (value.length > SCIM_LIMITS.maxStringLength) throw stringTooLong(where, value.length);
        return value;
      }
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw badRequest('invalidValue', `${where} must be a string.`);
  }
}

/** Booleans, and the "True"/"False" strings Entra sends for them. */
export function toBoolean(value: unknown, where: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  throw badRequest('invalidValue', `${where} must be a boolean (true or false).`);
}
