/** The PATCH engine's vocabulary: a validated PatchOp message (RFC 7644 §3.5.2) and the member operations split off it. */
import type { FilterNode, PatchPath } from '../filter/ast.js';

/** A JSON value as it arrives in a request body, after the prototype-pollution guard has vetted every key. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** An operation's `path`: the text as sent (for messages) and its parsed form. */
export interface PatchTarget {
  text: string;
  parsed: PatchPath;
}

interface OperationBase {
  /** Position in `Operations`, so errors can name the operation that failed. */
  index: number;
}

/**
 * One validated operation. `op` is normalised to lower case (Entra sends `Replace`, `Add`, `Remove`).
 * `value: null` on add/replace is kept: it means "remove the attribute" (Entra clears attributes that way).
 */
export type PatchOperation =
  | (OperationBase & { op: 'add'; path: PatchTarget | undefined; value: JsonValue })
  | (OperationBase & { op: 'replace'; path: PatchTarget | undefined; value: JsonValue })
  /** `value` on remove is Entra's member list (`{"op":"Remove","path":"members","value":[{"value":"id"}]}`). */
  | (OperationBase & { op: 'remove'; path: PatchTarget; value: JsonValue | undefined });

export type PatchOpName = PatchOperation['op'];

/** A group member as a PATCH names it. `display` is the client's hint; the store may compute its own. */
export interface MemberReference {
  value: string;
  display?: string;
  type?: 'User' | 'Group';
}

/** Membership changes a Group PATCH asks for, in request order, applied by the store without rebuilding the list. */
export type MemberOperation =
  | { kind: 'add'; members: MemberReference[] }
  /** From `members[value eq "x"]` (or an `or` of such) and from Entra's `Remove path members` value list. */
  | { kind: 'remove'; values: string[] }
  /** Any other filter on members (`members[type eq "Group"]`): the store evaluates it per member. */
  | { kind: 'removeWhere'; filter: FilterNode }
  | { kind: 'removeAll' }
  | { kind: 'replace'; members: MemberReference[] };
