import {
  DOCUMENT_COLLECTIONS,
  LATER_COLLECTIONS,
  DecodeError,
  decodeEvent,
  decodeMemberAt,
  decodeRecordAt,
  deepFreeze,
  expectArray,
  expectObject,
  expectSeq,
  expectString,
} from '../decode.js';
import type { DocumentCollection, Member, OutboxEvent, ResourceRecord } from '../types.js';

export const SNAPSHOT_FORMAT = 'scim-desk';
export const CURRENT_SCHEMA_VERSION = 2;

/**
 * The lowdb document (`directory.json`): the whole directory as of journal transaction `seq`.
 * Users and groups are in creation order, so the order survives restarts.
 */
export interface SnapshotDocument {
  format: typeof SNAPSHOT_FORMAT;
  schemaVersion: typeof CURRENT_SCHEMA_VERSION;
  /** Last journal transaction included; replay starts after it. */
  seq: number;
  users: ResourceRecord[];
  groups: ResourceRecord[];
  /** groupId -> members in insertion order. */
  memberships: Record<string, Member[]>;
  docs: Record<DocumentCollection, Record<string, unknown>>;
  /** The change feed's retained events, oldest first (v2). */
  events: OutboxEvent[];
  /** The last event pos ever recorded, so positions never repeat after pruning (v2). */
  lastEventPos: number;
}

export function emptySnapshot(): SnapshotDocument {
  return {
    format: SNAPSHOT_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    seq: 0,
    users: [],
    groups: [],
    memberships: {},
    docs: {
      tokens: {},
      rules: {},
      organizationalUnits: {},
      settings: {},
      webhooks: {},
      webhookProgress: {},
      accessGrants: {},
    },
    events: [],
    lastEventPos: 0,
  };
}

/** The version stamp every snapshot version shares; anything without it is not ours. */
export function readVersionStamp(value: unknown): number {
  const raw = expectObject(value, 'document');
  if (raw.format !== SNAPSHOT_FORMAT) throw new DecodeError('document.format', `expected "${SNAPSHOT_FORMAT}"`);
  const version = raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
    throw new DecodeError('document.schemaVersion', 'expected a non-negative integer');
  }
  return version;
}

/** Decodes a current-version document; its records come back frozen. */
export function decodeSnapshot(value: unknown): SnapshotDocument {
  const raw = expectObject(value, 'document');
  if (readVersionStamp(raw) !== CURRENT_SCHEMA_VERSION) {
    throw new DecodeError('document.schemaVersion', `expected ${CURRENT_SCHEMA_VERSION}`);
  }
  const seq = expectSeq(raw.seq, 'document.seq');
  const users = expectArray(raw.users, 'document.users').map((user, i) =>
    decodeRecordAt(user, () => `document.users[${i}]`),
  );
  const groups = expectArray(raw.groups, 'document.groups').map((group, i) =>
    decodeRecordAt(group, () => `document.groups[${i}]`),
  );
  const memberships = expectObject(raw.memberships, 'document.memberships');
  for (const [groupId, members] of Object.entries(memberships)) {
    expectString(groupId, 'document.memberships key');
    expectArray(members, `document.memberships.${groupId}`).forEach((member, i) =>
      decodeMemberAt(member, () => `document.memberships.${groupId}[${i}]`),
    );
  }
  const docs = { ...expectObject(raw.docs, 'document.docs') };
  for (const collection of LATER_COLLECTIONS) docs[collection] ??= {};
  for (const collection of DOCUMENT_COLLECTIONS) expectObject(docs[collection], `document.docs.${collection}`);
  const events = expectArray(raw.events, 'document.events').map((event, i) =>
    decodeEvent(event, `document.events[${i}]`),
  );
  const lastEventPos = expectSeq(raw.lastEventPos, 'document.lastEventPos');
  return deepFreeze({
    format: SNAPSHOT_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    seq,
    users,
    groups,
    memberships: memberships as Record<string, Member[]>,
    docs: docs as Record<DocumentCollection, Record<string, unknown>>,
    events,
    lastEventPos,
  });
}
