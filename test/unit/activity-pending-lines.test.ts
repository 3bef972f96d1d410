import { describe, expect, it } from 'vitest';
import { PendingLines } from '../../server/activity/pending-lines.js';

describe('PendingLines', () => {
  it('encodes JSON lines as ASCII with their ends, growing past its first buffer', () => {
    const pending = new PendingLines(16);
    const lines = ['{"a":1}', JSON.stringify({ name: 'Zoë — 東京 😀' }), JSON.stringify({ pad: 'x'.repeat(100) })];
    for (const line of lines) pending.push(line);
    const { bytes, ends } = pending.take();
    expect(bytes.every((byte) => byte < 0x80)).toBe(true);
    const written = bytes.toString('utf8').split('\n');
    expect(written.pop()).toBe('');
    expect(written.map((line) => JSON.parse(line) as unknown)).toEqual(
      lines.map((line) => JSON.parse(line) as unknown),
    );
    expect(ends).toEqual([8, 8 + written[1]!.length + 1, bytes.length]);
    expect(pending.isEmpty).toBe(true);
  });

  it('hands out batches that later pushes cannot change until released, then reuses their buffers', () => {
    const pending = new PendingLines(8192); // above Node's pooled size, so each buffer is its own
    pending.push('first');
    const first = pending.take();
    pending.push('second');
    expect(first.bytes.toString('utf8')).toBe('first\n');
    const second = pending.take();
    expect(second.bytes.toString('utf8')).toBe('second\n');
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer); // first not released: a new buffer
    first.release();
    pending.push('third');
    const third = pending.take(); // was already being filled: a new buffer
    pending.push('fourth');
    const fourth = pending.take();
    expect(fourth.bytes.buffer).toBe(first.bytes.buffer); // the released one, reused
    expect(third.bytes.toString('utf8')).toBe('third\n');
    expect(fourth.bytes.toString('utf8')).toBe('fourth\n');
    expect(second.bytes.toString('utf8')).toBe('second\n');
  });
});
