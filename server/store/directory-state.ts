import { DOCUMENT_COLLECTIONS } from './decode.js';
import { EventLog } from './event-log.js';
import { CURRENT_SCHEMA_VERSION, type SnapshotDocument } from './snapshot/snapshot-document.js';
import type { DocumentCollection, Member, ResourceRecord, StoreOp } from './types.js';
import { StoreError } from './types.js';

const NO_MEMBERS: ReadonlyMap<string, Member> = new Map();
const NO_GROUPS: ReadonlySet<string> = new Set();
const NO_IDS: readonly string[] = Object.freeze([]);

/** userName and displayName are caseExact=false (RFC 7643), so their indexes key on a folded form. */
function fold(value: string): string {
  return value.toLowerCase();
}

function stringAttribute(record: ResourceRecord, name: string): string | undefined {
  const value = record.data[name];
  return typeof value === 'string' ? value : undefined;
}

/** A resource table: records by id in creation order plus the indexes the interface promises. */
class ResourceTable {
  readonly byId = new Map<string, ResourceRecord>(); // Map iteration order = creation order
  private readonly byName = new Map<string, string>();
  /** externalId -> the one id that has it (the usual case: no Set per record), or a Set when several do. */
  private readonly byExternalId = new Map<string, string | Set<string>>();
  private order: readonly string[] | undefined;

  constructor(private readonly nameAttribute: 'userName' | 'displayName') {}

  ids(): readonly string[] {
    // Cached between inserts and deletes: paging asks for it on every request.
    this.order ??= Object.freeze([...this.byId.keys()]);
    return this.order;
  }

  findByName(name: string): string | undefined {
    return this.byName.get(fold(name));
  }

  findByExternalId(externalId: string): readonly string[] {
    const ids = this.byExternalId.get(externalId);
    if (ids === undefined) return NO_IDS;
    return typeof ids === 'string' ? [ids] : [...ids];
  }

  put(record: ResourceRecord): void {
    const previous = this.byId.get(record.id);
    if (previous) this.unindex(previous);
    else this.order = undefined;
    this.byId.set(record.id, record); // replacing keeps the creation-order position
    this.index(record);
  }

  delete(id: string): void {
    const previous = this.byId.get(id);
    if (!previous) return;
    this.unindex(previous);
    this.byId.delete(id);
    this.order = undefined;
  }

  private index(record: ResourceRecord): void {
    const name = stringAttribute(record, this.nameAttribute);
    if (name !== undefined) this.byName.set(fold(name), record.id);
    const externalId = stringAttribute(record, 'externalId');
    if (externalId !== undefined) {
      const ids = this.byExternalId.get(externalId);
      if (ids === undefined) this.byExternalId.set(externalId, record.id);
      else if (typeof ids === 'string') {
        if (ids !== record.id) this.byExternalId.set(externalId, new Set([ids, record.id]));
      } else ids.add(record.id);
    }
  }

  private unindex(record: ResourceRecord): void {
    const name = stringAttribute(record, this.nameAttribute);
    // Only drop the entry if it is ours: the SCIM layer enforces uniqueness, the store must not corrupt it.
    if (name !== undefined && this.byName.get(fold(name)) === record.id) this.byName.delete(fold(name));
    const externalId = stringAttribute(record, 'externalId');
    if (externalId !== undefined) {
      const ids = this.byExternalId.get(externalId);
      if (ids === record.id) this.byExternalId.delete(externalId);
      else if (typeof ids === 'object') {
        ids.delete(record.id);
        if (ids.size === 1) this.byExternalId.set(externalId, ids.values().next().value!);
      }
    }
  }
}

/**
 * The whole directory in memory: the read side of the repository, transaction checking and applying,
 * and conversion to and from the snapshot document. No I/O here.
 *
 * Invariants kept on every apply: member values name existing users or groups; `membersOf` and
 * `groupsOf` mirror each other; deleting a user or group also removes it from every group it was in.
 */
export class DirectoryState {
  readonly users = new ResourceTable('userName');
  readonly groups = new ResourceTable('displayName');
  private readonly membersOf = new Map<string, Map<string, Member>>();
  private readonly groupsOf = new Map<string, Set<string>>();
  private readonly docs = new Map<DocumentCollection, Map<string, unknown>>(
    DOCUMENT_COLLECTIONS.map((collection) => [collection, new Map()]),
  );
  /** The change feed and the webhooks' outbox (docs/events.md). */
  readonly events = new EventLog();

