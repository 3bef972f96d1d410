/**
 * Applies validated PATCH operations to a resource (RFC 7644 §3.5.2). Pure and atomic: the input is deep-copied
 * first and never touched, and the first failing operation throws, so a caller that stores only the returned
 * resource stores all operations or none.
 *
 * Semantics beyond the RFC's letter, each for a client seen in the wild (docs/interop.md):
 * - remove is idempotent: a value filter that matches nothing (a member already removed) succeeds. RFC 7644
 *   §3.12 would allow noTarget, but Okta and Entra resend removals and Entra quarantines apps that fail them
 *   (docs/interop.md#okta-group-push, docs/interop.md#entra-quarantine).
 * - remove with path `members` (any multi-valued attribute) and a value list removes only the listed values,
 *   matched by `value`; it does not clear the attribute (Entra, docs/interop.md#entra-member-removal-by-value-list).
 * - add/replace on a value filter that matches nothing creates the element when the filter is plain equalities
 *   (`emails[type eq "work"].value` -> a new `{type:"work", value}`, Entra,
 *   docs/interop.md#entra-work-email-value-path); other filters give noTarget.
 * - replace on a matched element or on a complex attribute merges sub-attributes (RFC 7644 §3.5.2.3: "sub-
 *   attributes that are not specified in the value parameter are left unchanged"), except that a complex value
 *   whose `value` changes is replaced whole, so a new manager does not inherit the old manager's `$ref`.
 * - `null` as the value of add/replace unsets the target (Entra clears attributes that way).
 * - a readOnly attribute given its current value is ignored (Okta's group rename sends the group's own `id`);
 *   any other change to it is 400 mutability.
 * - `password` is accepted and dropped, never stored.
 * The resource must be the full representation, with `id` and `meta`, so readOnly values can be compared.
 */
import type { AttributeDefinition, ResourceTypeDefinition } from '../schemas/index.js';
import type { Fail } from './coerce.js';
import { coerceComplex, coerceElements, coerceSimple, withoutNulls } from './coerce.js';
import { isJsonObject, toJsonValue } from './guard.js';
import {
  deleteAttribute,
  isEmptyObject,
  isUnassigned,
  jsonEqual,
  keyOf,
  readAttribute,
  writeAttribute,
} from './json.js';
import {
  compileElementFilter,
  elementFromFilter,
  identityOf,
  keepOnePrimary,
  listOf,
  withoutListed,
} from './multi-valued.js';
import { operationError } from './operation-error.js';
import { expandPathless } from './pathless.js';
import type { AttributeTarget, ResolvedTarget } from './target.js';
import { resolveTarget } from './target.js';
import type { JsonObject, JsonValue, PatchOperation } from './types.js';
import { SCIM_LIMITS, tooManyValues } from '../limits.js';
import { PatchWork, WORK } from './patch-work.js';

type OpName = PatchOperation['op'];

/**
 * `work` is the request's budget (patch-work.ts), charged as values are examined; a group PATCH shares it
 * with its member operations.
 */
export function applyPatch(
  resource: Record<string, unknown>,
  ops: PatchOperation[],
  type: ResourceTypeDefinition,
  work = new PatchWork(),
): Record<string, unknown> {
  const copied = toJsonValue(resource);
  if (!copied.ok || !isJsonObject(copied.value)) throw new TypeError('applyPatch needs a JSON object resource');
  const document = copied.value;
  const required = requiredAttributesPresent(document, type);
  for (const operation of ops) {
    const fail: Fail = (scimType, detail) => operationError(operation.index, scimType, detail, operation);
    work.charge(WORK.operation);
    applyOperation(document, operation, type, fail, work);
    for (const name of required) {
      if (isUnassigned(readAttribute(document, name)))
        throw fail('invalidValue', `${name} is required and cannot be removed`);
    }
  }
  tidyExtensions(document, type);
  return document;
}

function applyOperation(
  document: JsonObject,
  operation: PatchOperation,
  type: ResourceTypeDefinition,
  fail: Fail,
  work: PatchWork,
): void {
  if (operation.path) {
    applyToTarget(
      document,
      type,
      operation.op,
      resolveTarget(type, operation.path.parsed, fail),
      operation.value,
      fail,
      work,
    );
    return;
  }
  if (!isJsonObject(operation.value))
    throw fail('invalidValue', 'an operation without path needs an object of attributes');
  for (const { target, value } of expandPathless(type, operation.value, fail))
    applyToTarget(document, type, operation.op, target, value, fail, work);
}

