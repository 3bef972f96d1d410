import { asciiJson } from '../store/ascii-json.js';

/**
 * Lines waiting to be appended to the activity file, encoded as they arrive (as ASCII JSON, so also UTF-8).
 * Encoding each line once into a buffer outside the JS heap is far cheaper than concatenating a batch of
 * strings and encoding the result at flush time, and the strings can die young instead of waiting for the
 * flush. Buffers are reused once written: a fresh megabyte per flush costs its page faults every time (on
 * the reference VM a 1 MB copy into new memory took ~3 ms).
 */
export class PendingLines {
  private buffer: Buffer;
  private readonly spare: Buffer[] = [];
  private used = 0;
  /** Byte offset just past each line's newline, so the writer can rotate between two lines. */
  private ends: number[] = [];

  constructor(initialBytes = 256 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  get bytes(): number {
    return this.used;
  }

  get isEmpty(): boolean {
    return this.used === 0;
  }

  /** Encodes `line` (a JSON text) plus a newline, as ASCII: see asciiJson. */
  push(line: string): void {
    const ascii = asciiJson(line);
    if (this.used + ascii.length + 1 > this.buffer.length) this.grow(this.used + ascii.length + 1);
    this.used += this.buffer.write(ascii, this.used, 'latin1');
    this.buffer[this.used++] = 0x0a;
    this.ends.push(this.used);
  }

  /** Everything pending as one batch, and empties the queue. The batch owns its buffer until `release()`,
   * which hands it back for reuse (call it once the bytes are written; never use them after). */
  take(): EncodedLines & { release(): void } {
    const buffer = this.buffer;
    const batch = {
      bytes: buffer.subarray(0, this.used),
      ends: this.ends,
      release: () => void this.spare.push(buffer),
    };
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafe(buffer.length);
    this.used = 0;
    this.ends = [];
    return batch;
  }

  private grow(atLeast: number): void {
    const next = Buffer.allocUnsafe(Math.max(atLeast, this.buffer.length * 2));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }
}

/** Encoded lines: `bytes` holds whole lines, each ending with a newline at `ends[i] - 1`. */
export interface EncodedLines {
  bytes: Buffer;
  ends: readonly number[];
}
