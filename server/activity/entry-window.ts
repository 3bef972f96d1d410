import { ByteRing } from './byte-ring.js';
import type { ActivityEntry } from './types.js';

/**
 * The most recent entries, oldest first, in a ring of fixed capacity. Each entry is kept as JSON text in
 * byte rings outside the JS heap (its summary, and its bodies while their budget allows) and parsed only
 * when asked for: a busy endpoint appends thousands of entries a second, and holding each as a graph of
 * small objects for minutes made V8 promote and grow its heap far past the size of the data. Bodies go
 * first (the oldest are overwritten by newer ones); an entry whose summary is overwritten leaves the
 * window. The files keep the full record.
 */
export class EntryWindow {
  private readonly ids: (string | undefined)[];
  private readonly summaryAt: Float64Array;
  private readonly summaryBytes: Int32Array;
  private readonly bodiesAt: Float64Array;
  /** -1: the entry has no bodies. */
  private readonly bodiesBytes: Int32Array;
  private readonly summaries: ByteRing;
  private readonly bodies: ByteRing;
  private head = 0;
  private count = 0;

  constructor(
    private readonly capacity: number,
    summaryBudgetBytes: number,
    bodyBudgetBytes: number,
  ) {
    this.ids = new Array<string | undefined>(capacity);
    this.summaryAt = new Float64Array(capacity);
    this.summaryBytes = new Int32Array(capacity);
    this.bodiesAt = new Float64Array(capacity);
    this.bodiesBytes = new Int32Array(capacity);
    this.summaries = new ByteRing(summaryBudgetBytes);
    this.bodies = new ByteRing(bodyBudgetBytes);
  }

  get length(): number {
    return this.count;
  }

  /** Adds the newest entry: its id, its summary as JSON text, and its bodies as a JSON object text. */
  push(id: string, summary: string, bodies: string | undefined): void {
    const stored = this.summaries.put(summary);
    if (!stored) return; // larger than the whole budget: on disk only
    if (this.count === this.capacity) this.dropOldest();
    const slot = (this.head + this.count) % this.capacity;
    this.ids[slot] = id;
    this.summaryAt[slot] = stored.position;
    this.summaryBytes[slot] = stored.bytes;
    const storedBodies = bodies === undefined ? undefined : this.bodies.put(bodies);
    this.bodiesAt[slot] = storedBodies?.position ?? 0;
    this.bodiesBytes[slot] = storedBodies?.bytes ?? -1;
    this.count += 1;
    // Entries whose summaries the new one wrote over are gone.
    while (this.count > 1 && !this.summaries.holds(this.summarySlice(this.head))) this.dropOldest();
  }

  /** Logical index 0 = oldest. */
  idAt(index: number): string {
    return this.ids[this.slotOf(index)]!;
  }

  /** The entry's summary, parsed (a fresh, frozen object). */
  entryAt(index: number): ActivityEntry {
    const text = this.summaries.read(this.summarySlice(this.slotOf(index)))!;
    return Object.freeze(JSON.parse(text) as ActivityEntry);
  }

  /** The entry's bodies as a JSON object text, while they are still in memory. */
  bodiesTextAt(index: number): string | undefined {
    const slot = this.slotOf(index);
    const bytes = this.bodiesBytes[slot]!;
    return bytes < 0 ? undefined : this.bodies.read({ position: this.bodiesAt[slot]!, bytes });
  }

  /** The entry had bodies but they are no longer in memory (only the files have them). */
  bodiesDroppedAt(index: number): boolean {
    const slot = this.slotOf(index);
    const bytes = this.bodiesBytes[slot]!;
    return bytes >= 0 && !this.bodies.holds({ position: this.bodiesAt[slot]!, bytes });
  }

  /** Index of the first entry whose id is >= `id` (ids increase with the index). */
  lowerBound(id: string): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.idAt(mid) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private slotOf(index: number): number {
    if (index < 0 || index >= this.count) throw new RangeError(`No entry at ${index}`);
    return (this.head + index) % this.capacity;
  }

  private summarySlice(slot: number) {
    return { position: this.summaryAt[slot]!, bytes: this.summaryBytes[slot]! };
  }

  private dropOldest(): void {
    this.ids[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
  }
}
