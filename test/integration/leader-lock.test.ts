/**
 * Leadership among nodes on one database (server/leadership/postgres-leadership.ts), on the run's real PostgreSQL:
 * one node leads at a time; a leader that stops, whose session is killed, or whose network goes silent is
 * replaced, and stops its jobs before another node starts them. Short intervals are injected so the test is
 * quick; each wait is on the job's own start or stop, bounded by a timeout.
 */
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LeaderJob } from '../../server/leadership/leadership.js';
import { LEADER_LOCK, startLeadership, type PostgresLeadership } from '../../server/leadership/postgres-leadership.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startTcpFaultProxy, type TcpFaultProxy } from '../helpers/tcp-fault-proxy.js';

const TIMING = { retryMs: 100, checkTimeoutMs: 300, sessionTimeoutMs: 3_000 };

/** A job that records when it runs, shared by all nodes of a test so overlaps would show. */
class RecordingJob implements LeaderJob {
  running = false;
  readonly history: string[];
  private waiters: { state: boolean; resolve: () => void }[] = [];

  constructor(
    readonly name: string,
    history: string[],
  ) {
    this.history = history;
  }

  start(): void {
    this.running = true;
    this.history.push(`${this.name} started`);
    this.wake();
  }

  stop(): void {
    this.running = false;
    this.history.push(`${this.name} stopped`);
    this.wake();
  }

  /** Resolves once the job is running (or not); fails after `ms`. */
  until(running: boolean, ms: number): Promise<void> {
    if (this.running === running) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: not ${running ? 'started' : 'stopped'} within ${ms} ms`)),
        ms,
      );
      this.waiters.push({
        state: running,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private wake(): void {
    const still = [];
    for (const waiter of this.waiters) {
      if (waiter.state === this.running) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }
}

describe('leadership on PostgreSQL', () => {
  let database: TestDatabase;
  let admin: postgres.Sql;
  const nodes: PostgresLeadership[] = [];
  const proxies: TcpFaultProxy[] = [];

  const node = async (name: string, history: string[], url = database.url) => {
    const leadership = await startLeadership(url, TIMING);
    nodes.push(leadership);
    const job = new RecordingJob(name, history);
    leadership.run(job);
    await leadership.settled();
    return { leadership, job };
  };

  /** The backend pid whose session holds the leader lock (none: undefined). */
  const holderPid = async (): Promise<number | undefined> => {
    const [row] = await admin<{ pid: number }[]>`
      SELECT l.pid FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext(${LEADER_LOCK})::bigint AND l.objsubid = 1`;
    return row?.pid;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = postgres(database.url, { max: 1, onnotice: () => undefined });
  });

  afterEach(async () => {
    for (const leadership of nodes.splice(0)) await leadership.close();
    for (const proxy of proxies.splice(0)) await proxy.close();
    // The next test starts with the lock free: a closed node's session ends on the server a moment later.
    const started = Date.now();
    while ((await holderPid()) !== undefined) {
      if (Date.now() - started > 10_000) throw new Error('the leader lock was not let go');
      await new Promise((resolve) => setImmediate(resolve));
    }
  });

  afterAll(async () => {
    await admin?.end();
    await database?.drop();
  });

  it('one node leads; the other takes over within its retry interval when the leader stops', async () => {
    const history: string[] = [];
    const a = await node('A', history);
    const b = await node('B', history);
    expect(a.leadership.leading).toBe(true);
    expect(a.job.running).toBe(true);
    expect(b.leadership.leading).toBe(false);
    expect(b.job.running).toBe(false);
    expect(await holderPid()).toBeDefined();

    await a.leadership.close();
    await b.job.until(true, 5_000);
    expect(b.leadership.leading).toBe(true);
    expect(history).toEqual(['A started', 'A stopped', 'B started']);
  });

  it('a leader whose session is killed stops its jobs at once, and a node leads again within a retry', async () => {
    const history: string[] = [];
    const a = await node('A', history);
    const b = await node('B', history);
    const pid = await holderPid();
    expect(pid).toBeDefined();
    await admin`SELECT pg_terminate_backend(${pid!})`;
    await a.job.until(false, 5_000);
    expect(a.leadership.leading).toBe(false);
    // Both try the lock again (A on a fresh session): one of them leads, never both.
    await Promise.any([a.job.until(true, 5_000), b.job.until(true, 5_000)]);
    expect([a.leadership.leading, b.leadership.leading].filter(Boolean)).toHaveLength(1);
    expect(history.slice(0, 2)).toEqual(['A started', 'A stopped']);
    expect(history).toHaveLength(3);
    expect(await holderPid()).not.toBe(pid);
  });

  it('a leader cut off in silence steps down before PostgreSQL lets its lock go: never two leaders', async () => {
    const history: string[] = [];
    const proxy = await startTcpFaultProxy(database.info.host, database.info.port);
    proxies.push(proxy);
    const a = await node('A', history, database.urlVia('127.0.0.1', proxy.port));
    const b = await node('B', history);
    expect(a.leadership.leading).toBe(true);
    // Nothing arrives any more, and nobody closes anything: only A's check deadline and the server's
    // idle_session_timeout can end this.
    await proxy.setMode('freeze');
    await a.job.until(false, 5_000);
    await b.job.until(true, 10_000);
    // A stopped before B started, though A's session ended only after the session timeout.
    expect(history).toEqual(['A started', 'A stopped', 'B started']);
  });

  it('a node that cannot reach the database does not lead, and leads once it can', async () => {
    const history: string[] = [];
    const proxy = await startTcpFaultProxy(database.info.host, database.info.port);
    proxies.push(proxy);
    await proxy.setMode('refuse');
    const a = await node('A', history, database.urlVia('127.0.0.1', proxy.port));
    expect(a.leadership.leading).toBe(false);
    await proxy.setMode('pass');
    await a.job.until(true, 5_000);
    expect(history).toEqual(['A started']);
  });
});
