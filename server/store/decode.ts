import type { DocumentCollection, Member, OutboxEvent, ResourceRecord, StoreOp } from './types.js';
import { isRecord } from '../util/is-record.js';

/**
 * Parsing of what comes off the disk (snapshot, journal lines) and of committed ops after their JSON round
 * trip: unknown in, typed values out, or a DecodeError naming where the shape broke. Past this file the
 * store trusts its types.
 */
export class DecodeError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'DecodeError';
  }
}

export const DOCUMENT_COLLECTIONS: readonly DocumentCollection[] = [
  'tokens',
  'rules',
  'organizationalUnits',
  'settings',
  'webhooks',
  'webhookProgress',
  'accessGrants',
];
/** Collections added after schema version 2: a snapshot written before them has none (read as empty). */
export const LATER_COLLECTIONS: readonly DocumentCollection[] = ['accessGrants'];

export function expectObject(value: unknown, where: string): Record<string, unknown> {
  if (!isRecord(value)) throw new DecodeError(where, 'expected an object');
  return value;
}

export function expectArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new DecodeError(where, 'expected an array');
  return value;
}

export function expectString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') throw new DecodeError(where, 'expected a non-empty string');
  return value;
}

export function expectSeq(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new DecodeError(where, 'expected a non-negative integer');
  }
  return value;
}

/** The checks of decodeRecord without building a message: a snapshot holds 100,000s of records. */
function isResourceRecord(value: unknown): value is ResourceRecord {
  if (!isRecord(value)) return false;
  const { id, meta, data, origin } = value;
  return (
    isNonEmptyString(id) &&
    isRecord(meta) &&
    isNonEmptyString(meta.created) &&
    isNonEmptyString(meta.lastModified) &&
    typeof meta.version === 'number' &&
    isRecord(data) &&
    (origin === undefined || isNonEmptyString(origin))
  );
}

function isMember(value: unknown): value is Member {
  if (!isRecord(value)) return false;
  const { display, type } = value;
  return (
    isNonEmptyString(value.value) &&
    (display === undefined || typeof display === 'string') &&
    (type === undefined || type === 'User' || type === 'Group')
  );
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** `where` is only built when the value is bad. */
export function decodeRecordAt(value: unknown, where: () => string): ResourceRecord {
  return isResourceRecord(value) ? value : decodeRecord(value, where());
}

export function decodeMemberAt(value: unknown, where: () => string): Member {
  return isMember(value) ? value : decodeMember(value, where());
}

export function decodeRecord(value: unknown, where: string): ResourceRecord {
  if (isResourceRecord(value)) return value;
  const raw = expectObject(value, where);
  expectString(raw.id, `${where}.id`);
  const meta = expectObject(raw.meta, `${where}.meta`);
  expectString(meta.created, `${where}.meta.created`);
  expectString(meta.lastModified, `${where}.meta.lastModified`);
  if (typeof meta.version !== 'number') throw new DecodeError(`${where}.meta.version`, 'expected a number');
  expectObject(raw.data, `${where}.data`);
  if (raw.origin !== undefined) expectString(raw.origin, `${where}.origin`);
  return raw as unknown as ResourceRecord;
}

export function decodeMember(value: unknown, where: string): Member {
  if (isMember(value)) return value;
  const raw = expectObject(value, where);
  expectString(raw.value, `${where}.value`);
  if (raw.display !== undefined && typeof raw.display !== 'string') {
    throw new DecodeError(`${where}.display`, 'expected a string');
  }
  if (raw.type !== undefined && raw.type !== 'User' && raw.type !== 'Group') {
    throw new DecodeError(`${where}.type`, 'expected "User" or "Group"');
  }
  return raw as unknown as Member;
}

export function decodeCollection(value: unknown, where: string): DocumentCollection {
  const found = DOCUMENT_COLLECTIONS.find((collection) => collection === value);
  if (!found) throw new DecodeError(where, `expected one of ${DOCUMENT_COLLECTIONS.join(', ')}`);
  return found;
}

export function decodeStoreOp(value: unknown, where: string): StoreOp {
  const raw = expectObject(value, where);
  switch (raw.op) {
    case 'putUser':
    case 'putGroup':
      decodeRecord(raw.record, `${where}.record`);
      break;
    case 'deleteUser':
    case 'deleteGroup':
      expectString(raw.id, `${where}.id`);
      break;
    case 'addMembers':
      expectString(raw.groupId, `${where}.groupId`);
      expectArray(raw.members, `${where}.members`).forEach((member, i) =>
        decodeMember(member, `${where}.members[${i}]`),
      );
      break;
    case 'removeMembers':
      expectString(raw.groupId, `${where}.groupId`);
      expectArray(raw.values, `${where}.values`).forEach((item, i) => expectString(item, `${where}.values[${i}]`));
      break;
    case 'clearMembers':
      expectString(raw.groupId, `${where}.groupId`);
      break;
    case 'putDoc':
      decodeCollection(raw.collection, `${where}.collection`);
      expectString(raw.id, `${where}.id`);
      if (raw.doc === undefined) throw new DecodeError(`${where}.doc`, 'missing');
      break;
    case 'deleteDoc':
      decodeCollection(raw.collection, `${where}.collection`);
      expectString(raw.id, `${where}.id`);
      break;
    case 'recordEvents':
      expectArray(raw.events, `${where}.events`).forEach((event, i) => decodeEvent(event, `${where}.events[${i}]`));
      break;
    case 'pruneEvents':
      expectSeq(raw.through, `${where}.through`);
      break;
    default:
      throw new DecodeError(`${where}.op`, `unknown op ${JSON.stringify(raw.op)}`);
  }
  return raw as unknown as StoreOp;
}

export function decodeEvent(value: unknown, where: string): OutboxEvent {
  const raw = expectObject(value, where);
  expectSeq(raw.pos, `${where}.pos`);
  for (const field of ['id', 'type', 'timestamp', 'key'] as const) expectString(raw[field], `${where}.${field}`);
  expectObject(raw.data, `${where}.data`);
  return raw as unknown as OutboxEvent;
}

/** One journal line: `{"seq": n, "ops": [...]}`. */
export interface Transaction {
  seq: number;
  ops: StoreOp[];
}

export function decodeTransaction(value: unknown, where: string): Transaction {
  const raw = expectObject(value, where);
  const seq = expectSeq(raw.seq, `${where}.seq`);
  const ops = expectArray(raw.ops, `${where}.ops`).map((op, i) => decodeStoreOp(op, `${where}.ops[${i}]`));
  return { seq, ops };
}

/** Records live in memory frozen: a caller cannot change stored data without a commit. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) freezeTree(value);
  return value;
}

/** Loops instead of Object.values: no array per object when freezing a 50,000-user snapshot. */
function freezeTree(value: object): void {
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeTree(child);
    }
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child: unknown = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeTree(child);
  }
}
