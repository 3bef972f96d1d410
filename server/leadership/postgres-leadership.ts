/**
 * Leadership among the nodes on one database: the node whose session holds the advisory lock
 * `hashtext('scim-desk leader')` leads (server/leadership/leadership.ts says what that means). The lock lives
 * on a connection of its own, never the pool's, because a session-level lock belongs to one session:
 *
 * - A standby tries `pg_try_advisory_lock` every `retryMs` (default 1 s): a leader that stops cleanly, is
 *   killed (its socket closes, PostgreSQL ends the session) or loses its connection is replaced within that.
 * - The leader checks every `retryMs` that its session is the one that took the lock (same backend pid). The
 *   moment the connection closes, a check fails or does not answer within `checkTimeoutMs`, it stops its
 *   jobs and ends the connection: it never goes on believing it leads after its session is gone.
 * - The session is ended by PostgreSQL after `sessionTimeoutMs` without a check (`idle_session_timeout`), so
 *   a leader cut off from the database, or frozen, loses the lock even if no socket ever closes. A leader that
 *   cannot check steps down after at most `retryMs + checkTimeoutMs`, before that.
 */
import postgres, { type Sql } from 'postgres';
import { withDeadline } from '../store/postgres/errors.js';
import { LeaderJobs, type LeaderJob, type Leadership } from './leadership.js';

export const LEADER_LOCK = 'scim-desk leader';

export interface LeaderLockOptions {
  /** Between two tries (standing by) or checks (leading). Default 1,000 ms. */
  retryMs?: number;
  /** A check that has not answered within this means the lead is lost. Default 2,000 ms. */
  checkTimeoutMs?: number;
  /** PostgreSQL ends the lock's session when it has been idle this long. Default 5,000 ms. */
  sessionTimeoutMs?: number;
  connectTimeoutSeconds?: number;
  log?: (line: string) => void;
}

export class PostgresLeadership implements Leadership {
  private readonly jobs: LeaderJobs;
  private readonly retryMs: number;
  private readonly checkTimeoutMs: number;
  private readonly sessionTimeoutMs: number;
  private readonly connectTimeoutSeconds: number;
  private readonly log: (line: string) => void;
  private sql: Sql | undefined;
  /** The backend that took the lock, while this node leads. */
  private holder: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private turn: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly url: string,
    options: LeaderLockOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 1_000;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 5_000;
    this.connectTimeoutSeconds = options.connectTimeoutSeconds ?? 5;
    this.log = options.log ?? (() => undefined);
    this.jobs = new LeaderJobs(this.log);
  }

  get leading(): boolean {
    return this.jobs.leading;
  }

  run(job: LeaderJob): () => Promise<void> {
    return this.jobs.run(job);
  }

  settled(): Promise<void> {
    return this.jobs.settled();
  }

  /** Tries once now (a node that finds no leader leads when this resolves), then every `retryMs`. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.retryMs);
    this.timer.unref();
  }

  /** One try or check at a time; a slow one makes the next tick wait rather than pile up. */
  private tick(): Promise<void> {
    this.turn = this.turn.then(() => (this.holder === undefined ? this.tryToLead() : this.check()));
    return this.turn;
  }

  private async tryToLead(): Promise<void> {
    if (this.closed) return;
    try {
      const sql = this.connection();
      const [row] = await withDeadline(
        sql<{ locked: boolean; pid: number }[]>`
          SELECT pg_try_advisory_lock(hashtext(${LEADER_LOCK})) AS locked, pg_backend_pid() AS pid`,
        this.checkTimeoutMs,
        'while trying to take the lead',
      );
      if (!row?.locked || this.closed || this.sql !== sql) return;
      this.holder = row.pid;
      this.log('leader: this node leads (webhook delivery, feed retention and access events run here)');
      // Not awaited: the checks go on while the jobs start (a long start must not let the session lapse).
      void this.jobs.lead();
    } catch {
      // No database now: this node cannot lead; the next tick tries again on a fresh connection.
      await this.dropConnection();
    }
  }

  private async check(): Promise<void> {
    const sql = this.sql;
    if (!sql || this.closed) return;
    try {
      const [row] = await withDeadline(
        sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`,
        this.checkTimeoutMs,
        'while checking the lead',
      );
      if (row?.pid !== this.holder) await this.lose('its database session was replaced');
    } catch (error) {
      await this.lose(error instanceof Error ? error.message : String(error));
    }
  }

  /** Stops the jobs at once, then ends the connection so that PostgreSQL lets the lock go too. */
  private async lose(why: string): Promise<void> {
    if (this.holder === undefined) return;
    this.holder = undefined;
    const stopped = this.jobs.standDown();
    if (!this.closed) this.log(`leader: this node no longer leads (${why}); it tries again every ${this.retryMs} ms`);
    await this.dropConnection();
    await stopped;
  }

  private connection(): Sql {
    this.sql ??= postgres(this.url, {
      max: 1,
      connect_timeout: this.connectTimeoutSeconds,
      // No array types to learn: a connection dropped right after connecting leaves no query behind.
      fetch_types: false,
      // The lock is the session's: the connection must never be recycled behind this node's back.
      max_lifetime: null,
      onnotice: () => undefined,
      onclose: () => {
        // The session is gone, and the lock with it (a drop this node asked for has cleared `sql` already).
        if (this.holder !== undefined && !this.closed) void this.lose('its database connection closed');
      },
      connection: {
        application_name: 'scim-desk',
        statement_timeout: this.checkTimeoutMs,
        idle_session_timeout: this.sessionTimeoutMs,
      },
    });
    return this.sql;
  }

  private async dropConnection(): Promise<void> {
    const sql = this.sql;
    this.sql = undefined;
    await sql?.end({ timeout: 0 }).catch(() => undefined);
  }

  /** Stops the jobs and ends the lock's session: another node leads within its retry interval. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.turn.catch(() => undefined);
    const stopped = this.jobs.standDown();
    this.holder = undefined;
    await stopped;
    await this.dropConnection();
  }
}

/** Starts taking part in leadership; resolves after the first try (so a lone node already leads). */
export async function startLeadership(url: string, options: LeaderLockOptions = {}): Promise<PostgresLeadership> {
  const leadership = new PostgresLeadership(url, options);
  await leadership.start();
  return leadership;
}
