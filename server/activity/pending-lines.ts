import { asciiJson } from '../store/ascii-json.js';

/**
 * Lines waiting to be appended to the activity file, encoded as they arrive (as ASCII JSON, so also UTF-8). Encoding each line
 * once into one reused buffer (outside the JS heap) is far cheaper than concatenating a batch of strings and
 * encoding the result at flush time, and the strings can die young instead of waiting for the flush.
 */
export class PendingLines {
  private buffer: Buffer;
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

  /** Everything pending as one batch (a copy: the queue's buffer is reused at once), and empties the queue. */
  take(): EncodedLines {
    const bytes = Buffer.allocUnsafe(this.used);
    this.buffer.copy(bytes, 0, 0, this.used);
    const batch = { bytes, ends: this.ends };
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
