/**
 * The change feed's events in memory, oldest first: a deque addressed by `pos` (positions are consecutive,
 * so the event at `pos` is at index `pos - first`). Appends come from `recordEvents` ops, drops from
 * `pruneEvents` (retention, server/events/retention.ts). No I/O here; the snapshot and the journal hold it.
 */
import type { OutboxEvent } from './types.js';

export class EventLog {
  private events: OutboxEvent[] = [];
  /** Index of the oldest retained event in `events` (dropped entries are compacted away now and then). */
  private head = 0;
  /** The last pos ever recorded (survives pruning: positions never repeat). */
  private lastPos = 0;

  get last(): number {
    return this.lastPos;
  }

  get size(): number {
    return this.events.length - this.head;
  }

  /** The oldest retained pos, or 0 when the log is empty. */
  get first(): number {
    return this.size === 0 ? 0 : this.events[this.head]!.pos;
  }

  /** The pos the next event gets. */
  nextPos(): number {
    return this.lastPos + 1;
  }

  append(events: readonly OutboxEvent[]): void {
    for (const event of events) {
      this.events.push(event);
      this.lastPos = event.pos;
    }
  }

  /** Drops every event with pos <= through. */
  pruneThrough(through: number): void {
    while (this.head < this.events.length && this.events[this.head]!.pos <= through) this.head++;
    if (this.head > 1024 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
  }

  /** Events with pos > after, oldest first, at most limit. */
  after(after: number, limit: number): readonly OutboxEvent[] {
    if (this.size === 0 || limit <= 0) return [];
    const start = this.head + Math.max(0, after + 1 - this.first);
    return this.events.slice(start, start + limit);
  }

  all(): OutboxEvent[] {
    return this.events.slice(this.head);
  }

  /** Loads a snapshot's events and the last pos it had recorded. */
  load(events: readonly OutboxEvent[], lastPos: number): void {
    this.events = [...events];
    this.head = 0;
    this.lastPos = Math.max(lastPos, events.at(-1)?.pos ?? 0);
  }
}
