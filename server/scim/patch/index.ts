/** The SCIM PATCH engine (RFC 7644 §3.5.2): validate a PatchOp message, apply it atomically, split off group members. */
export { applyPatch } from './apply.js';
export { splitMemberOperations } from './members.js';
export { parsePatchRequest } from './parse-request.js';
export { PatchWork, WORK } from './patch-work.js';
export type {
  JsonObject,
  JsonValue,
  MemberOperation,
  MemberReference,
  PatchOperation,
  PatchOpName,
  PatchTarget,
} from './types.js';