function applyToTarget(
  document: JsonObject,
  type: ResourceTypeDefinition,
  op: OpName,
  target: ResolvedTarget,
  value: JsonValue | undefined,
  fail: Fail,
  work: PatchWork,
): void {
  switch (target.kind) {
    case 'ignored':
    case 'discarded':
      return;
    case 'schema': {
      if (op === 'remove' || value === null) {
        if (!target.extension) throw fail('invalidPath', 'the core schema cannot be removed');
        deleteAttribute(document, target.extension);
        return;
      }
      if (!isJsonObject(value)) throw fail('invalidValue', 'a schema URN path needs an object of attributes as value');
      for (const assignment of expandPathless(type, value, fail, target.extension ?? type.schema.id)) {
        applyToTarget(document, type, op, assignment.target, assignment.value, fail, work);
      }
      return;
    }
    case 'attribute':
      applyToAttribute(document, op, target, value, fail, work);
  }
}

function applyToAttribute(
  document: JsonObject,
  op: OpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
  fail: Fail,
  work: PatchWork,
): void {
  work.charge(WORK.target);
  const { attribute, subAttribute, filter } = target;
  if (attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') {
    // Okta's group rename sends the group's own id: a readOnly attribute given its current value is a no-op.
    const unchanged =
      op !== 'remove' && !filter && value !== undefined && sameReadOnlyValue(currentValueOf(document, target), value);
    if (unchanged) return;
    throw fail('mutability', `${labelOf(target)} is readOnly`);
  }
  const container = containerOf(document, target.extension, op !== 'remove');
  if (!container) return; // removing from an extension the resource does not have: nothing to remove
  if (filter) applyFiltered(container, op, target, value, fail, work);
  else if (subAttribute) applyToSubAttribute(container, op, target, value, fail, work);
  else applyToWhole(container, op, target, value, fail, work);
}

function applyToWhole(
  container: JsonObject,
  op: OpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
  fail: Fail,
  work: PatchWork,
): void {
  const { attribute } = target;
  const current = readAttribute(container, attribute.name);
  if (op === 'remove' && attribute.multiValued && value !== undefined && value !== null) {
    const listed = coerceElements(attribute, value, fail);
    work.charge((listOf(current).length + listed.length) * WORK.valueKeyed);
    writeList(container, target, withoutListed(attribute, listOf(current), listed), fail);
    return;
  }
  if (op === 'remove' || value === null || value === undefined) {
    assertMutable(attribute, labelOf(target), current, undefined, fail);
    deleteAttribute(container, attribute.name);
    return;
  }
  if (attribute.multiValued) {
    const incoming = coerceElements(attribute, value, fail);
    const list = op === 'replace' ? [] : listOf(current);
    work.charge((list.length + incoming.length) * WORK.valueKeyed);
    writeList(container, target, appendTo(list, incoming, target), fail);
    return;
  }
  if (attribute.type === 'complex') {
    const incoming = coerceComplex(attribute, value, fail, labelOf(target));
    const merged = mergeComplex(isJsonObject(current) ? current : {}, incoming, target, fail, true);
    if (isEmptyObject(merged)) deleteAttribute(container, attribute.name);
    else writeAttribute(container, attribute.name, merged);
    return;
  }
  const coerced = coerceSimple(attribute, value, fail, labelOf(target));
  assertMutable(attribute, labelOf(target), current, coerced, fail);
  writeAttribute(container, attribute.name, coerced);
}

/** `name.givenName` (single complex) or `emails.type` (every value of a multi-valued attribute). */
function applyToSubAttribute(
  container: JsonObject,
  op: OpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
  fail: Fail,
  work: PatchWork,
): void {
  const { attribute } = target;
  const current = readAttribute(container, attribute.name);
  if (attribute.multiValued) {
    const list = listOf(current);
    if (op !== 'remove' && value !== null && list.length === 0)
      throw fail('noTarget', `${attribute.name} has no values to set ${labelOf(target)} on`);
    work.charge(list.length * WORK.valueWritten);
    for (const element of list) if (isJsonObject(element)) setSub(element, op, target, value, fail);
    writeList(container, target, list, fail);
    return;
  }
  const object = isJsonObject(current) ? current : {};
  setSub(object, op, target, value, fail);
  if (isEmptyObject(object)) deleteAttribute(container, attribute.name);
  else writeAttribute(container, attribute.name, object);
}

