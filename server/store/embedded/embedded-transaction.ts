/**
 * One transaction of the embedded store: reads see the committed state in memory plus this transaction's own
 * writes; writes are checked as they are made (so a caller gets its error at the call) and collected as store
 * ops that commit in one journal line. Nothing else runs while it is open (the store's queue), so what it read
 * is still true when it commits: that is how the embedded store "locks" what a transaction reads.
 */
import type {
  ChangeSummary,
  MembershipChange,
  RecordChange,
  StoreTransaction,
  TransactionChanges,
} from '../directory-store.js';
import { renames } from '../directory-store.js';
import type { DirectoryRepository, DocumentCollection, EventInput, Member, ResourceRecord, StoreOp } from '../types.js';
import { StoreError, UnknownMemberError } from '../types.js';

const fold = (text: string) => text.toLowerCase();

function nameOf(record: ResourceRecord | undefined, attribute: 'userName' | 'displayName'): string | undefined {
  const value = record?.data[attribute];
  return typeof value === 'string' ? value : undefined;
}

/** Records of one kind as this transaction sees them: the committed ones overlaid with its puts and deletes. */
class RecordOverlay {
  /** id -> record after this transaction (undefined: deleted). */
  readonly written = new Map<string, ResourceRecord | undefined>();
  /** id -> the committed record before this transaction first wrote it. */
  readonly before = new Map<string, ResourceRecord | undefined>();

  constructor(
    private readonly committed: (id: string) => ResourceRecord | undefined,
    private readonly findCommitted: (name: string) => string | undefined,
    private readonly nameAttribute: 'userName' | 'displayName',
  ) {}

  get(id: string): ResourceRecord | undefined {
    return this.written.has(id) ? this.written.get(id) : this.committed(id);
  }

  write(id: string, record: ResourceRecord | undefined): void {
    if (!this.before.has(id)) this.before.set(id, this.committed(id));
    this.written.set(id, record);
  }

  /** The id holding `name` (case-insensitively) as this transaction sees it. */
  findByName(name: string): string | undefined {
    const wanted = fold(name);
    for (const [id, record] of this.written) {
      const held = nameOf(record, this.nameAttribute);
      if (held !== undefined && fold(held) === wanted) return id;
    }
    const id = this.findCommitted(name);
    if (id === undefined || !this.written.has(id)) return id;
    return undefined; // written above: renamed or deleted in this transaction
  }

  changes(): RecordChange[] {
    return [...this.written].map(([id, after]) => ({ id, before: this.before.get(id), after }));
  }
}

/** A group's members as this transaction sees them: the committed list, cleared or not, plus and minus these. */
class MemberOverlay {
  cleared = false;
  readonly added = new Map<string, Member>();
  readonly removed = new Set<string>();
  /** Every value an add or remove named (with the committed members if cleared: the net change's candidates). */
  readonly touched = new Set<string>();
}

export class EmbeddedTransaction implements StoreTransaction {
  readonly ops: StoreOp[] = [];
  readonly events: EventInput[] = [];
  private readonly users: RecordOverlay;
  private readonly groups: RecordOverlay;
  private readonly members = new Map<string, MemberOverlay>();
  private readonly docs = new Map<string, { collection: DocumentCollection; id: string; doc: unknown }>();
  private closed = false;

  /** `docEntries` lists a collection's committed documents with their ids. */
  constructor(
    private readonly repo: DirectoryRepository,
    private readonly docEntries: (collection: DocumentCollection) => Iterable<[string, unknown]>,
  ) {
    this.users = new RecordOverlay(
      (id) => repo.getUser(id),
      (name) => repo.findUserIdByUserName(name),
      'userName',
    );
    this.groups = new RecordOverlay(
      (id) => repo.getGroup(id),
      (name) => repo.findGroupIdByDisplayName(name),
      'displayName',
    );
  }

  /** Ends the transaction: later calls fail (work that kept `tx` past its end). */
  close(): void {
    this.closed = true;
  }

  // ---- reads ----

  async getUser(id: string): Promise<ResourceRecord | undefined> {
    this.checkOpen();
    return this.users.get(id);
  }

