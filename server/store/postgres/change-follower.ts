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
  private readonly subscribers = new Set<ChangeSubscriber>();
  private catching: Promise<void> | undefined;
  private again = false;
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
    const listening = await this.sql.listen(CHANGES_CHANNEL, () => this.catchUp(), () => this.catchUp());
    this.unlisten = () => listening.unlisten();
    this.timer = setInterval(() => this.tick(), this.pollMs);
    this.timer.unref();
  }

  subscribe(subscriber: ChangeSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** Reads and delivers what is new; concurrent calls share one run (and one more, if asked meanwhile). */
  catchUp(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.catching) {
      this.again = true;
      return this.catching;
    }
    this.catching = (async () => {
      try {
        do {
          this.again = false;
          while (await this.readPage()) {
            // a full page: read on
          }
        } while (this.again && !this.stopped);
      } catch (error) {
        this.log(`store: following the commit log failed (retrying on the next poll): ${error instanceof Error ? error.message : String(error)}`);
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
    const rows = await this.sql<{ id: number; position: number; summary: ChangeSummary }[]>`
      SELECT id, position, summary FROM scim_desk_changes WHERE position > ${this.cursor} ORDER BY position LIMIT ${PAGE}`;
    if (rows.length === 0) return false;
    if (rows[0]!.position !== this.cursor + 1) {
      // Positions have no gaps: what is missing was pruned while this node was away.
      this.cursor = rows[0]!.position - 1;
      for (const subscriber of this.subscribers) this.guarded(() => subscriber.resync());
    }
    const events = await this.sql<(OutboxEvent & { change_id: number })[]>`
      SELECT change_id, pos, event_id AS id, type, timestamp, key, data FROM scim_desk_events
      WHERE change_id IN ${this.sql(rows.map((row) => row.id))} ORDER BY pos`;
    const byChange = new Map<number, OutboxEvent[]>();
    for (const { change_id: changeId, ...event } of events) {
      let list = byChange.get(changeId);
      if (!list) byChange.set(changeId, (list = []));
      list.push(event);
    }
    for (const row of rows) {
      if (this.stopped) return false;
      const change: CommittedChange = { position: row.position, summary: row.summary, events: byChange.get(row.id) ?? [] };
      this.cursor = row.position;
      for (const subscriber of this.subscribers) this.guarded(() => subscriber.change(change));
    }
    return rows.length === PAGE;
  }

  private guarded(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.log(`store: a change subscriber threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
