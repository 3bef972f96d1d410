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
    expect(written.map((line) => JSON.parse(line) as unknown)).toEqual(lines.map((line) => JSON.parse(line) as unknown));
    expect(ends).toEqual([8, 8 + written[1]!.length + 1, bytes.length]);
    expect(pending.isEmpty).toBe(true);
  });

  it('hands out batches that later pushes cannot change', () => {
    const pending = new PendingLines(64);
    pending.push('first');
    const batch = pending.take();
    pending.push('second');
    expect(batch.bytes.toString('utf8')).toBe('first\n');
    expect(pending.take().bytes.toString('utf8')).toBe('second\n');
  });
});
