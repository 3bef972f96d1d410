import { describe, expect, it } from 'vitest';
import { PendingLines } from '../../server/activity/pending-lines.js';

describe('PendingLines', () => {
  it('encodes lines as UTF-8 with their ends, growing past its first buffer', () => {
    const pending = new PendingLines(16);
    const lines = ['{"a":1}', '{"name":"Zoë — 東京"}', 'x'.repeat(100)];
    for (const line of lines) pending.push(line);
    const { bytes, ends } = pending.take();
    expect(bytes.toString('utf8')).toBe(lines.map((line) => `${line}\n`).join(''));
    expect(ends).toEqual([8, 8 + Buffer.byteLength(lines[1]!) + 1, bytes.length]);
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
