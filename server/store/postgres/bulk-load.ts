/**
 * Loading an empty database in bulk: users, groups, memberships and documents streamed with `COPY … FROM
 * STDIN`, in one transaction on a connection of its own, so a million users land in minutes instead of the
 * hour the write path's statements take. It writes exactly the rows the write path writes for the same
 * records (the same columns, the same canonical times, the creation order in `ord`), and nothing in the
 * commit log or the change feed: a bulk load is for a database no node uses yet (`scim-desk store copy`
 * refuses one with nodes connected, the bench seeds before starting them), and a node that starts reads
 * the store as it finds it.
 *
 * An empty table loads fastest without its indexes, so the indexes that back no constraint are dropped at
 * the start and built once at the end, in the same transaction: a userName or displayName taken twice fails
 * the unique index's build, and the whole load is rolled back. The primary keys and foreign keys stay, so a
 * membership of an unknown record fails the load as it would fail a write.
 */
import postgres, { type ReservedSql, type Sql } from 'postgres';
import type { Writable } from 'node:stream';
import type { MemberEntry } from '../directory-store.js';
import { StoreError, type DocumentCollection, type ResourceRecord } from '../types.js';
import { toStoreError } from './errors.js';
import { canonicalTime } from './rows.js';

const TABLES = ['scim_desk_users', 'scim_desk_groups', 'scim_desk_memberships', 'scim_desk_documents'] as const;
type Table = (typeof TABLES)[number];
/** Must be empty; documents may already be there (the token a bench seeds with), and are added to. */
const DIRECTORY_TABLES: readonly Table[] = ['scim_desk_users', 'scim_desk_groups', 'scim_desk_memberships'];

const COLUMNS: Record<Table, string> = {
  scim_desk_users: 'id, data, created, last_modified, version, origin',
  scim_desk_groups: 'id, data, created, last_modified, version, origin',
  scim_desk_memberships: 'group_id, member_id, member_type, user_member, group_member, display',
  scim_desk_documents: 'collection, id, doc',
};

/** Rows buffered before one write to the COPY stream. */
const FLUSH_BYTES = 1 << 20;

export class PostgresBulkLoad {
  private table: Table | undefined;
  private stream: Writable | undefined;
  private buffer: string[] = [];
  private bufferBytes = 0;
  private finished = false;

  private constructor(
    private readonly sql: Sql,
    private readonly connection: ReservedSql,
    private readonly indexes: { name: string; definition: string }[],
  ) {}

  /**
   * Starts the load on a migrated database with no users, groups or memberships (else
   * `StoreError('invalid')`, nothing changed); documents added must not be there yet. `log` hears the slow steps (building the indexes).
   */
  static async start(url: string, log: (line: string) => void = () => undefined): Promise<PostgresBulkLoad> {
    const sql = postgres(url, {
      max: 1,
      connect_timeout: 5,
      onnotice: () => undefined,
      connection: { application_name: 'scim-desk bulk load' },
    });
    let connection: ReservedSql | undefined;
    try {
      connection = await sql.reserve();
      await connection`BEGIN`;
      // A load takes minutes: the server's bounds for one statement are not meant for it.
      await connection`SET LOCAL statement_timeout = 0`;
      await connection`SET LOCAL idle_in_transaction_session_timeout = 0`;
      await connection`SET LOCAL maintenance_work_mem = '256MB'`;
      await connection.unsafe(`LOCK TABLE ${TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
      for (const table of DIRECTORY_TABLES) {
        const [row] = await connection.unsafe<{ any: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS any`);
        if (row!.any) throw new StoreError('invalid', `a bulk load needs an empty database, and ${table} has rows`);
      }
      const indexes = await connection<{ name: string; definition: string }[]>`
        SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
        WHERE t.relname = ANY (${[...TABLES]}::text[]) AND t.relnamespace = current_schema()::regnamespace
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY t.relname, i.indexrelid`;
      for (const { name } of indexes) await connection.unsafe(`DROP INDEX ${name}`);
      log(`loading without ${indexes.length} indexes (built at the end)`);
      return new PostgresBulkLoad(sql, connection, [...indexes]);
    } catch (error) {
      if (connection) await connection`ROLLBACK`.catch(() => undefined);
      connection?.release();
      await sql.end({ timeout: 1 }).catch(() => undefined);
      throw toStoreError(error);
    }
  }

  /** Users, in creation order (calls in order append). */
  users(records: readonly ResourceRecord[]): Promise<void> {
    return this.records('scim_desk_users', records);
  }

  /** Groups, in creation order, after every user. */
  groups(records: readonly ResourceRecord[]): Promise<void> {
    return this.records('scim_desk_groups', records);
  }

  /** Members of a group in the order they were added, after every user and group. */
  async members(groupId: string, members: readonly MemberEntry[]): Promise<void> {
    await this.switchTo('scim_desk_memberships');
    for (const member of members) {
      const user = member.type === 'User';
      await this.row([
        groupId,
        member.value,
        member.type,
        user ? member.value : null,
        user ? null : member.value,
        member.display ?? null,
      ]);
    }
  }

  /** Documents, in the order they were first written. */
  async docs(collection: DocumentCollection, entries: readonly (readonly [string, unknown])[]): Promise<void> {
    await this.switchTo('scim_desk_documents');
    for (const [id, doc] of entries) await this.row([collection, id, JSON.stringify(doc)]);
  }

  /** Ends the last stream, builds the indexes and commits; the load is visible from then on. */
  async finish(log: (line: string) => void = () => undefined): Promise<void> {
    this.finished = true;
    try {
      await this.endStream();
      for (const { name, definition } of this.indexes) {
        const started = performance.now();
        await this.connection.unsafe(definition);
        log(`index ${name} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      await this.connection`COMMIT`;
    } catch (error) {
      await this.connection`ROLLBACK`.catch(() => undefined);
      throw toStoreError(error);
    } finally {
      await this.close();
    }
  }

  /** Rolls everything back (after a failure of the caller's). */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.stream?.destroy();
    await this.connection`ROLLBACK`.catch(() => undefined);
    await this.close();
  }

  private async records(table: Table, records: readonly ResourceRecord[]): Promise<void> {
    await this.switchTo(table);
    for (const record of records) {
      await this.row([
        record.id,
        JSON.stringify(record.data),
        canonicalTime(record.meta.created),
        canonicalTime(record.meta.lastModified),
        String(record.meta.version),
        record.origin ?? null,
      ]);
    }
  }

  /** Tables are loaded one after the other, each with one COPY (records before the memberships naming them). */
  private async switchTo(table: Table): Promise<void> {
    if (this.finished) throw new StoreError('invalid', 'the bulk load has ended');
    if (this.table === table) return;
    await this.endStream();
    this.table = table;
    this.stream = await this.connection.unsafe(`COPY ${table} (${COLUMNS[table]}) FROM STDIN`).writable();
  }

  private async row(values: (string | null)[]): Promise<void> {
    const line = values.map(copyText).join('\t') + '\n';
    this.buffer.push(line);
    this.bufferBytes += line.length;
    if (this.bufferBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.bufferBytes = 0;
    const stream = this.stream!;
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
  }

  private async endStream(): Promise<void> {
    if (!this.stream) return;
    await this.flush();
    const stream = this.stream;
    this.stream = undefined;
    this.table = undefined;
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
  }

  private async close(): Promise<void> {
    this.connection.release();
    await this.sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

/** A value in COPY's text format: `\N` for NULL, the four characters that would end a field escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!);
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
