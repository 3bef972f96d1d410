/**
 * What `scim-desk store copy` needs of a PostgreSQL database beyond the store contract: whether SCIM Desk
 * nodes are connected to it (a copy from or to a database in use would miss or mix in their writes), and
 * emptying it with its change feed continuing after a given position, so the events copied in next keep the
 * positions they had. Both use a connection of their own, named apart from the nodes' (`scim-desk`).
 */
import postgres, { type Sql } from 'postgres';
import { toStoreError } from './errors.js';

/** The application name every node's connections carry (postgres-store.ts). */
const NODE_APPLICATION_NAME = 'scim-desk';

async function withConnection<T>(url: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, {
    max: 1,
    connect_timeout: 5,
    onnotice: () => undefined,
    connection: { application_name: 'scim-desk store copy' },
  });
  try {
    return await work(sql);
  } catch (error) {
    throw toStoreError(error);
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

/** How many connections of SCIM Desk nodes the database has open now. */
export function nodeConnections(url: string): Promise<number> {
  return withConnection(url, async (sql) => {
    const [row] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = ${NODE_APPLICATION_NAME} AND pid <> pg_backend_pid()`;
    return row!.n;
  });
}

/**
 * Empties a migrated database (records, memberships, documents, the commit log and the feed) in one
 * transaction, and makes the next event's position `lastEventPos + 1`. Commit-log positions keep counting
 * up, so a change follower never sees a position twice. Takes the sequencer's lock, so no numbering runs
 * meanwhile.
 */
export function emptyForCopy(url: string, lastEventPos: number): Promise<void> {
  return withConnection(url, async (sql) => {
    await sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext('scim-desk sequencer'))`;
      await tx`TRUNCATE scim_desk_memberships, scim_desk_users, scim_desk_groups, scim_desk_documents, scim_desk_events, scim_desk_changes`;
      await tx`UPDATE scim_desk_sequence SET last_event_pos = ${lastEventPos}`;
    });
  });
}
