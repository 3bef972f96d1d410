import type { ActivityEntry } from './types.js';

export interface WindowItem {
  /** The entry without its bodies (frozen: shared with the summary and iteration). */
  entry: ActivityEntry;
  /** The logged line of an entry with bodies, while the memory budget allows (parsed only when asked for). */
  line: string | undefined;
}

/**
 * The most recent entries, oldest first, in a ring of fixed capacity. Bodies are kept as the logged JSON line
 * (compact, parsed only for the page a query returns) and dropped from the oldest entries first when they exceed
 * their budget: the summaries stay for the wizard and the list, the file keeps the full record.
 */
export class EntryWindow {
  private readonly ring: (WindowItem | undefined)[];
  private head = 0;
  private count = 0;
  private bodyChars = 0;
  /** Logical index from which older bodies may still be present. */
  private trimFrom = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxBodyChars: number,
  ) {
    this.ring = new Array<WindowItem | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(item: WindowItem): void {
    if (this.count === this.capacity) {
      const oldest = this.at(0);
      this.bodyChars -= oldest.line?.length ?? 0;
      this.head = (this.head + 1) % this.capacity;
      this.count -= 1;
      this.trimFrom = Math.max(0, this.trimFrom - 1);
    }
    this.ring[(this.head + this.count) % this.capacity] = item;
    this.count += 1;
    this.bodyChars += item.line?.length ?? 0;
    while (this.bodyChars > this.maxBodyChars && this.trimFrom < this.count) {
      const old = this.at(this.trimFrom);
      this.bodyChars -= old.line?.length ?? 0;
      old.line = undefined;
      this.trimFrom += 1;
    }
  }

  /** Logical index 0 = oldest. */
  at(index: number): WindowItem {
    const item = this.ring[(this.head + index) % this.capacity];
    if (!item || index < 0 || index >= this.count) throw new RangeError(`No entry at ${index}`);
    return item;
  }

  /** Index of the first entry whose id is >= `id` (ids increase with the index). */
  lowerBound(id: string): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).entry.id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  *items(): IterableIterator<WindowItem> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }
}
