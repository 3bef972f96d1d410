/**
 * Applies the schema's migrations at start-up. Every node runs this; a transaction-level advisory lock makes
 * nodes that start at once take turns, so each migration is applied exactly once (the second node finds it
 * recorded and skips it). A database migrated by a newer SCIM Desk is refused, never changed.
 */
import type { Sql } from 'postgres';
import { StoreError } from '../types.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export async function migrate(sql: Sql, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext('scim-desk migrations'))`;
    await tx`CREATE TABLE IF NOT EXISTS scim_desk_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`;
    const rows = await tx<{ version: number }[]>`SELECT version FROM scim_desk_migrations`;
    const applied = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...applied);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) {
      throw new StoreError(
        'newer-version',
        `the database has schema version ${newest}; this SCIM Desk knows up to ${known}: run the newer SCIM Desk`,
      );
    }
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.unsafe(migration.sql);
      await tx`INSERT INTO scim_desk_migrations (version, name) VALUES (${migration.version}, ${migration.name})`;
      done.push(migration.version);
    }
    return done;
  });
}
