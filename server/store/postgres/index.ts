/** The PostgreSQL backend's entry point (docs/scale-out.md). */
export { openPostgresStore, PostgresDirectoryStore } from './postgres-store.js';
export type { PostgresStoreOptions } from './postgres-store.js';
export { migrate } from './migrate.js';
export { MIGRATIONS } from './migrations.js';
export { SharedEvidenceTable } from './shared-evidence-table.js';