  members(groupId: string): ReadonlyMap<string, Member> {
    return this.membersOf.get(groupId) ?? NO_MEMBERS;
  }

  groupIdsOfMember(memberId: string): ReadonlySet<string> {
    return this.groupsOf.get(memberId) ?? NO_GROUPS;
  }

  getDoc(collection: DocumentCollection, id: string): unknown {
    return this.collection(collection).get(id);
  }

  listDocs(collection: DocumentCollection): unknown[] {
    return [...this.collection(collection).values()];
  }

  /** A collection's documents with their ids. */
  docEntries(collection: DocumentCollection): [string, unknown][] {
    return [...this.collection(collection)];
  }

  /**
   * Throws StoreError('invalid') if any op cannot apply after the ones before it; changes nothing.
   * Existence is simulated through the transaction so `[putGroup g, addMembers g]` is valid.
   */
  check(ops: readonly StoreOp[]): void {
    const users = new Overlay((id) => this.users.byId.has(id));
    const groups = new Overlay((id) => this.groups.byId.has(id));
    const docs = new Map<DocumentCollection, Overlay>();
    let nextPos = this.events.nextPos();
    const docOverlay = (collection: DocumentCollection): Overlay => {
      let overlay = docs.get(collection);
      if (!overlay) docs.set(collection, (overlay = new Overlay((id) => this.collection(collection).has(id))));
      return overlay;
    };
    ops.forEach((op, index) => {
      const fail = (reason: string): never => {
        throw new StoreError('invalid', `transaction op ${index} (${op.op}): ${reason}; nothing was changed`);
      };
      switch (op.op) {
        case 'putUser':
          if (groups.has(op.record.id)) fail(`id ${op.record.id} is already a group`);
          users.add(op.record.id);
          break;
        case 'putGroup':
          if (users.has(op.record.id)) fail(`id ${op.record.id} is already a user`);
          groups.add(op.record.id);
          break;
        case 'deleteUser':
          if (!users.has(op.id)) fail(`unknown user ${op.id}`);
          users.remove(op.id);
          break;
        case 'deleteGroup':
          if (!groups.has(op.id)) fail(`unknown group ${op.id}`);
          groups.remove(op.id);
          break;
        case 'addMembers':
          if (!groups.has(op.groupId)) fail(`unknown group ${op.groupId}`);
          for (const member of op.members) {
            if (!users.has(member.value) && !groups.has(member.value)) fail(`unknown member ${member.value}`);
          }
          break;
        case 'removeMembers':
        case 'clearMembers':
          if (!groups.has(op.groupId)) fail(`unknown group ${op.groupId}`);
          break;
        case 'putDoc':
          docOverlay(op.collection).add(op.id);
          break;
        case 'deleteDoc':
          if (!docOverlay(op.collection).has(op.id)) fail(`unknown ${op.collection} document ${op.id}`);
          docOverlay(op.collection).remove(op.id);
          break;
        case 'recordEvents': {
          let expected = nextPos;
          for (const event of op.events) {
            if (event.pos !== expected) fail(`event pos ${event.pos} where ${expected} was next`);
            expected++;
          }
          nextPos = expected;
          break;
        }
        case 'pruneEvents':
          break;
      }
    });
  }

  /** Applies ops that passed `check`. */
  apply(ops: readonly StoreOp[]): void {
    for (const op of ops) {
      switch (op.op) {
        case 'putUser':
          this.users.put(op.record);
          break;
        case 'putGroup':
          this.groups.put(op.record);
          break;
        case 'deleteUser':
          this.dropMember(op.id);
          this.users.delete(op.id);
          break;
        case 'deleteGroup':
          this.clearMembers(op.id);
          this.membersOf.delete(op.id);
          this.dropMember(op.id);
          this.groups.delete(op.id);
          break;
        case 'addMembers':
          this.addMembers(op.groupId, op.members);
          break;
        case 'removeMembers':
          for (const value of op.values) this.removeMember(op.groupId, value);
          break;
        case 'clearMembers':
          this.clearMembers(op.groupId);
          break;
        case 'putDoc':
          this.collection(op.collection).set(op.id, op.doc);
          break;
        case 'deleteDoc':
          this.collection(op.collection).delete(op.id);
          break;
        case 'recordEvents':
          this.events.append(op.events);
          break;
        case 'pruneEvents':
          this.events.pruneThrough(op.through);
          break;
      }
    }
  }

