/**
 * The PostgreSQL backend of the store contract: several SCIM Desk nodes share one database. docs/scale-out.md
 * describes the schema, why each guarantee holds and why postgres.js is the client.
 *
 * Every call is bounded: a query that does not answer within `queryTimeoutMs` (a transaction within
 * `transactionTimeoutMs`) fails with StoreError('unavailable') instead of hanging, and so does a database that
 * cannot be reached. Connections come back by themselves: postgres.js reconnects on the next query, and its
 * LISTEN connection re-listens (the change follower then catches up on what it missed).
 */
import postgres, { type Sql } from 'postgres';
import type {
  ChangeSubscriber,
  ChangeSummary,
  DirectoryStore,
  EventDeriver,
  GroupEntry,
  MemberEntry,
  StoreTransaction,
  UserWithGroups,
} from '../directory-store.js';
import type { RecordPage, RecordQuery } from '../query/types.js';
import type { DocumentCollection, OutboxEvent, ResourceRecord } from '../types.js';
import { StoreError } from '../types.js';
import { ChangeFollower } from './change-follower.js';
import { isRetryable, toStoreError, withDeadline } from './errors.js';
import { migrate } from './migrate.js';
import { PostgresTransaction } from './postgres-transaction.js';
import { RECORD_COLUMNS, toGroupEntries, toRecord, type RecordRow } from './rows.js';
import { SEQUENCER_BATCH, Sequencer } from './sequencer.js';
import { compileListing, groupsOf, type Table } from './sql-query.js';

/** The `groups` column of a user read with its groups (`groupsOf` in ./sql-query.ts). */
interface GroupsColumn {
  groups: [string, string | null][];
}

export interface PostgresStoreOptions {
  /** Connections in this node's pool (default 10). */
  poolSize?: number;
  /** A single query's bound, also set as the server's statement_timeout (default 5,000 ms). */
  queryTimeoutMs?: number;
  /** A whole transaction's bound (default 10,000 ms). */
  transactionTimeoutMs?: number;
  /** Connecting's bound (default 5 s). */
  connectTimeoutSeconds?: number;
  /** How often the node checks the commit log without a notification (default 1,000 ms). */
  pollIntervalMs?: number;
  log?: (line: string) => void;
}

const MAX_ATTEMPTS = 3;

/** Connects, applies the migrations (under an advisory lock) and starts following the commit log. */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresDirectoryStore> {
  const queryTimeoutMs = options.queryTimeoutMs ?? 5_000;
  const sql = postgres(url, {
    max: options.poolSize ?? 10,
    connect_timeout: options.connectTimeoutSeconds ?? 5,
    idle_timeout: 60,
    onnotice: () => undefined,
    // int8 (bigint, count(*)) as numbers: positions and counts stay far below 2^53.
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number) => String(value),
        parse: (value: string) => Number(value),
      },
    },
    connection: {
      application_name: 'scim-desk',
      statement_timeout: queryTimeoutMs,
      idle_in_transaction_session_timeout: options.transactionTimeoutMs ?? 10_000,
    },
  });
  const log = options.log ?? (() => undefined);
  try {
    await withDeadline(migrate(sql), Math.max(queryTimeoutMs, 30_000), 'while migrating the schema').catch(
      (error: unknown) => {
        throw toStoreError(error);
      },
    );
    // The first connection has read the array types into the pool's shared parsers and serializers (text[] and
    // bigint[] parameters need them). Every later connection would read them again, and postgres.js runs that
    // read outside any caller's promise: a connection closed during it (a database restarting, a proxy cutting
    // in) ends in an unhandled rejection. The types do not change while the pool lives, so they are read once.
    sql.options.fetch_types = false;
    const store = new PostgresDirectoryStore(sql, { ...options, queryTimeoutMs, log });
    await store.start();
    return store;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => undefined);
    throw error;
  }
}