function applyFiltered(
  container: JsonObject,
  op: OpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
  fail: Fail,
  work: PatchWork,
): void {
  const { attribute, subAttribute, filter } = target;
  const matches = compileElementFilter(attribute, filter!, fail);
  const list = listOf(readAttribute(container, attribute.name));
  work.chargeFilter(list.length, filter!);
  const matched = list.filter(matches);
  work.charge(matched.length * WORK.valueWritten);

  if (op === 'remove' || value === null || value === undefined) {
    if (subAttribute) for (const element of matched) setSub(element as JsonObject, 'remove', target, undefined, fail);
    const removed = new Set(matched);
    writeList(container, target, subAttribute ? list : list.filter((element) => !removed.has(element)), fail);
    return;
  }

  if (matched.length === 0) {
    const described = elementFromFilter(attribute, filter!, fail);
    if (!described) throw fail('noTarget', `no value of ${attribute.name} matches the filter`);
    const element = subAttribute
      ? { ...described, [subAttribute.name]: coerceSimple(subAttribute, value, fail, labelOf(target)) }
      : { ...described, ...withoutNulls(coerceComplex(attribute, value, fail, labelOf(target))) };
    list.push(element);
    keepOnePrimary(list, [element]);
    writeList(container, target, list, fail);
    return;
  }

  for (const element of matched) {
    const object = element as JsonObject; // compileValueFilter matches objects only
    if (subAttribute) setSub(object, op, target, value, fail);
    else {
      const merged = mergeComplex(object, coerceComplex(attribute, value, fail, labelOf(target)), target, fail, false);
      for (const key of Object.keys(object)) delete object[key];
      Object.assign(object, merged);
    }
  }
  keepOnePrimary(list, matched);
  writeList(container, target, list, fail);
}

/** Sets, or with remove/null unsets, the target's sub-attribute on one complex value. */
function setSub(
  object: JsonObject,
  op: OpName,
  target: AttributeTarget,
  value: JsonValue | undefined,
  fail: Fail,
): void {
  const sub = target.subAttribute!;
  const current = readAttribute(object, sub.name);
  if (op === 'remove' || value === null || value === undefined) {
    assertMutable(sub, labelOf(target), current, undefined, fail);
    deleteAttribute(object, sub.name);
    return;
  }
  const coerced = coerceSimple(sub, value, fail, labelOf(target));
  assertMutable(sub, labelOf(target), current, coerced, fail);
  writeAttribute(object, sub.name, coerced);
}

/**
 * Merges sub-attributes into a complex value; `null` unsets. With `replaceOnNewValue` (a single-valued complex
 * attribute such as manager), a changed `value` names a different thing and replaces the value whole.
 */
function mergeComplex(
  current: JsonObject,
  incoming: JsonObject,
  target: AttributeTarget,
  fail: Fail,
  replaceOnNewValue: boolean,
): JsonObject {
  const newValue = incoming['value'];
  const identityChanged =
    replaceOnNewValue &&
    newValue !== undefined &&
    newValue !== null &&
    !isUnassigned(readAttribute(current, 'value')) &&
    !jsonEqual(readAttribute(current, 'value'), newValue);
  const merged: JsonObject = identityChanged ? {} : { ...current };
  for (const [key, value] of Object.entries(incoming)) {
    const sub = target.attribute.subAttributes?.find((s) => s.name === key);
    if (sub) assertMutable(sub, `${labelOf(target)}.${key}`, readAttribute(current, key), value ?? undefined, fail);
    if (value === null) deleteAttribute(merged, key);
    else writeAttribute(merged, key, value);
  }
  return merged;
}

