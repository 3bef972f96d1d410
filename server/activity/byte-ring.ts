/**
 * Recent texts in one fixed buffer outside the JS heap, oldest overwritten first. The activity log keeps
 * its in-memory window here: thousands of small strings held for seconds are exactly what makes V8 promote
 * objects and grow its old space, while bytes in a Buffer cost the garbage collector nothing.
 */
export class ByteRing {
  private readonly buffer: Buffer;
  /** Absolute position of the next write: its offset in the buffer is `next % capacity`. */
  private next = 0;

  constructor(readonly capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Stores `text`; returns where it is, or undefined if it could never fit. */
  put(text: string): RingSlice | undefined {
    // UTF-8 needs at most 3 bytes per UTF-16 unit: count exactly only when that bound does not fit.
    const room = text.length * 3 <= this.capacity ? text.length * 3 : Buffer.byteLength(text, 'utf8');
    if (room > this.capacity) return undefined;
    // A text never wraps around the end: it starts over at the beginning of the next lap.
    if ((this.next % this.capacity) + room > this.capacity)
      this.next = Math.ceil(this.next / this.capacity) * this.capacity;
    const bytes = this.buffer.write(text, this.next % this.capacity, 'utf8');
    const slice = { position: this.next, bytes };
    this.next += bytes;
    return slice;
  }

  /** Whether a slice is still whole (nothing newer was written over it). */
  holds(slice: RingSlice): boolean {
    return slice.position >= this.next - this.capacity;
  }

  /** The text of a slice, or undefined once it has been overwritten. */
  read(slice: RingSlice): string | undefined {
    if (!this.holds(slice)) return undefined;
    const start = slice.position % this.capacity;
    return this.buffer.toString('utf8', start, start + slice.bytes);
  }
}

export interface RingSlice {
  /** Absolute position: grows forever (a Number holds 2^53 bytes exactly). */
  position: number;
  bytes: number;
}
