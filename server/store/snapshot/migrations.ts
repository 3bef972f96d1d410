import { DecodeError, expectArray, expectObject } from '../decode.js';
import { CURRENT_SCHEMA_VERSION, SNAPSHOT_FORMAT } from './snapshot-document.js';
import { isRecord } from '../../util/is-record.js';

type Migration = (document: Record<string, unknown>) => Record<string, unknown>;

/**
 * MIGRATIONS[n] turns a schemaVersion n document into a schemaVersion n + 1 document. Each is a pure
 * function of the parsed JSON; the caller keeps a backup of the old file and writes the result atomically.
 * Add one entry (and bump CURRENT_SCHEMA_VERSION) for every change of the snapshot's shape.
 */
export const MIGRATIONS: readonly Migration[] = [
  /**
   * v0 -> v1. v0 was the single-file layout before the journal: no `seq`, members inside each group
   * (`groups[].members`), admin collections at the top level.
   */
  (v0) => {
    const memberships: Record<string, unknown> = {};
    const groups = expectArray(v0.groups ?? [], 'document.groups').map((entry, i) => {
      const { members, ...group } = expectObject(entry, `document.groups[${i}]`);
      const id = group.id;
      if (typeof id !== 'string') throw new DecodeError(`document.groups[${i}].id`, 'expected a string');
      if (members !== undefined) Object.defineProperty(memberships, id, { value: members, enumerable: true });
      return group;
    });
    const collection = (name: string): unknown => (isRecord(v0[name]) ? v0[name] : {});
    return {
      format: SNAPSHOT_FORMAT,
      schemaVersion: 1,
      seq: 0,
      users: v0.users ?? [],
      groups,
      memberships,
      docs: {
        tokens: collection('tokens'),
        rules: collection('rules'),
        organizationalUnits: collection('organizationalUnits'),
        settings: collection('settings'),
      },
    };
  },
  /** v1 -> v2: the change feed's events and the webhook collections (docs/events.md), all empty. */
  (v1) => {
    const docs = expectObject(v1.docs, 'document.docs');
    return {
      ...v1,
      schemaVersion: 2,
      docs: { ...docs, webhooks: {}, webhookProgress: {} },
      events: [],
      lastEventPos: 0,
    };
  },
];

if (MIGRATIONS.length !== CURRENT_SCHEMA_VERSION) {
  throw new Error(
    `snapshot migrations cover ${MIGRATIONS.length} versions, the schema is at ${CURRENT_SCHEMA_VERSION}`,
  );
}

/** Migrates a document of an older version forward to the current one. */
export function migrateForward(document: Record<string, unknown>, fromVersion: number): Record<string, unknown> {
  let current = document;
  for (let version = fromVersion; version < CURRENT_SCHEMA_VERSION; version++) {
    const migration = MIGRATIONS[version];
    if (!migration) throw new DecodeError('document.schemaVersion', `no migration from version ${version}`);
    current = migration(current);
  }
  return current;
}
