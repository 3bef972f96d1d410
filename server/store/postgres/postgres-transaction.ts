/**
 * One transaction of the PostgreSQL store, inside a database transaction (READ COMMITTED). Every record or
 * document it reads or writes is locked (`SELECT … FOR UPDATE`) until it ends, so a read-modify-write
 * cannot lose a concurrent update from another node; uniqueness is the unique indexes' job, membership
 * existence the foreign keys'. It remembers what it changed, for the event derivers and the commit log.
 */
import type { PendingQuery, Row, Sql } from 'postgres';
import type {
  ChangeSummary,
  MembershipChange,
  RecordChange,
  StoreTransaction,
  TransactionChanges,
} from '../directory-store.js';
import { renames } from '../directory-store.js';
import type { DocumentCollection, EventInput, Member, ResourceRecord } from '../types.js';
import { StoreError, UnknownMemberError } from '../types.js';
import { RECORD_COLUMNS, canonicalTime, toRecord, type RecordRow } from './rows.js';

type Kind = 'users' | 'groups';
const TABLE: Record<Kind, string> = { users: 'scim_desk_users', groups: 'scim_desk_groups' };

interface Written {
  before: ResourceRecord | undefined;
  after: ResourceRecord | undefined;
}

export class PostgresTransaction implements StoreTransaction {
  readonly events: EventInput[] = [];
  private readonly written: Record<Kind, Map<string, Written>> = { users: new Map(), groups: new Map() };
  /** groupId -> value -> whether it was a member when the transaction first touched it. */
  private readonly touched = new Map<string, Map<string, boolean>>();
  /** groupId -> value -> whether it is a member now, as the statements that touched it reported. */
  private readonly now = new Map<string, Map<string, boolean>>();
  /** Records this transaction has read (and so locked) and not written since: kind:id -> the record. */
  private readonly locked = new Map<string, ResourceRecord | undefined>();
  /** Whether a record was deleted: its memberships went with it (a cascade the statements do not report). */
  private deletedRecords = false;
  private readonly docs = new Map<string, { collection: DocumentCollection; id: string; deleted: boolean }>();
  private closed = false;

  constructor(private readonly sql: Sql) {}

  /**
   * A statement of the transaction, prepared on its connection once and reused after. postgres.js sends a
   * statement that is not prepared and has parameters in two steps (Parse and Describe, then, once the server
   * has answered, Bind and Execute): a round trip more for each, and nothing sent behind it meanwhile.
   */
  private statement<R extends object[] = Row[]>(text: string, params: unknown[]): PendingQuery<R> {
    return this.sql.unsafe<R>(text, params as never[], { prepare: true });
  }

  close(): void {
    this.closed = true;
  }

  /** Whether the transaction wrote anything (a read-only one leaves no trace in the commit log). */
  get wrote(): boolean {
    return (
      this.written.users.size > 0 ||
      this.written.groups.size > 0 ||
      this.touched.size > 0 ||
      this.docs.size > 0 ||
      this.events.length > 0
    );
  }

  // ---- reads ----

  getUser(id: string): Promise<ResourceRecord | undefined> {
    return this.lockRecord('users', id);
  }

  getGroup(id: string): Promise<ResourceRecord | undefined> {
    return this.lockRecord('groups', id);
  }

  async findUserIdByUserName(userName: string): Promise<string | undefined> {
    this.checkOpen();
    const rows = await this.statement<{ id: string }[]>(
      `SELECT id FROM scim_desk_users WHERE lower(data ->> 'userName') = lower($1::text)`,
      [userName],
    );
    return rows[0]?.id;
  }

  async findGroupIdByDisplayName(displayName: string): Promise<string | undefined> {
    this.checkOpen();
    const rows = await this.statement<{ id: string }[]>(
      `SELECT id FROM scim_desk_groups WHERE lower(data ->> 'displayName') = lower($1::text)`,
      [displayName],
    );
    return rows[0]?.id;
  }

  async getDoc<T>(collection: DocumentCollection, id: string): Promise<T | undefined> {
    this.checkOpen();
    const rows = await this.statement<{ doc: T }[]>(
      `SELECT doc FROM scim_desk_documents WHERE collection = $1::text AND id = $2::text FOR UPDATE`,
      [collection, id],
    );
    return rows[0]?.doc;
  }

  async listDocs<T>(collection: DocumentCollection): Promise<T[]> {
    this.checkOpen();
    const rows = await this.statement<{ doc: T }[]>(
      `SELECT doc FROM scim_desk_documents WHERE collection = $1::text ORDER BY ord`,
      [collection],
    );
    return rows.map((row) => row.doc);
  }