  /** The snapshot as of now. Copies the mutable parts (member lists) so later commits cannot change it. */
  toSnapshot(seq: number): SnapshotDocument {
    return {
      format: 'scim-desk',
      schemaVersion: CURRENT_SCHEMA_VERSION,
      seq,
      users: [...this.users.byId.values()],
      groups: [...this.groups.byId.values()],
      // fromEntries, not assignment: an id such as "__proto__" must stay an own key.
      memberships: Object.fromEntries(
        [...this.membersOf]
          .filter(([, members]) => members.size > 0)
          .map(([groupId, members]) => [groupId, [...members.values()]]),
      ),
      docs: {
        tokens: Object.fromEntries(this.collection('tokens')),
        rules: Object.fromEntries(this.collection('rules')),
        organizationalUnits: Object.fromEntries(this.collection('organizationalUnits')),
        settings: Object.fromEntries(this.collection('settings')),
        webhooks: Object.fromEntries(this.collection('webhooks')),
        webhookProgress: Object.fromEntries(this.collection('webhookProgress')),
        accessGrants: Object.fromEntries(this.collection('accessGrants')),
      },
      events: this.events.all(),
      lastEventPos: this.events.last,
    };
  }

  /** Fills an empty state from a decoded snapshot (records already frozen). */
  load(snapshot: SnapshotDocument): void {
    for (const record of snapshot.users) this.users.put(record);
    for (const record of snapshot.groups) this.groups.put(record);
    for (const [groupId, members] of Object.entries(snapshot.memberships)) this.addMembers(groupId, members);
    for (const collection of DOCUMENT_COLLECTIONS) {
      for (const [id, doc] of Object.entries(snapshot.docs[collection])) this.collection(collection).set(id, doc);
    }
    this.events.load(snapshot.events, snapshot.lastEventPos);
  }

  private collection(collection: DocumentCollection): Map<string, unknown> {
    const docs = this.docs.get(collection);
    if (!docs) throw new StoreError('invalid', `unknown document collection ${String(collection)}`);
    return docs;
  }

  private addMembers(groupId: string, members: readonly Member[]): void {
    let current = this.membersOf.get(groupId);
    if (!current) this.membersOf.set(groupId, (current = new Map()));
    for (const member of members) {
      current.set(member.value, member); // an existing value keeps its position, display/type are updated
      let groups = this.groupsOf.get(member.value);
      if (!groups) this.groupsOf.set(member.value, (groups = new Set()));
      groups.add(groupId);
    }
  }

  private removeMember(groupId: string, memberId: string): void {
    if (!this.membersOf.get(groupId)?.delete(memberId)) return;
    const groups = this.groupsOf.get(memberId);
    groups?.delete(groupId);
    if (groups?.size === 0) this.groupsOf.delete(memberId);
  }

  private clearMembers(groupId: string): void {
    const members = this.membersOf.get(groupId);
    if (!members) return;
    for (const memberId of [...members.keys()]) this.removeMember(groupId, memberId);
  }

  /** Removes a user or group from every group that has it as a member. */
  private dropMember(memberId: string): void {
    for (const groupId of [...this.groupIdsOfMember(memberId)]) this.removeMember(groupId, memberId);
  }
}

/** Existence of ids as seen after the ops checked so far in one transaction. */
class Overlay {
  private readonly added = new Set<string>();
  private readonly removed = new Set<string>();

  constructor(private readonly existsInStore: (id: string) => boolean) {}

  has(id: string): boolean {
    return this.added.has(id) || (!this.removed.has(id) && this.existsInStore(id));
  }

  add(id: string): void {
    this.added.add(id);
    this.removed.delete(id);
  }

  remove(id: string): void {
    this.added.delete(id);
    this.removed.add(id);
  }
}
