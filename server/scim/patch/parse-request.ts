/**
 * Validates a PatchOp message (RFC 7644 §3.5.2) into typed operations. Parse, then trust: everything after this
 * works on `PatchOperation` values whose keys have passed the prototype-pollution guard and whose paths are parsed.
 *
 * Tolerance, each for a client seen in the wild (docs/interop.md):
 * - `op` is case-insensitive: Entra sends `Replace`, `Add`, `Remove` (docs/interop.md#entra-capitalised-ops).
 * - Member names of the message (`Operations`, `op`, `path`, `value`) are matched case-insensitively, as SCIM
 *   attribute names are.
 * - A missing `schemas` is accepted (Okta and Entra both send it; nothing is gained by refusing a client that
 *   forgets it), but a `schemas` that is present and lacks the PatchOp URN is refused: that body is some other
 *   message, e.g. a full User sent to PATCH by mistake.
 */
import { ScimError } from '../errors.js';
import { SCIM_LIMITS } from '../limits.js';
import { parsePatchPath } from '../filter/index.js';
import { PATCH_OP_SCHEMA } from '../schemas/index.js';
import { hasForbiddenSegment, isJsonObject, toJsonValue } from './guard.js';
import { describeValue, operationError, quote } from './operation-error.js';
import type { JsonObject, JsonValue, PatchOperation, PatchTarget } from './types.js';

/** More operations than any IdP sends in one request (Okta batches members 100 at a time, in one operation). */
const MAX_OPERATIONS = SCIM_LIMITS.maxPatchOperations;

const invalidSyntax = (detail: string) => new ScimError(400, 'invalidSyntax', detail);

export function parsePatchRequest(body: unknown): PatchOperation[] {
  const guarded = toJsonValue(body);
  if (!guarded.ok) {
    const { failure } = guarded;
    if (failure.reason === 'forbiddenKey')
      throw new ScimError(400, 'invalidValue', `key ${quote(failure.key)} is not allowed in a PATCH body`);
    if (failure.reason === 'tooDeep') throw invalidSyntax('PATCH body is nested too deeply');
    throw invalidSyntax(`PATCH body is not JSON (found ${failure.found})`);
  }
  const message = guarded.value;
  if (!isJsonObject(message)) throw invalidSyntax(`PATCH body must be a PatchOp object, got ${describeValue(message)}`);

  const schemas = member(message, 'schemas');
  if (schemas !== undefined) {
    const listed =
      Array.isArray(schemas) &&
      schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase());
    if (!listed) throw invalidSyntax(`schemas must contain ${PATCH_OP_SCHEMA}`);
  }

  const operations = member(message, 'Operations');
  if (!Array.isArray(operations)) throw invalidSyntax('Operations must be an array of operations');
  if (operations.length === 0) throw invalidSyntax('Operations must not be empty');
  if (operations.length > MAX_OPERATIONS)
    throw invalidSyntax(`Operations has ${operations.length} entries; the limit is ${MAX_OPERATIONS}`);
  return operations.map((operation, index) => parseOperation(operation, index));
}

function parseOperation(raw: JsonValue, index: number): PatchOperation {
  if (!isJsonObject(raw))
    throw operationError(index, 'invalidSyntax', `an operation must be an object, got ${describeValue(raw)}`);

  const opName = member(raw, 'op');
  if (typeof opName !== 'string')
    throw operationError(index, 'invalidSyntax', 'op is missing; expected add, remove or replace');
  const op = opName.toLowerCase();
  if (op !== 'add' && op !== 'remove' && op !== 'replace') {
    throw operationError(index, 'invalidSyntax', `op ${quote(opName)} is not one of add, remove, replace`);
  }

  const rawPath = member(raw, 'path');
  if (rawPath !== undefined && typeof rawPath !== 'string')
    throw operationError(index, 'invalidPath', `path must be a string, got ${describeValue(rawPath)}`);
  // An empty or blank path is how some clients spell "no path".
  const path = rawPath === undefined || rawPath.trim() === '' ? undefined : parseTarget(rawPath.trim(), index);
  const value = member(raw, 'value');

  if (op === 'remove') {
    // RFC 7644 §3.5.2.2: a remove without path fails with noTarget.
    if (!path) throw operationError(index, 'noTarget', 'remove needs a path');
    return { index, op, path, value };
  }
  if (value === undefined) throw operationError(index, 'invalidValue', `${op} needs a value`);
  if (!path && !isJsonObject(value)) {
    throw operationError(
      index,
      'invalidValue',
      `${op} without path needs an object of attributes as value, got ${describeValue(value)}`,
    );
  }
  return { index, op, path, value };
}

function parseTarget(text: string, index: number): PatchTarget {
  // Checked on the text too, so a forbidden name inside a value filter's attribute is caught whatever the parser allows.
  if (hasForbiddenSegment(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) {
    throw operationError(index, 'invalidPath', `path ${quote(text)} names a forbidden attribute`);
  }
  try {
    return { text, parsed: parsePatchPath(text) };
  } catch (error) {
    if (error instanceof ScimError) throw operationError(index, 'invalidPath', `path ${quote(text)}: ${error.detail}`);
    throw error;
  }
}

/** Reads a message member by name, case-insensitively; the exact spelling wins if both are present. */
function member(object: JsonObject, name: string): JsonValue | undefined {
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}
