/** Rows of the PostgreSQL schema as the store's records. */
import type { GroupEntry } from '../directory-store.js';
import type { ResourceRecord } from '../types.js';

export interface RecordRow {
  id: string;
  data: Record<string, unknown>;
  created: string;
  last_modified: string;
  version: number;
  origin: string | null;
}

export const RECORD_COLUMNS = 'id, data, created, last_modified, version, origin';

export function toRecord(row: RecordRow): ResourceRecord {
  const record: ResourceRecord = {
    id: row.id,
    meta: { created: row.created, lastModified: row.last_modified, version: row.version },
    data: row.data,
  };
  if (row.origin !== null) record.origin = row.origin;
  return record;
}

/** A user's groups as the listing reads them (`groupsOf` in ./sql-query.ts): `[id, displayName]` pairs. */
export function toGroupEntries(pairs: readonly [string, string | null][]): GroupEntry[] {
  return pairs.map(([id, displayName]) => (displayName === null ? { id } : { id, displayName }));
}

/** Stored times are canonical ISO 8601 (`toISOString`), so their text order is their time order. */
export function canonicalTime(text: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}
