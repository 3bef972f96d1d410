/**
 * Follows the commit log on one node: every numbered change, in position order, whichever node committed it.
 * A NOTIFY from the sequencer wakes it at once; a poll (default every second) catches up after a lost
 * notification or connection, and also numbers changes that a dead node left unnumbered. When the changes
 * it still needs were pruned meanwhile, subscribers are told to resync.
 */
import type { Sql } from 'postgres';
import type { ChangeSubscriber, ChangeSummary, CommittedChange } from '../directory-store.js';
import type { OutboxEvent } from '../types.js';
import { CHANGES_CHANNEL, type Sequencer } from './sequencer.js';

const PAGE = 500;

export class ChangeFollower {
  private cursor = 0;
  /** The last position every subscriber has followed. */
  private deliveredThrough = 0;
  private waiting: { position: number; resolve: () => void }[] = [];
  private readonly subscribers = new Set<ChangeSubscriber>();
  private catching: Promise<void> | undefined;
  /** The furthest position asked for while a run was under way (Infinity: whatever there is). */
  private again = 0;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private stopped = false;

  constructor(
    private readonly sql: Sql,
    private readonly sequencer: Sequencer,
    private readonly pollMs: number,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts from the current end of the log: subscribers see what commits from now on. */
  async start(): Promise<void> {
    const [row] = await this.sql<{ last_position: number }[]>`SELECT last_position FROM scim_desk_sequence`;
    this.cursor = row!.last_position;
    this.deliveredThrough = this.cursor;
    const listening = await this.sql.listen(
      CHANGES_CHANNEL,
      (payload) => void this.catchUp(Number(payload) || Infinity),
      () => this.catchUp(),
    );
    this.unlisten = () => listening.unlisten();
    this.timer = setInterval(() => this.tick(), this.pollMs);
    this.timer.unref();
  }

  subscribe(subscriber: ChangeSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /**
   * Reads and delivers what is new; concurrent calls share one run (and one more, if asked meanwhile for
   * more than it read). `through` is the position the caller knows of (a notification's, a commit's): a call
   * for what this node has read already reads nothing, so a change is read once, not once for its commit and
   * once more for its notification.
   */
  catchUp(through = Infinity): Promise<void> {
    if (this.stopped || through <= this.cursor) return Promise.resolve();
    if (this.catching) {
      this.again = Math.max(this.again, through);
      return this.catching;
    }
    this.catching = (async () => {
      try {
        do {
          this.again = 0;
          while (await this.readPage()) {
            // a full page: read on
          }
        } while (this.again > this.cursor && !this.stopped);
      } catch (error) {
        if (!this.stopped)
          this.log(
            `store: following the commit log failed (retrying on the next poll): ${error instanceof Error ? error.message : String(error)}`,
          );
      } finally {
        this.catching = undefined;
      }
    })();
    return this.catching;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.unlisten?.().catch(() => undefined);
    await this.catching;
    for (const waiter of this.waiting.splice(0)) waiter.resolve();
  }

  private tick(): void {
    void (async () => {
      try {
        const pending = await this.sql`SELECT 1 FROM scim_desk_changes WHERE position IS NULL LIMIT 1`;
        if (pending.length > 0) await this.sequencer.kick();
      } catch {
        // the database is away: the next tick tries again
      }
      await this.catchUp();
    })();
  }

  private async readPage(): Promise<boolean> {
    // The changes and their events in one statement: `[pos, id, type, timestamp, key, data]` per event.
    const rows = await this.sql<
      {
        position: number;
        summary: ChangeSummary;
        events: [number, string, string, string, string, Record<string, unknown>][];
      }[]
    >`
      SELECT c.position, c.summary,
        (SELECT coalesce(jsonb_agg(jsonb_build_array(e.pos, e.event_id, e.type, e.timestamp, e.key, e.data) ORDER BY e.pos), '[]'::jsonb)
         FROM scim_desk_events e WHERE e.change_id = c.id) AS events
      FROM scim_desk_changes c WHERE c.position > ${this.cursor} ORDER BY c.position LIMIT ${PAGE}`;
    if (rows.length === 0) return false;
    if (rows[0]!.position !== this.cursor + 1) {
      // Positions have no gaps: what is missing was pruned while this node was away.
      this.cursor = rows[0]!.position - 1;
      for (const subscriber of this.subscribers) await this.guarded(() => subscriber.resync());
    }
    for (const row of rows) {
      if (this.stopped) return false;
      const change: CommittedChange = {
        position: row.position,
        summary: { ...row.summary, memberships: row.summary.memberships ?? [] },
        events: row.events.map(([pos, id, type, timestamp, key, data]): OutboxEvent => ({
          pos,
          id,
          type,
          timestamp,
          key,
          data,
        })),
      };
      this.cursor = row.position;
      // One subscriber after the other, in the order they subscribed: a cache subscribed first is up to
      // date when a later subscriber (the access index) reads from it.
      for (const subscriber of this.subscribers) {
        const followed = this.guarded(() => subscriber.change(change));
        if (followed) await followed.catch((error: unknown) => this.report(error));
      }
      this.delivered(row.position);
    }
    return rows.length === PAGE;
  }

  /** Resolves once what every subscriber started because of the change at `position` is done. */
  async settled(position: number): Promise<void> {
    await Promise.all([...this.subscribers].map((subscriber) => subscriber.settled?.(position)));
  }

  /** Resolves once every subscriber has followed the change at `position` (or the follower stopped). */
  whenDelivered(position: number): Promise<void> {
    if (position <= this.deliveredThrough || this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ position, resolve }));
  }

  private delivered(position: number): void {
    this.deliveredThrough = position;
    if (this.waiting.length === 0) return;
    const still: typeof this.waiting = [];
    for (const waiter of this.waiting) {
      if (waiter.position <= position) waiter.resolve();
      else still.push(waiter);
    }
    this.waiting = still;
  }

  private guarded(run: () => void | Promise<void>): Promise<void> | undefined {
    try {
      return run() ?? undefined;
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  private report(error: unknown): void {
    this.log(`store: a change subscriber failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