  async getGroup(id: string): Promise<ResourceRecord | undefined> {
    this.checkOpen();
    return this.groups.get(id);
  }

  async findUserIdByUserName(userName: string): Promise<string | undefined> {
    this.checkOpen();
    return this.users.findByName(userName);
  }

  async findGroupIdByDisplayName(displayName: string): Promise<string | undefined> {
    this.checkOpen();
    return this.groups.findByName(displayName);
  }

  async getDoc<T>(collection: DocumentCollection, id: string): Promise<T | undefined> {
    this.checkOpen();
    const written = this.docs.get(docKey(collection, id));
    return (written ? written.doc : this.repo.getDoc(collection, id)) as T | undefined;
  }

  async listDocs<T>(collection: DocumentCollection): Promise<T[]> {
    return (await this.listDocEntries<T>(collection)).map(([, doc]) => doc);
  }

  async listDocEntries<T>(collection: DocumentCollection): Promise<[string, T][]> {
    this.checkOpen();
    const result = new Map(this.docEntries(collection));
    for (const written of this.docs.values()) {
      if (written.collection !== collection) continue;
      if (written.doc === undefined) result.delete(written.id);
      else result.set(written.id, written.doc);
    }
    return [...result] as [string, T][];
  }

  async isMember(groupId: string, memberId: string): Promise<boolean> {
    this.checkOpen();
    return this.memberNow(groupId, memberId);
  }

  // ---- writes ----

  async putUser(record: ResourceRecord): Promise<void> {
    this.checkOpen();
    if (this.groups.get(record.id)) throw invalid(`id ${record.id} is already a group`);
    this.checkUnique(this.users, record, 'userName', 'A user');
    this.users.write(record.id, record);
    this.ops.push({ op: 'putUser', record });
  }

  async deleteUser(id: string): Promise<void> {
    this.checkOpen();
    if (!this.users.get(id)) throw invalid(`unknown user ${id}`);
    this.users.write(id, undefined);
    this.ops.push({ op: 'deleteUser', id });
  }

  async putGroup(record: ResourceRecord): Promise<void> {
    this.checkOpen();
    if (this.users.get(record.id)) throw invalid(`id ${record.id} is already a user`);
    this.checkUnique(this.groups, record, 'displayName', 'A group');
    this.groups.write(record.id, record);
    this.ops.push({ op: 'putGroup', record });
  }

  async touchGroup(id: string, lastModified: string): Promise<RecordChange | undefined> {
    this.checkOpen();
    const before = this.groups.get(id);
    if (!before) return undefined;
    const after: ResourceRecord = {
      ...before,
      meta: { created: before.meta.created, lastModified, version: before.meta.version + 1 },
    };
    await this.putGroup(after);
    return { id, before, after };
  }

  async deleteGroup(id: string): Promise<void> {
    this.checkOpen();
    if (!this.groups.get(id)) throw invalid(`unknown group ${id}`);
    this.groups.write(id, undefined);
    this.members.delete(id);
    this.ops.push({ op: 'deleteGroup', id });
  }

  async addMembers(groupId: string, members: readonly Member[]): Promise<void> {
    this.checkOpen();
    const overlay = this.memberOverlay(groupId);
    const resolved: Member[] = [];
    for (const member of members) {
      const type = this.users.get(member.value) ? 'User' : this.groups.get(member.value) ? 'Group' : undefined;
      if (!type) throw new UnknownMemberError(member.value);
      const clean: Member = { value: member.value, type };
      if (member.display !== undefined) clean.display = member.display;
      resolved.push(clean);
    }
    for (const member of resolved) {
      overlay.touched.add(member.value);
      overlay.removed.delete(member.value);
      overlay.added.set(member.value, member);
    }
    if (resolved.length > 0) this.ops.push({ op: 'addMembers', groupId, members: resolved });
  }

  async removeMembers(groupId: string, values: readonly string[]): Promise<void> {
    this.checkOpen();
    const overlay = this.memberOverlay(groupId);
    for (const value of values) {
      overlay.touched.add(value);
      overlay.added.delete(value);
      overlay.removed.add(value);
    }
    if (values.length > 0) this.ops.push({ op: 'removeMembers', groupId, values: [...values] });
  }