  async listDocEntries<T>(collection: DocumentCollection): Promise<[string, T][]> {
    this.checkOpen();
    const rows = await this.statement<{ id: string; doc: T }[]>(
      `SELECT id, doc FROM scim_desk_documents WHERE collection = $1::text ORDER BY ord`,
      [collection],
    );
    return rows.map((row) => [row.id, row.doc]);
  }

  async isMember(groupId: string, memberId: string): Promise<boolean> {
    this.checkOpen();
    const rows = await this.statement(
      `SELECT 1 FROM scim_desk_memberships WHERE group_id = $1::text AND member_id = $2::text`,
      [groupId, memberId],
    );
    return rows.length > 0;
  }

  // ---- writes ----

  async putUser(record: ResourceRecord): Promise<void> {
    await this.putRecord('users', record);
  }

  async putGroup(record: ResourceRecord): Promise<void> {
    await this.putRecord('groups', record);
  }

  async deleteUser(id: string): Promise<void> {
    await this.deleteRecord('users', id);
  }

  async touchGroup(id: string, lastModified: string): Promise<RecordChange | undefined> {
    this.checkOpen();
    // Both in one round trip: the lock, then the write. FOR NO KEY UPDATE, not FOR UPDATE: the member inserts
    // before it hold KEY SHARE locks on the group (their foreign key), which FOR UPDATE would wait for, and two
    // batches waiting on each other's would deadlock.
    const [locked, written] = await Promise.all([
      this.statement<RecordRow[]>(
        `SELECT ${RECORD_COLUMNS} FROM scim_desk_groups WHERE id = $1::text FOR NO KEY UPDATE`,
        [id],
      ).execute(),
      this.statement<RecordRow[]>(
        `UPDATE scim_desk_groups SET version = version + 1, last_modified = $2::text WHERE id = $1::text
           RETURNING ${RECORD_COLUMNS}`,
        [id, canonicalTime(lastModified)],
      ).execute(),
    ]);
    if (!locked[0] || !written[0]) return undefined;
    const before = toRecord(locked[0]);
    const after = toRecord(written[0]);
    const known = this.written.groups.get(id);
    if (known) known.after = clone(after);
    else this.written.groups.set(id, { before: clone(before), after: clone(after) });
    this.locked.delete(`groups:${id}`);
    return { id, before: known?.before ?? before, after };
  }

  async deleteGroup(id: string): Promise<void> {
    // Its members leave it first, reported as removed: a node that keeps no index of the directory learns
    // from the change who lost the group (the access service on PostgreSQL).
    await this.clearMembers(id);
    await this.deleteRecord('groups', id);
  }

  async addMembers(groupId: string, members: readonly Member[]): Promise<void> {
    this.checkOpen();
    const unique = new Map<string, Member>(); // first place, last display (as the embedded store)
    for (const member of members) unique.set(member.value, { ...(unique.get(member.value) ?? {}), ...member });
    if (unique.size === 0) return this.requireGroup(groupId);
    const values = [...unique.keys()];
    const displays = values.map((value) => unique.get(value)!.display ?? null);
    const rows = await this.statement<{ member_id: string; inserted: boolean }[]>(
      `INSERT INTO scim_desk_memberships (group_id, member_id, member_type, user_member, group_member, display)
       SELECT $1::text, m.value, CASE WHEN u.id IS NOT NULL THEN 'User' ELSE 'Group' END, u.id, CASE WHEN u.id IS NULL THEN g.id END, m.display
       FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS m(value, display, n)
       LEFT JOIN scim_desk_users u ON u.id = m.value
       LEFT JOIN scim_desk_groups g ON g.id = m.value
       WHERE u.id IS NOT NULL OR g.id IS NOT NULL
       ORDER BY m.n
       ON CONFLICT (group_id, member_id) DO UPDATE SET display = EXCLUDED.display
       RETURNING member_id, (xmax = 0) AS inserted`,
      [groupId, values, displays],
    );
    if (rows.length < values.length) {
      const found = new Set(rows.map((row) => row.member_id));
      const unknown = values.find((value) => !found.has(value));
      throw new UnknownMemberError(unknown!);
    }
    const [touched, now] = this.membershipsOf(groupId);
    for (const row of rows) {
      if (!touched.has(row.member_id)) touched.set(row.member_id, !row.inserted);
      now.set(row.member_id, true);
    }
  }

