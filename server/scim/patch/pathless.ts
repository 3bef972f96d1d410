/**
 * Pathless add/replace (RFC 7644 §3.5.2.1, §3.5.2.3): the value is an object whose keys are attribute paths.
 * Besides plain names this reads the shapes IdPs send (docs/interop.md#entra-dotted-keys,
 * docs/interop.md#okta-group-push):
 * - Okta: `{"active": false}`, and `{"id": "<same id>", "displayName": "New name"}` on group rename;
 * - Entra: dotted keys (`"name.givenName"`), URN-prefixed keys (`"urn:…:enterprise:2.0:User:department"`), and the
 *   extension URN as a key holding an object of its attributes.
 * `schemas` is not an attribute and is ignored here, also inside an extension object (generic SCIM clients
 * send the whole extension as a resource fragment, `{"schemas": [...], "department": "..."}`): the engine
 * maintains `schemas` from the extensions present.
 */
import type { PatchPath } from '../filter/ast.js';
import { parseAttributePath, parsePatchPath } from '../filter/index.js';
import { ScimError } from '../errors.js';
import type { ResourceTypeDefinition } from '../schemas/index.js';
import type { Fail } from './coerce.js';
import { isJsonObject } from './guard.js';
import { describeValue, quote } from './operation-error.js';
import type { ResolvedTarget } from './target.js';
import { resolveTarget } from './target.js';
import type { JsonObject, JsonValue } from './types.js';

export interface Assignment {
  target: ResolvedTarget;
  value: JsonValue;
}

/** `schemaUrn`: the keys are relative to this schema (the value of a URN key); undefined at the top level. */
export function expandPathless(
  type: ResourceTypeDefinition,
  value: JsonObject,
  fail: Fail,
  schemaUrn?: string,
): Assignment[] {
  const assignments: Assignment[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const patchPath = parseKey(key, fail);
    if (schemaUrn !== undefined && patchPath.path.urn === undefined) patchPath.path.urn = schemaUrn;
    const target = resolveTarget(type, patchPath, fail);
    if (target.kind === 'schema') {
      if (!isJsonObject(item))
        throw fail('invalidValue', `${quote(key)} expects an object of attributes, got ${describeValue(item)}`);
      assignments.push(...expandPathless(type, item, fail, target.extension ?? type.schema.id));
    } else {
      assignments.push({ target, value: item });
    }
  }
  return assignments;
}

/** A key is an attribute path; a value-filter path (`emails[type eq "work"].value`) is accepted too, as in `path`. */
function parseKey(key: string, fail: Fail): PatchPath {
  try {
    return key.includes('[') ? parsePatchPath(key) : { path: parseAttributePath(key) };
  } catch (error) {
    if (error instanceof ScimError)
      throw fail('invalidPath', `key ${quote(key)} of the value is not an attribute path: ${error.detail}`);
    throw error;
  }
}