  async clearMembers(groupId: string): Promise<void> {
    this.checkOpen();
    const overlay = this.memberOverlay(groupId);
    for (const value of this.repo.members(groupId).keys()) overlay.touched.add(value);
    overlay.cleared = true;
    overlay.added.clear();
    overlay.removed.clear();
    this.ops.push({ op: 'clearMembers', groupId });
  }

  async putDoc(collection: DocumentCollection, id: string, doc: unknown): Promise<void> {
    this.checkOpen();
    if (doc === undefined) throw invalid(`a ${collection} document must not be undefined`);
    this.docs.set(docKey(collection, id), { collection, id, doc });
    this.ops.push({ op: 'putDoc', collection, id, doc });
  }

  async deleteDoc(collection: DocumentCollection, id: string): Promise<void> {
    this.checkOpen();
    if ((await this.getDoc(collection, id)) === undefined) throw invalid(`unknown ${collection} document ${id}`);
    this.docs.set(docKey(collection, id), { collection, id, doc: undefined });
    this.ops.push({ op: 'deleteDoc', collection, id });
  }

  emit(events: readonly EventInput[]): void {
    this.checkOpen();
    this.events.push(...events);
  }

  /**
   * What the transaction changed, for the event derivers. The committed state cannot change while the
   * transaction is open (the store's queue), so it is the "before" of every membership.
   */
  changes(): TransactionChanges {
    const memberships: MembershipChange[] = [];
    for (const [groupId, overlay] of this.members) {
      if (!this.groups.get(groupId)) continue;
      const added: string[] = [];
      const removed: string[] = [];
      const before = this.repo.members(groupId);
      for (const value of overlay.touched) {
        const is = this.memberNow(groupId, value);
        const was = before.has(value);
        if (is && !was) added.push(value);
        else if (!is && was) removed.push(value);
      }
      if (added.length > 0 || removed.length > 0) memberships.push({ groupId, added, removed });
    }
    return {
      users: this.users.changes(),
      groups: this.groups.changes(),
      memberships,
      docs: [...this.docs.values()].map(({ collection, id, doc }) => ({ collection, id, deleted: doc === undefined })),
    };
  }

  /** Which records and documents it touched, with its net membership changes (the commit log's summary). */
  summary(changes: TransactionChanges): ChangeSummary {
    const groups = new Set([...this.groups.written.keys(), ...this.members.keys()]);
    return {
      users: [...this.users.written.keys()],
      groups: [...groups],
      docs: changes.docs.map(({ collection, id }) => ({ collection, id })),
      memberships: changes.memberships,
      ...renames(changes),
    };
  }

  // ---- helpers ----

  private checkOpen(): void {
    if (this.closed) throw new StoreError('closed', 'the transaction has ended');
  }

  private checkUnique(
    overlay: RecordOverlay,
    record: ResourceRecord,
    attribute: 'userName' | 'displayName',
    what: string,
  ): void {
    const name = nameOf(record, attribute);
    if (name === undefined) return;
    const holder = overlay.findByName(name);
    if (holder !== undefined && holder !== record.id)
      throw new StoreError('conflict', `${what} with ${attribute} "${name}" already exists.`);
  }

  private memberOverlay(groupId: string): MemberOverlay {
    if (!this.groups.get(groupId)) throw invalid(`unknown group ${groupId}`);
    let overlay = this.members.get(groupId);
    if (!overlay) this.members.set(groupId, (overlay = new MemberOverlay()));
    return overlay;
  }

  private memberNow(groupId: string, memberId: string): boolean {
    if (!this.groups.get(groupId)) return false;
    if (!this.users.get(memberId) && !this.groups.get(memberId)) return false; // deleted in this transaction
    const overlay = this.members.get(groupId);
    if (!overlay) return this.repo.members(groupId).has(memberId);
    if (overlay.added.has(memberId)) return true;
    if (overlay.removed.has(memberId) || overlay.cleared) return false;
    return this.repo.members(groupId).has(memberId);
  }
}

function docKey(collection: DocumentCollection, id: string): string {
  return `${collection}\u0000${id}`;
}

function invalid(reason: string): StoreError {
  return new StoreError('invalid', `${reason}; nothing was changed`);
}