  async removeMembers(groupId: string, values: readonly string[]): Promise<void> {
    this.checkOpen();
    if (values.length === 0) return this.requireGroup(groupId);
    // Sent together (one round trip); for an unknown group the delete finds nothing to delete.
    const [, rows] = await Promise.all([
      this.requireGroup(groupId),
      this.statement<{ member_id: string }[]>(
        `DELETE FROM scim_desk_memberships WHERE group_id = $1::text AND member_id = ANY($2::text[]) RETURNING member_id`,
        [groupId, [...values]],
      ),
    ]);
    const removed = new Set(rows.map((row) => row.member_id));
    const [touched, now] = this.membershipsOf(groupId);
    for (const value of values) {
      if (!touched.has(value)) touched.set(value, removed.has(value));
      now.set(value, false);
    }
  }

  async clearMembers(groupId: string): Promise<void> {
    this.checkOpen();
    const [, rows] = await Promise.all([
      this.requireGroup(groupId),
      this.statement<{ member_id: string }[]>(
        `DELETE FROM scim_desk_memberships WHERE group_id = $1::text RETURNING member_id`,
        [groupId],
      ),
    ]);
    const [touched, now] = this.membershipsOf(groupId);
    for (const row of rows) {
      if (!touched.has(row.member_id)) touched.set(row.member_id, true);
      now.set(row.member_id, false);
    }
  }

  async putDoc(collection: DocumentCollection, id: string, doc: unknown): Promise<void> {
    this.checkOpen();
    if (doc === undefined)
      throw new StoreError('invalid', `a ${collection} document must not be undefined; nothing was changed`);
    await this.statement(
      `INSERT INTO scim_desk_documents (collection, id, doc) VALUES ($1::text, $2::text, ($3::text)::jsonb)
       ON CONFLICT (collection, id) DO UPDATE SET doc = EXCLUDED.doc`,
      [collection, id, this.json(doc)],
    );
    this.docs.set(`${collection}\u0000${id}`, { collection, id, deleted: false });
  }

  async deleteDoc(collection: DocumentCollection, id: string): Promise<void> {
    this.checkOpen();
    const rows = await this.statement(
      `DELETE FROM scim_desk_documents WHERE collection = $1::text AND id = $2::text RETURNING 1`,
      [collection, id],
    );
    if (rows.length === 0) throw new StoreError('invalid', `unknown ${collection} document ${id}; nothing was changed`);
    this.docs.set(`${collection}\u0000${id}`, { collection, id, deleted: true });
  }

  emit(events: readonly EventInput[]): void {
    this.checkOpen();
    this.events.push(...events);
  }

  // ---- the end ----

  /** What the transaction changed (membership changes are net: their state now against their first touch). */
  async changes(): Promise<TransactionChanges> {
    const memberships: MembershipChange[] = [];
    for (const [groupId, touched] of this.touched) {
      const values = [...touched.keys()];
      // Each membership statement reported what it left; only a deleted record's cascade goes unreported.
      let now: ReadonlySet<string>;
      if (this.deletedRecords) {
        const rows = await this.statement<{ member_id: string }[]>(
          `SELECT member_id FROM scim_desk_memberships WHERE group_id = $1::text AND member_id = ANY($2::text[])`,
          [groupId, values],
        );
        now = new Set(rows.map((row) => row.member_id));
      } else {
        const state = this.now.get(groupId)!;
        now = new Set(values.filter((value) => state.get(value) === true));
      }
      const added = values.filter((value) => now.has(value) && !touched.get(value));
      const removed = values.filter((value) => !now.has(value) && touched.get(value));
      if (added.length > 0 || removed.length > 0) memberships.push({ groupId, added, removed });
    }
    const changes = (kind: Kind): RecordChange[] =>
      [...this.written[kind]].map(([id, w]) => ({ id, before: w.before, after: w.after }));
    return { users: changes('users'), groups: changes('groups'), memberships, docs: [...this.docs.values()] };
  }

  /** Which records and documents it touched, and the net membership changes (the commit log's summary). */
  summary(changes: TransactionChanges): ChangeSummary {
    const groups = new Set([...this.written.groups.keys(), ...this.touched.keys()]);
    return {
      users: [...this.written.users.keys()],
      groups: [...groups],
      docs: [...this.docs.values()].map(({ collection, id }) => ({ collection, id })),
      memberships: changes.memberships,
      ...renames(changes),
    };
  }

  // ---- helpers ----

  private checkOpen(): void {
    if (this.closed) throw new StoreError('closed', 'the transaction has ended');
  }

  /** JSON text for a jsonb parameter (PostgreSQL cannot hold \u0000 in text: that is an `invalid` value). */
  private json(value: unknown): string {
    return JSON.stringify(value);
  }

