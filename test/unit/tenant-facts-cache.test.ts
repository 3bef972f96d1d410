/**
 * The tenant snapshot cache and the read limiter, on their own: no service is involved, the read is a
 * function the test controls and time is a ManualClock.
 */
import { describe, expect, it } from 'vitest';
import { limiter } from '../../server/tenants/facts/reading.js';
import { SnapshotCache } from '../../server/tenants/facts/snapshot-cache.js';
import { ManualClock } from '../helpers/manual-clock.js';

/** A read whose answers the test hands out one by one. */
function controlledRead() {
  const calls: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  const read = () => new Promise<string>((resolve, reject) => calls.push({ resolve, reject }));
  return { read, calls };
}

describe('SnapshotCache', () => {
  it('shares the read in flight between concurrent refreshes and gets', async () => {
    const clock = new ManualClock();
    const { read, calls } = controlledRead();
    const cache = new SnapshotCache({ read, clock });
    const a = cache.refresh();
    const b = cache.refresh();
    const c = cache.get();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve('first');
    expect(await Promise.all([a, b, c])).toEqual(['first', 'first', 'first']);
    expect(cache.current()).toEqual({ value: 'first', readAt: clock.now() });
  });

  it('answers from the cache while young enough, and reads again when older than asked', async () => {
    const clock = new ManualClock();
    const { read, calls } = controlledRead();
    const cache = new SnapshotCache({ read, clock });
    const first = cache.get();
    calls[0]!.resolve('first');
    await first;
    clock.advance(60_000);
    expect(await cache.get(60_000)).toBe('first');
    expect(calls).toHaveLength(1);
    clock.advance(1);
    const second = cache.get(60_000);
    expect(calls).toHaveLength(2);
    calls[1]!.resolve('second');
    expect(await second).toBe('second');
  });

  it('reads on its interval, which restarts after an on-demand refresh, and stops when stopped', async () => {
    const clock = new ManualClock();
    const { read, calls } = controlledRead();
    const cache = new SnapshotCache({ read, clock, refreshEveryMs: 1000 });
    cache.start();
    clock.advance(1000);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve('tick');
    await cache.pending();
    clock.advance(600);
    const onDemand = cache.refresh();
    calls[1]!.resolve('on demand');
    await onDemand;
    clock.advance(999); // 1600 ms since start of the interval: the on-demand read pushed the next one back
    expect(calls).toHaveLength(2);
    clock.advance(1);
    expect(calls).toHaveLength(3);
    calls[2]!.resolve('tick');
    await cache.pending();
    cache.stop();
    clock.advance(10_000);
    expect(calls).toHaveLength(3);
  });

  it('keeps the last snapshot when a read fails, reports it, and tries again on the next interval', async () => {
    const clock = new ManualClock();
    const { read, calls } = controlledRead();
    const errors: unknown[] = [];
    const cache = new SnapshotCache({ read, clock, refreshEveryMs: 1000, onError: (e) => errors.push(e) });
    const first = cache.refresh();
    calls[0]!.resolve('good');
    await first;
    cache.start();
    clock.advance(1000);
    const failing = cache.pending()!;
    calls[1]!.reject(new Error('Okta down'));
    await expect(failing).rejects.toThrow('Okta down');
    expect(errors).toHaveLength(1);
    expect(cache.current()!.value).toBe('good');
    clock.advance(1000);
    expect(calls).toHaveLength(3);
    cache.stop();
  });

  it('never stores a read that began before an invalidation (a connection changed meanwhile)', async () => {
    const clock = new ManualClock();
    const { read, calls } = controlledRead();
    const cache = new SnapshotCache({ read, clock });
    const stale = cache.refresh();
    cache.invalidate();
    const fresh = cache.refresh();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve('new connection');
    calls[0]!.resolve('old connection');
    expect(await stale).toBe('old connection');
    expect(await fresh).toBe('new connection');
    expect(cache.current()!.value).toBe('new connection');
  });

  it("takes a part read again (an apply's fresh rules), keeping when the rest was read; a read begun before it is not stored", async () => {
    const clock = new ManualClock();
    const { read, calls } = controlledRead();
    const cache = new SnapshotCache({ read, clock });
    const first = cache.refresh();
    calls[0]!.resolve('rules v1');
    await first;
    const readAt = cache.current()!.readAt;
    clock.advance(30_000);
    const older = cache.refresh(); // began before the update
    cache.update((value) => value.replace('v1', 'v2'));
    expect(cache.current()).toEqual({ value: 'rules v2', readAt });
    calls[1]!.resolve('rules v1');
    expect(await older).toBe('rules v1');
    expect(cache.current()!.value).toBe('rules v2');
    expect(await cache.get(60_000)).toBe('rules v2');
  });
});

describe('limiter', () => {
  it('runs at most `limit` tasks at once and hands each freed slot to the next in line', async () => {
    const run = limiter(2);
    const gates: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (n: number) => () =>
      new Promise<number>((resolve) => {
        running += 1;
        most = Math.max(most, running);
        started.push(n);
        gates[n] = () => {
          running -= 1;
          resolve(n);
        };
      });
    const all = Promise.all([1, 2, 3, 4].map((n) => run(task(n))));
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    gates[1]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2, 3]);
    gates[2]!();
    gates[3]!();
    await new Promise((resolve) => setImmediate(resolve));
    gates[4]!();
    expect(await all).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
