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
    const worst = text.length * 3; // UTF-8 bytes per UTF-16 unit, at most
    let bytes: number;
    if (worst <= this.capacity) {
      if ((this.next % this.capacity) + worst > this.capacity) this.next = Math.ceil(this.next / this.capacity) * this.capacity;
      bytes = this.buffer.write(text, this.next % this.capacity, 'utf8');
    } else {
      bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > this.capacity) return undefined;
      if ((this.next % this.capacity) + bytes > this.capacity) this.next = Math.ceil(this.next / this.capacity) * this.capacity;
      this.buffer.write(text, this.next % this.capacity, 'utf8');
    }
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
