/**
 * Numbers committed transactions into the commit log and their events into the change feed, in commit order.
 *
 * A transaction cannot number itself: a number taken before COMMIT (a bigserial) is not in commit order, since
 * a transaction that took 7 may commit after one that took 8, and a reader that saw 8 would never see 7.
 * Instead a transaction writes its change and events unnumbered, and after it has committed, the sequencer
 * numbers every committed, unnumbered change in one short transaction under an advisory lock (so two
 * sequencers, on any nodes, take turns). READ COMMITTED lets that transaction see exactly what has committed;
 * it numbers those changes by their id. Two transactions on the same resource lock the same row, so the
 * second inserts its change only after the first has committed: it has the higher id and is never visible
 * without the first. Per-resource order is therefore commit order, and a position, once a reader saw it, never
 * gets a smaller one after it. docs/scale-out.md has the whole argument.
 *
 * Any node runs it: after each of its own commits (so its caller's events are numbered when it returns), and
 * on a timer that picks up the commits of a node that died between its COMMIT and its numbering.
 */
import type { Sql } from 'postgres';

export const CHANGES_CHANNEL = 'scim_desk_changes';
const BATCH = 1000;

export class Sequencer {
  private running: Promise<void> | undefined;
  private again = false;
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  constructor(
    private readonly sql: Sql,
    private readonly log: (line: string) => void,
  ) {}

  /** Numbers everything committed before this call; resolves once that is done (runs are shared). */
  kick(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.running) this.again = true;
      else this.running = this.loop();
    });
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        const waiting = this.waiters;
        this.waiters = [];
        try {
          while (await this.numberOnce()) {
            // a full batch: there may be more
          }
          for (const waiter of waiting) waiter.resolve();
        } catch (error) {
          this.log(
            `store: numbering committed changes failed (the next run retries): ${error instanceof Error ? error.message : String(error)}`,
          );
          for (const waiter of waiting) waiter.reject(error);
        }
      } while (this.again || this.waiters.length > 0);
    } finally {
      this.running = undefined;
    }
  }

  /** One numbering transaction; true when it filled a whole batch. */
  private numberOnce(): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext('scim-desk sequencer'))`;
      const [counters] = await tx<
        { last_position: number; last_event_pos: number }[]
      >`SELECT last_position, last_event_pos FROM scim_desk_sequence`;
      const lastPosition = counters!.last_position;
      const changes = await tx<{ position: number }[]>`
        WITH numbered AS (
          SELECT id, ${lastPosition}::bigint + row_number() OVER (ORDER BY id) AS position
          FROM (SELECT id FROM scim_desk_changes WHERE position IS NULL ORDER BY id LIMIT ${BATCH}) AS pending
        )
        UPDATE scim_desk_changes AS c SET position = n.position FROM numbered AS n WHERE c.id = n.id
        RETURNING c.position`;
      if (changes.length === 0) return false;
      const newPosition = Math.max(...changes.map((c) => c.position));
      const events = await tx<{ pos: number }[]>`
        WITH numbered AS (
          SELECT e.change_id, e.seq, ${counters!.last_event_pos}::bigint + row_number() OVER (ORDER BY c.position, e.seq) AS pos
          FROM scim_desk_events AS e JOIN scim_desk_changes AS c ON c.id = e.change_id
          WHERE e.pos IS NULL AND c.position > ${lastPosition}
        )
        UPDATE scim_desk_events AS e SET pos = n.pos FROM numbered AS n WHERE e.change_id = n.change_id AND e.seq = n.seq
        RETURNING e.pos`;
      const newEventPos = events.length === 0 ? counters!.last_event_pos : Math.max(...events.map((e) => e.pos));
      await tx`UPDATE scim_desk_sequence SET last_position = ${newPosition}, last_event_pos = ${newEventPos}`;
      // Delivered when this transaction commits: every node then reads the new changes.
      await tx`SELECT pg_notify(${CHANGES_CHANNEL}, ${String(newPosition)})`;
      return changes.length === BATCH;
    });
  }
}
