/**
 * A checksum of what a store holds, over a canonical form that does not depend on the backend: records with
 * their meta (times as instants), each group's members in order, each collection's documents with their ids
 * in order, the retained events with their feed positions, and the feed's bounds. Object keys are sorted, so
 * PostgreSQL's jsonb (which reorders keys) and the embedded store's JSON give the same text for the same data.
 */
import { createHash, type Hash } from 'node:crypto';
import type { MemberEntry } from '../directory-store.js';
import type { DocumentCollection, OutboxEvent, ResourceRecord } from '../types.js';

/** JSON with every object's keys sorted (arrays keep their order): one text per value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}

/** A stored time as an instant: the PostgreSQL backend keeps `toISOString` text, so compare by instant. */
function instant(text: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

export interface StoreCounts {
  users: number;
  groups: number;
  memberships: number;
  documents: Partial<Record<DocumentCollection, number>>;
  events: number;
}

export interface FeedBounds {
  first: number;
  last: number;
}

export class StoreDigest {
  private readonly hash: Hash = createHash('sha256');
  readonly counts: StoreCounts = { users: 0, groups: 0, memberships: 0, documents: {}, events: 0 };

  user(record: ResourceRecord): void {
    this.counts.users++;
    this.line('user', canonicalRecord(record));
  }

  group(record: ResourceRecord): void {
    this.counts.groups++;
    this.line('group', canonicalRecord(record));
  }

  member(groupId: string, member: MemberEntry): void {
    this.counts.memberships++;
    // `name` is derived from the member's record, which the digest already covers.
    this.line('member', { group: groupId, value: member.value, type: member.type, display: member.display ?? null });
  }

  doc(collection: DocumentCollection, id: string, doc: unknown): void {
    this.counts.documents[collection] = (this.counts.documents[collection] ?? 0) + 1;
    this.line('doc', { collection, id, doc });
  }

  event(event: OutboxEvent): void {
    this.counts.events++;
    this.line('event', event);
  }

  /** Ends the digest with the feed's bounds; returns `sha256:<hex>`. */
  finish(feed: FeedBounds): string {
    this.line('feed', feed);
    return `sha256:${this.hash.digest('hex')}`;
  }

  private line(kind: string, value: unknown): void {
    this.hash.update(`${kind}\t${canonicalJson(value)}\n`);
  }
}

function canonicalRecord(record: ResourceRecord): unknown {
  return {
    id: record.id,
    meta: {
      created: instant(record.meta.created),
      lastModified: instant(record.meta.lastModified),
      version: record.meta.version,
    },
    data: record.data,
    origin: record.origin ?? null,
  };
}