  private async lockRecord(kind: Kind, id: string): Promise<ResourceRecord | undefined> {
    this.checkOpen();
    const written = this.written[kind].get(id);
    if (written) return written.after && clone(written.after);
    const rows = await this.statement<RecordRow[]>(
      `SELECT ${RECORD_COLUMNS} FROM ${TABLE[kind]} WHERE id = $1::text FOR UPDATE`,
      [id],
    ).execute(); // sent before what the caller sends next (see beforeWrite)
    const record = rows[0] ? toRecord(rows[0]) : undefined;
    // Locked until the transaction ends, so it cannot change meanwhile: a later write needs no second read.
    this.locked.set(`${kind}:${id}`, record && clone(record));
    return record;
  }

  /**
   * How the record was before this transaction first wrote it: what an earlier read locked, else read (and
   * locked) now. The read is sent with `write`, the write's own statement, in one round trip, and before it:
   * postgres.js sends a query when `execute()` or `then` is called, and `await` calls `then` only a
   * microtask later, so the read calls `execute()` itself.
   */
  private async beforeWrite<T>(kind: Kind, id: string, write: () => Promise<T>): Promise<[Written, T]> {
    const known = this.written[kind].get(id);
    if (known) return [known, await write()];
    const key = `${kind}:${id}`;
    let written: Written;
    let result: T;
    if (this.locked.has(key)) {
      const before = this.locked.get(key);
      written = { before, after: before };
      result = await write();
    } else {
      let before: ResourceRecord | undefined;
      [before, result] = await Promise.all([this.lockRecord(kind, id), write()]);
      written = { before, after: before };
    }
    this.locked.delete(key);
    this.written[kind].set(id, written);
    return [written, result];
  }

  private async putRecord(kind: Kind, record: ResourceRecord): Promise<void> {
    this.checkOpen();
    const other: Kind = kind === 'users' ? 'groups' : 'users';
    const stored: ResourceRecord = {
      ...record,
      meta: {
        created: canonicalTime(record.meta.created),
        lastModified: canonicalTime(record.meta.lastModified),
        version: record.meta.version,
      },
    };
    // Written only if the id is not the other kind's (then no row comes back, and nothing was written).
    const [written, rows] = await this.beforeWrite(kind, record.id, () =>
      this.statement(
        `INSERT INTO ${TABLE[kind]} (id, data, created, last_modified, version, origin)
         SELECT $1::text, ($2::text)::jsonb, $3::text, $4::text, $5::integer, $6::text
         WHERE NOT EXISTS (SELECT 1 FROM ${TABLE[other]} WHERE id = $1::text)
         ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, created = EXCLUDED.created, last_modified = EXCLUDED.last_modified,
           version = EXCLUDED.version, origin = EXCLUDED.origin
         RETURNING 1`,
        [
          record.id,
          this.json(record.data),
          stored.meta.created,
          stored.meta.lastModified,
          record.meta.version,
          record.origin ?? null,
        ],
      ),
    );
    if (rows.length === 0)
      throw new StoreError(
        'invalid',
        `id ${record.id} is already a ${other === 'users' ? 'user' : 'group'}; nothing was changed`,
      );
    written.after = clone(stored);
  }

  private async deleteRecord(kind: Kind, id: string): Promise<void> {
    this.checkOpen();
    const [written, rows] = await this.beforeWrite(kind, id, () =>
      this.statement(`DELETE FROM ${TABLE[kind]} WHERE id = $1::text RETURNING 1`, [id]),
    );
    if (rows.length === 0)
      throw new StoreError('invalid', `unknown ${kind === 'users' ? 'user' : 'group'} ${id}; nothing was changed`);
    written.after = undefined;
    this.deletedRecords = true;
  }

  private async requireGroup(groupId: string): Promise<void> {
    const rows = await this.statement(`SELECT 1 FROM scim_desk_groups WHERE id = $1::text`, [groupId]).execute();
    if (rows.length === 0) throw new StoreError('invalid', `unknown group ${groupId}; nothing was changed`);
  }

  /** The group's first-touch states and current states. */
  private membershipsOf(groupId: string): [Map<string, boolean>, Map<string, boolean>] {
    let touched = this.touched.get(groupId);
    if (!touched) this.touched.set(groupId, (touched = new Map()));
    let now = this.now.get(groupId);
    if (!now) this.now.set(groupId, (now = new Map()));
    return [touched, now];
  }
}

/** A deep copy: what the transaction hands out or keeps must not change with what a caller does to it. */
function clone<T>(value: T): T {
  return structuredClone(value);
}
