/**
 * Splits a Group PATCH into member operations and the rest. Members are stored apart from the group (a group can
 * have 50,000 members), so the handler applies `otherOps` to the group resource with applyPatch and hands
 * `memberOps` to the store, which adds or removes 100 members without rebuilding the whole list.
 *
 * Shapes (docs/interop.md#okta-group-push, docs/interop.md#entra-member-removal-by-value-list): Okta `add path
 * members` with `[{value, display}]`, `remove path members[value eq "id"]`, `replace path members` with `[]` or
 * a list, a pathless replace whose value holds `members`; Entra `Remove path members` with a value list (removes
 * only those members).
 * Same decisions as applyPatch: remove is idempotent (the store ignores ids that are not members), `null`
 * on replace clears.
 */
import type { FilterNode, PatchPath } from '../filter/ast.js';
import { SCIM_LIMITS, stringTooLong } from '../limits.js';
import { GROUP_SCHEMA } from '../schemas/index.js';
import { isJsonObject } from './guard.js';
import { keyOf } from './json.js';
import { describeValue, operationError } from './operation-error.js';
import type { JsonObject, JsonValue, MemberOperation, MemberReference, PatchOperation } from './types.js';

export function splitMemberOperations(ops: PatchOperation[]): {
  memberOps: MemberOperation[];
  otherOps: PatchOperation[];
} {
  const memberOps: MemberOperation[] = [];
  const otherOps: PatchOperation[] = [];
  for (const operation of ops) {
    if (operation.path) {
      if (isMembersPath(operation.path.parsed)) {
        const memberOp = fromMembersPath(operation, operation.path.parsed);
        if (memberOp) memberOps.push(memberOp);
      } else {
        otherOps.push(operation);
      }
      continue;
    }
    if (operation.op === 'remove' || !isJsonObject(operation.value)) {
      otherOps.push(operation); // parsePatchRequest never yields these; applyPatch reports them
      continue;
    }
    const { members, rest } = takeMembers(operation.value);
    if (members === undefined) {
      otherOps.push(operation);
      continue;
    }
    const memberOp = fromValue(operation, members);
    if (memberOp) memberOps.push(memberOp);
    if (Object.keys(rest).length > 0) otherOps.push({ ...operation, value: rest });
  }
  return { memberOps, otherOps };
}

const MEMBERS_QUALIFIED = `${GROUP_SCHEMA}:members`.toLowerCase();

function isMembersPath({ path }: PatchPath): boolean {
  return (
    path.attribute.toLowerCase() === 'members' &&
    (path.urn === undefined || path.urn.toLowerCase() === GROUP_SCHEMA.toLowerCase())
  );
}

function fromMembersPath(operation: PatchOperation, patchPath: PatchPath): MemberOperation | undefined {
  const fail = (scimType: 'invalidPath' | 'invalidValue' | 'mutability', detail: string) =>
    operationError(operation.index, scimType, detail, operation);
  const subAttribute = patchPath.path.subAttribute ?? patchPath.subAttribute;
  if (subAttribute !== undefined) {
    throw fail('mutability', `members.${subAttribute} cannot be changed; add or remove the member instead`);
  }
  const filter = patchPath.valueFilter;
  if (operation.op === 'remove') {
    if (filter) {
      const values = memberIdsOf(filter);
      return values ? { kind: 'remove', values } : { kind: 'removeWhere', filter };
    }
    if (operation.value === undefined || operation.value === null) return { kind: 'removeAll' };
    return { kind: 'remove', values: parseMembers(operation.value, fail).map((m) => m.value) };
  }
  if (filter) throw fail('invalidPath', `${operation.op} takes the member list at path "members", not a value filter`);
  return fromValue(operation, operation.value);
}

function fromValue(operation: PatchOperation, value: JsonValue | undefined): MemberOperation | undefined {
  const fail = (scimType: 'invalidValue', detail: string) =>
    operationError(operation.index, scimType, detail, operation);
  if (value === undefined || value === null) return operation.op === 'replace' ? { kind: 'removeAll' } : undefined;
  const members = parseMembers(value, fail);
  return operation.op === 'replace' ? { kind: 'replace', members } : { kind: 'add', members };
}

/** Splits `members` (or `urn:…:core:2.0:Group:members`) off a pathless value object. */
function takeMembers(value: JsonObject): { members: JsonValue | undefined; rest: JsonObject } {
  const rest: JsonObject = {};
  let members: JsonValue | undefined;
  for (const [key, item] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (lower === 'members' || lower === MEMBERS_QUALIFIED) members = item;
    else rest[key] = item;
  }
  return { members, rest };
}

/** `value eq "a"`, or `value eq "a" or value eq "b"`: plain removals by id; undefined for any other filter. */
function memberIdsOf(filter: FilterNode): string[] | undefined {
  if (filter.kind === 'or') {
    const left = memberIdsOf(filter.left);
    const right = memberIdsOf(filter.right);
    return left && right ? [...left, ...right] : undefined;
  }
  const isValueEquality =
    filter.kind === 'compare' &&
    filter.op === 'eq' &&
    typeof filter.value === 'string' &&
    filter.path.attribute.toLowerCase() === 'value' &&
    filter.path.urn === undefined &&
    filter.path.subAttribute === undefined;
  return isValueEquality ? [filter.value as string] : undefined;
}

const MEMBER_TYPES = ['User', 'Group'] as const;

/** Each member needs a string `value`; `display` and `type` are optional. A bare id is read as `{value: id}`. */
function parseMembers(value: JsonValue, fail: (scimType: 'invalidValue', detail: string) => Error): MemberReference[] {
  const items = Array.isArray(value) ? value : [value];
  const byValue = new Map<string, MemberReference>();
  items.forEach((item, position) => {
    const where = `members[${position}]`;
    const object: JsonObject | undefined =
      typeof item === 'string' ? { value: item } : isJsonObject(item) ? item : undefined;
    if (!object) throw fail('invalidValue', `${where} must be an object with a value, got ${describeValue(item)}`);
    const id = field(object, 'value');
    if (typeof id !== 'string' || id.trim() === '')
      throw fail('invalidValue', `${where} needs a string value (the member id), got ${describeValue(id ?? null)}`);
    if (id.length > SCIM_LIMITS.maxStringLength)
      throw fail('invalidValue', stringTooLong(`${where}.value`, id.length).detail);
    const member: MemberReference = { value: id };
    const display = field(object, 'display');
    if (display !== undefined && display !== null) {
      if (typeof display !== 'string')
        throw fail('invalidValue', `${where}.display must be a string, got ${describeValue(display)}`);
      if (display.length > SCIM_LIMITS.maxStringLength)
        throw fail('invalidValue', stringTooLong(`${where}.display`, display.length).detail);
      member.display = display;
    }
    const type = field(object, 'type');
    if (type !== undefined && type !== null) {
      const canonical =
        typeof type === 'string' ? MEMBER_TYPES.find((t) => t.toLowerCase() === type.toLowerCase()) : undefined;
      if (!canonical) throw fail('invalidValue', `${where}.type must be User or Group, got ${describeValue(type)}`);
      member.type = canonical;
    }
    byValue.set(id, { ...byValue.get(id), ...member });
  });
  return [...byValue.values()];
}

function field(object: JsonObject, name: string): JsonValue | undefined {
  const key = keyOf(object, name);
  return key === undefined ? undefined : object[key];
}