export class PostgresDirectoryStore implements DirectoryStore {
  readonly backend = 'postgres' as const;
  private readonly derivers = new Set<EventDeriver>();
  private readonly sequencer: Sequencer;
  private readonly follower: ChangeFollower;
  private readonly queryTimeoutMs: number;
  private readonly transactionTimeoutMs: number;
  private readonly log: (line: string) => void;
  private closing: Promise<void> | undefined;
  /** Transactions under way (until their change is followed): a close lets them finish first. */
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    private readonly sql: Sql,
    options: PostgresStoreOptions & { queryTimeoutMs: number; log: (line: string) => void },
  ) {
    this.queryTimeoutMs = options.queryTimeoutMs;
    this.transactionTimeoutMs = options.transactionTimeoutMs ?? 10_000;
    this.log = options.log;
    this.sequencer = new Sequencer(sql, options.log);
    this.follower = new ChangeFollower(sql, this.sequencer, options.pollIntervalMs ?? 1_000, options.log);
  }

  async start(): Promise<void> {
    await this.bounded(this.follower.start(), 'while starting to follow the commit log');
  }

  // ---- reads ----

  getUser(id: string): Promise<ResourceRecord | undefined> {
    return this.record('scim_desk_users', id);
  }

  getGroup(id: string): Promise<ResourceRecord | undefined> {
    return this.record('scim_desk_groups', id);
  }

  async findUserIdByUserName(userName: string): Promise<string | undefined> {
    const rows = await this.query<{ id: string }>(
      `SELECT id FROM scim_desk_users WHERE lower(data ->> 'userName') = lower($1::text)`,
      [userName],
    );
    return rows[0]?.id;
  }

  async findGroupIdByDisplayName(displayName: string): Promise<string | undefined> {
    const rows = await this.query<{ id: string }>(
      `SELECT id FROM scim_desk_groups WHERE lower(data ->> 'displayName') = lower($1::text)`,
      [displayName],
    );
    return rows[0]?.id;
  }

  async getDoc<T>(collection: DocumentCollection, id: string): Promise<T | undefined> {
    const rows = await this.query<{ doc: T }>(
      `SELECT doc FROM scim_desk_documents WHERE collection = $1::text AND id = $2::text`,
      [collection, id],
    );
    return rows[0]?.doc;
  }

  async listDocs<T>(collection: DocumentCollection): Promise<T[]> {
    const rows = await this.query<{ doc: T }>(
      `SELECT doc FROM scim_desk_documents WHERE collection = $1::text ORDER BY ord`,
      [collection],
    );
    return rows.map((row) => row.doc);
  }

  async listDocEntries<T>(collection: DocumentCollection): Promise<[string, T][]> {
    const rows = await this.query<{ id: string; doc: T }>(
      `SELECT id, doc FROM scim_desk_documents WHERE collection = $1::text ORDER BY ord`,
      [collection],
    );
    return rows.map((row) => [row.id, row.doc]);
  }

  async isMember(groupId: string, memberId: string): Promise<boolean> {
    const rows = await this.query(
      `SELECT 1 FROM scim_desk_memberships WHERE group_id = $1::text AND member_id = $2::text`,
      [groupId, memberId],
    );
    return rows.length > 0;
  }

  async members(groupId: string): Promise<MemberEntry[]> {
    const rows = await this.query<{
      value: string;
      type: 'User' | 'Group';
      display: string | null;
      name: string | null;
    }>(
      `SELECT m.member_id AS value, m.member_type AS type, m.display,
              CASE WHEN u.id IS NOT NULL THEN coalesce(u.data ->> 'displayName', u.data ->> 'userName') ELSE g.data ->> 'displayName' END AS name
       FROM scim_desk_memberships m
       LEFT JOIN scim_desk_users u ON u.id = m.user_member
       LEFT JOIN scim_desk_groups g ON g.id = m.group_member
       WHERE m.group_id = $1::text ORDER BY m.ord`,
      [groupId],
    );
    return rows.map((row) => {
      const entry: MemberEntry = { value: row.value, type: row.type };
      if (row.display !== null) entry.display = row.display;
      if (row.name !== null) entry.name = row.name;
      return entry;
    });
  }

  async groupsOf(memberId: string): Promise<GroupEntry[]> {
    const rows = await this.query<{ id: string; display_name: string | null }>(
      `SELECT g.id, g.data ->> 'displayName' AS display_name FROM scim_desk_memberships m JOIN scim_desk_groups g ON g.id = m.group_id
       WHERE m.member_id = $1::text ORDER BY m.ord`,
      [memberId],
    );
    return rows.map((row) =>
      row.display_name === null ? { id: row.id } : { id: row.id, displayName: row.display_name },
    );
  }

  async userCount(): Promise<number> {
    const [row] = await this.query<{ total: number }>(`SELECT count(*) AS total FROM scim_desk_users`, []);
    return row!.total;
  }

  async groupCount(): Promise<number> {
    const [row] = await this.query<{ total: number }>(`SELECT count(*) AS total FROM scim_desk_groups`, []);
    return row!.total;
  }

  listUsers(query: RecordQuery): Promise<RecordPage<ResourceRecord>> {
    return this.list('scim_desk_users', query);
  }

  listGroups(query: RecordQuery): Promise<RecordPage<ResourceRecord>> {
    return this.list('scim_desk_groups', query);
  }

  async listUsersWithGroups(query: RecordQuery): Promise<RecordPage<UserWithGroups>> {
    const { total, rows } = await this.page<GroupsColumn>('scim_desk_users', query, true);
    return { total, records: rows.map((row) => ({ record: toRecord(row), groups: toGroupEntries(row.groups) })) };
  }

  async getUserWithGroups(id: string): Promise<UserWithGroups | undefined> {
    const [row] = await this.query<RecordRow & GroupsColumn>(
      `SELECT ${RECORD_COLUMNS}, ${groupsOf('r')} AS groups FROM scim_desk_users r WHERE r.id = $1::text`,
      [id],
    );
    return row ? { record: toRecord(row), groups: toGroupEntries(row.groups) } : undefined;
  }

  async usersWithGroups(ids: readonly string[]): Promise<UserWithGroups[]> {
    if (ids.length === 0) return [];
    const rows = await this.query<RecordRow & GroupsColumn>(
      `SELECT ${RECORD_COLUMNS}, ${groupsOf('r')} AS groups FROM scim_desk_users r WHERE r.id = ANY($1::text[])`,
      [ids],
    );
    return rows.map((row) => ({ record: toRecord(row), groups: toGroupEntries(row.groups) }));
  }

  async docEntriesOf<T>(collection: DocumentCollection, ids: readonly string[]): Promise<[string, T][]> {
    if (ids.length === 0) return [];
    const rows = await this.query<{ id: string; doc: T }>(
      `SELECT id, doc FROM scim_desk_documents WHERE collection = $1::text AND id = ANY($2::text[])`,
      [collection, ids],
    );
    return rows.map((row) => [row.id, row.doc]);
  }

  /** In id order, each page where the last one ended (the primary key's index). */
  async *walkDocIds(collection: DocumentCollection, pageSize: number): AsyncIterable<string[]> {
    let after: string | null = null;
    for (;;) {
      const rows: { id: string }[] = await this.query<{ id: string }>(
        `SELECT id FROM scim_desk_documents WHERE collection = $1::text AND ($2::text IS NULL OR id > $2::text)
         ORDER BY id LIMIT $3::integer`,
        [collection, after, pageSize],
      );
      if (rows.length > 0) yield rows.map((row) => row.id);
      if (rows.length < pageSize) return;
      after = rows.at(-1)!.id;
    }
  }

  /** In id order, each page where the last one ended (the primary key's index: no offset, no count). */
  async *walkUsers(pageSize: number): AsyncIterable<ResourceRecord[]> {
    let rows = await this.query<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM scim_desk_users ORDER BY id LIMIT $1::integer`,
      [pageSize],
    );
    while (rows.length > 0) {
      yield rows.map(toRecord);
      if (rows.length < pageSize) return;
      rows = await this.query<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM scim_desk_users WHERE id > $1::text ORDER BY id LIMIT $2::integer`,
        [rows.at(-1)!.id, pageSize],
      );
    }
  }

  private async list(table: Table, query: RecordQuery): Promise<RecordPage<ResourceRecord>> {
    const { total, rows } = await this.page(table, query, false);
    return { total, records: rows.map(toRecord) };
  }

  /** One page and the total: one statement (./sql-query.ts). */
  private async page<Extra extends object = object>(
    table: Table,
    query: RecordQuery,
    withGroups: boolean,
  ): Promise<{ total: number; rows: (RecordRow & Extra)[] }> {
    const { text, params } = compileListing(table, query, { withGroups });
    // An empty page is one row with the total and no record (its columns NULL).
    const rows = await this.query<(RecordRow & Extra & { total: number }) | { id?: null; total: number }>(text, params);
    const records = rows.filter((row): row is RecordRow & Extra & { total: number } => typeof row.id === 'string');
    return { total: rows[0]?.total ?? 0, rows: records };
  }

  private async record(table: Table, id: string): Promise<ResourceRecord | undefined> {
    const rows = await this.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM ${table} WHERE id = $1::text`, [id]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  // ---- writes ----

  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    this.checkOpen();
    const running = this.attempt(work);
    this.inflight.add(running);
    void running.catch(() => undefined).finally(() => this.inflight.delete(running));
    return running;
  }

  private async attempt<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, changeId, position } = await withDeadline(
          this.runTransaction(work),
          this.transactionTimeoutMs,
          'within a transaction',
        );
        // Let this node's subscribers follow it before returning, so this node reads its own events and its
        // caches already hold its own write.
        if (changeId !== undefined) await this.followed(changeId, position);
        return result;
      } catch (error) {
        if (isRetryable(error) && attempt < MAX_ATTEMPTS) continue;
        throw toStoreError(error);
      }
    }
  }

  /**
   * Waits until the committed change `changeId` is numbered (at `position`, if the commit's own sequencer
   * run said so) and delivered to this node's subscribers. The change is committed whatever happens here: if
   * the database goes away meanwhile the wait ends at the deadline and the caller still gets its result (the
   * follower delivers the change once the database is back).
   */
  private async followed(changeId: number, numbered: number | undefined): Promise<void> {
    const wait = async () => {
      const position = numbered ?? (await this.sequencer.kick(changeId));
      if (position === undefined) return; // pruned already
      void this.follower.catchUp(position);
      await this.follower.whenDelivered(position);
      await this.follower.settled(position);
    };
    await withDeadline(wait(), this.queryTimeoutMs, 'while following a committed change').catch((error: unknown) => {
      // Closing: the pool is ending under this wait, and the change is in the log for whoever follows it next.
      if (this.closing) return;
      this.log(
        `store: a committed change was not followed at once (it will be): ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  /**
   * One database transaction on a connection of its own, pipelined: BEGIN goes out with the first statement
   * of `work`, and at the end the change row, COMMIT and the sequencer's run go out together, so a write
   * costs two round trips besides its own statements (it was four, and the sequencer's eight). The sequencer
   * runs right after the COMMIT, in a transaction of its own as before, and answers the change's position;
   * concurrent writers' runs take turns on its advisory lock, and a run that finds its change numbered by
   * an earlier one writes nothing.
   */
  private async runTransaction<T>(
    work: (tx: StoreTransaction) => Promise<T>,
  ): Promise<{ result: T; changeId?: number; position?: number }> {
    const sql = await this.sql.reserve();
    let open = true;
    const tx = new PostgresTransaction(sql);
    try {
      const begun = sql.unsafe('BEGIN').execute();
      begun.catch(() => undefined); // its failure is also the first statement's, or is awaited below
      const result = await work(tx);
      await begun;
      if (!tx.wrote) {
        open = false;
        await sql.unsafe('COMMIT');
        return { result };
      }
      const changes = await tx.changes();
      for (const derive of this.derivers) tx.emit(derive(changes));
      const recorded = this.recordChange(sql, tx, tx.summary(changes));
      const committed = sql.unsafe('COMMIT').execute();
      const numbered = sql
        .unsafe<{ result: { positions: Record<string, number> } }[]>(
          `SELECT scim_desk_number_changes($1::integer, ARRAY[currval('scim_desk_changes_id_seq')]) AS result`,
          [SEQUENCER_BATCH],
          { prepare: true },
        )
        .execute();
      numbered.catch(() => undefined); // a failed run is only a later numbering (below)
      committed.catch(() => undefined); // after a failed statement COMMIT rolls back: the statement's error says why
      const changeId = await recorded;
      await committed;
      open = false;
      const position = await numbered.then(
        ([row]) => row?.result.positions[String(changeId)],
        () => undefined,
      );
      return { result, changeId, ...(position === undefined ? {} : { position }) };
    } catch (error) {
      if (open) await sql.unsafe('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.close();
      sql.release();
    }
  }

  /** The transaction's row in the commit log and its events, unnumbered until the sequencer runs: one statement. */
  private async recordChange(sql: Sql, tx: PostgresTransaction, summary: ChangeSummary): Promise<number> {
    const [change] = await sql
      .unsafe<{ id: number }[]>(
        `WITH change AS (INSERT INTO scim_desk_changes (summary) VALUES (($1::text)::jsonb) RETURNING id),
       events AS (
         INSERT INTO scim_desk_events (change_id, seq, event_id, type, timestamp, key, data)
         SELECT change.id, e.seq::integer - 1, e.event ->> 'id', e.event ->> 'type', e.event ->> 'timestamp', e.event ->> 'key', e.event -> 'data'
         FROM change, jsonb_array_elements(($2::text)::jsonb) WITH ORDINALITY AS e(event, seq)
       )
       SELECT id FROM change`,
        [JSON.stringify(summary), JSON.stringify(tx.events)],
        { prepare: true }, // one round trip: see PostgresTransaction.statement
      )
      .execute(); // sent now: the COMMIT that follows must go after it (awaiting alone sends it a microtask later)
    return change!.id;
  }

  deriveEvents(deriver: EventDeriver): () => void {
    this.derivers.add(deriver);
    return () => this.derivers.delete(deriver);
  }

  // ---- committed changes and the feed ----

  subscribe(subscriber: ChangeSubscriber): () => void {
    return this.follower.subscribe(subscriber);
  }

  async eventsAfter(after: number, limit: number): Promise<OutboxEvent[]> {
    if (limit <= 0) return [];
    return this.query<OutboxEvent>(
      `SELECT pos, event_id AS id, type, timestamp, key, data FROM scim_desk_events WHERE pos > $1::bigint ORDER BY pos LIMIT $2::bigint`,
      [after, limit],
    );
  }

  async eventBounds(): Promise<{ first: number; last: number }> {
    const [row] = await this.query<{ first: number; last: number }>(
      `SELECT coalesce((SELECT min(pos) FROM scim_desk_events WHERE pos IS NOT NULL), 0) AS first, last_event_pos AS last FROM scim_desk_sequence`,
      [],
    );
    return { first: row!.first, last: row!.last };
  }

  async pruneEvents(through: number): Promise<void> {
    await this.query(`DELETE FROM scim_desk_events WHERE pos <= $1::bigint`, [through]);
  }

  /** Delivers what the commit log holds beyond what this node has delivered (tests and shutdown use it). */
  catchUp(): Promise<void> {
    return this.follower.catchUp();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // Each is bounded (a transaction, then following its change): the pool ends under none of them.
      await Promise.allSettled([...this.inflight]);
      await this.follower.stop();
      await this.sql.end({ timeout: 2 });
    })();
    return this.closing;
  }

  // ---- helpers ----

  private checkOpen(): void {
    if (this.closing) throw new StoreError('closed', 'the store is closed');
  }

  private async query<R>(text: string, params: unknown[]): Promise<R[]> {
    this.checkOpen();
    try {
      return await withDeadline(
        this.sql.unsafe<R[]>(text, params as never[], { prepare: true }) as unknown as Promise<R[]>,
        this.queryTimeoutMs,
        'a query',
      );
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private async bounded<T>(work: Promise<T>, what: string): Promise<T> {
    try {
      return await withDeadline(work, this.queryTimeoutMs, what);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
