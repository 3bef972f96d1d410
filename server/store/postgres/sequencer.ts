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
 * A run is one statement, `scim_desk_number_changes` (./migrations.ts): one round trip, which also answers the
 * positions of the changes its callers committed. Callers that arrive while a run is under way share the next.
 *
 * Any node runs it: right after each of its own commits (the statement goes out with the COMMIT, so its
 * caller's events are numbered when it returns), and on a timer that picks up the commits of a node that
 * died between its COMMIT and its numbering. `kick` runs it from this process, sharing a run among callers.
 */
import type { Sql } from 'postgres';

export const CHANGES_CHANNEL = 'scim_desk_changes';
/** Changes one run numbers at most (a full batch runs again). */
export const SEQUENCER_BATCH = 1000;

interface Waiter {
  changeId: number | undefined;
  resolve: (position: number | undefined) => void;
  reject: (error: unknown) => void;
}

export class Sequencer {
  private running: Promise<void> | undefined;
  private waiters: Waiter[] = [];

  constructor(
    private readonly sql: Sql,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Numbers everything committed before this call; resolves once that is done (runs are shared), with the
   * position of `changeId` (undefined when it is not in the log any more, or none was asked for).
   */
  kick(changeId?: number): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ changeId, resolve, reject });
      this.running ??= this.loop();
    });
  }

  private async loop(): Promise<void> {
    try {
      while (this.waiters.length > 0) {
        const waiting = this.waiters;
        this.waiters = [];
        const wanted = waiting.flatMap((waiter) => (waiter.changeId === undefined ? [] : [waiter.changeId]));
        try {
          let positions: Record<string, number> = {};
          for (;;) {
            const run = await this.numberOnce(wanted);
            positions = { ...positions, ...run.positions };
            if (!run.full) break; // a full batch: there may be more
          }
          for (const waiter of waiting)
            waiter.resolve(waiter.changeId === undefined ? undefined : positions[String(waiter.changeId)]);
        } catch (error) {
          this.log(
            `store: numbering committed changes failed (the next run retries): ${error instanceof Error ? error.message : String(error)}`,
          );
          for (const waiter of waiting) waiter.reject(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  /** One numbering transaction: whether it filled a whole batch, and the positions of `wanted`. */
  private async numberOnce(wanted: number[]): Promise<{ full: boolean; positions: Record<string, number> }> {
    const [row] = await this.sql<{ result: { full: boolean; positions: Record<string, number> } }[]>`
      SELECT scim_desk_number_changes(${SEQUENCER_BATCH}::integer, ${wanted}::bigint[]) AS result`;
    return row!.result;
  }
}