/** Appends values, skipping duplicates; a re-added member updates the stored one (its display may have changed). */
function appendTo(list: JsonValue[], incoming: JsonValue[], target: AttributeTarget): JsonValue[] {
  const positions = new Map<string, number>();
  list.forEach((element, position) => positions.set(identityOf(target.attribute, element), position));
  const written: JsonValue[] = [];
  for (const element of incoming) {
    const key = identityOf(target.attribute, element);
    const at = positions.get(key);
    if (at === undefined) {
      positions.set(key, list.length);
      list.push(element);
      written.push(element);
      continue;
    }
    const existing = list[at]!;
    if (isJsonObject(existing) && isJsonObject(element)) Object.assign(existing, element);
    written.push(existing);
  }
  keepOnePrimary(list, written);
  return list;
}

/** An empty multi-valued attribute is unassigned (RFC 7643 §2.5): it is removed, not stored as []. A list may
 * never grow past the limit of values per attribute, not even between two operations of one request. */
function writeList(container: JsonObject, target: AttributeTarget, list: JsonValue[], fail: Fail): void {
  const kept = list.filter((element) => !isEmptyObject(element));
  if (kept.length > SCIM_LIMITS.maxValuesPerAttribute)
    throw fail('invalidValue', tooManyValues(labelOf(target), kept.length).detail);
  if (kept.length === 0) deleteAttribute(container, target.attribute.name);
  else writeAttribute(container, target.attribute.name, kept);
}

/**
 * RFC 7644 §3.5.2: an immutable attribute may be set when it has no value, never changed or removed.
 * (`members.value` is immutable: a member is removed and added, not renamed.)
 */
function assertMutable(
  definition: AttributeDefinition,
  label: string,
  current: JsonValue | undefined,
  next: JsonValue | undefined,
  fail: Fail,
): void {
  if (definition.mutability !== 'immutable' || isUnassigned(current) || jsonEqual(current, next)) return;
  throw fail('mutability', `${label} is immutable`);
}

function sameReadOnlyValue(current: JsonValue | undefined, value: JsonValue): boolean {
  return jsonEqual(current, value) || (isUnassigned(current) && isUnassigned(value));
}

/** The stored value at a filterless target: the attribute, or its sub-attribute. */
function currentValueOf(document: JsonObject, target: AttributeTarget): JsonValue | undefined {
  const container = target.extension === undefined ? document : readAttribute(document, target.extension);
  const attribute = isJsonObject(container) ? readAttribute(container, target.attribute.name) : undefined;
  if (!target.subAttribute) return attribute;
  return isJsonObject(attribute) ? readAttribute(attribute, target.subAttribute.name) : undefined;
}

/** The object holding the target's attribute: the resource itself, or its extension object (created on demand). */
function containerOf(document: JsonObject, extension: string | undefined, create: boolean): JsonObject | undefined {
  if (extension === undefined) return document;
  const existing = readAttribute(document, extension);
  if (isJsonObject(existing)) {
    writeAttribute(document, extension, existing); // canonical spelling of the URN key
    return existing;
  }
  if (!create) return undefined;
  const fresh: JsonObject = {};
  writeAttribute(document, extension, fresh);
  return fresh;
}

function labelOf({ extension, attribute, subAttribute }: AttributeTarget): string {
  const name = subAttribute ? `${attribute.name}.${subAttribute.name}` : attribute.name;
  return extension ? `${extension}:${name}` : name;
}

function requiredAttributesPresent(document: JsonObject, type: ResourceTypeDefinition): string[] {
  return type.schema.attributes
    .filter((a) => a.required && !isUnassigned(readAttribute(document, a.name)))
    .map((a) => a.name);
}

/** Drops emptied extension objects and keeps `schemas` listing exactly the extensions present. */
function tidyExtensions(document: JsonObject, type: ResourceTypeDefinition): void {
  const schemasKey = keyOf(document, 'schemas');
  const schemas = schemasKey === undefined ? undefined : document[schemasKey];
  for (const { schema } of type.extensions) {
    const key = keyOf(document, schema.id);
    const present = key !== undefined && !isEmptyObject(document[key]);
    if (key !== undefined && !present) delete document[key];
    if (!Array.isArray(schemas)) continue;
    const listedAt = schemas.findIndex((s) => typeof s === 'string' && s.toLowerCase() === schema.id.toLowerCase());
    if (present && listedAt < 0) schemas.push(schema.id);
    if (!present && listedAt >= 0) schemas.splice(listedAt, 1);
  }
}
