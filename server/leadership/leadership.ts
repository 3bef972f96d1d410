/**
 * Which node runs the jobs that must run once for the whole deployment, not once per node: webhook delivery,
 * the change feed's retention, and telling access changes (docs/scale-out.md, "One leader"). On the embedded
 * store there is one process, so it always leads; on PostgreSQL the node holding a session-level advisory
 * lock leads (postgres-leadership.ts) and the others stand by.
 *
 * A job is started when the node takes the lead and stopped the moment it loses it: `stop` must make the job
 * stop acting as the leader before it returns (its awaited part only finishes up).
 */

export interface LeaderJob {
  /** For log lines. */
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export interface Leadership {
  /** Whether this node leads now. */
  readonly leading: boolean;
  /** Runs `job` whenever this node leads (at once, if it leads now); returns its removal (which stops it). */
  run(job: LeaderJob): () => Promise<void>;
  /** Resolves once the jobs have started (or stopped) as far as this node leads now. */
  settled(): Promise<void>;
  /** Stops every job and gives the lead up (another node takes it within its retry interval). */
  close(): Promise<void>;
}

/**
 * The jobs of one node and the transitions between leading and standing by. Transitions run one after the
 * other; `leading` itself changes at once, and so does each job's stopping.
 */
export class LeaderJobs {
  private readonly jobs = new Set<LeaderJob>();
  private readonly started = new Set<LeaderJob>();
  private isLeading = false;
  private turns: Promise<void> = Promise.resolve();

  constructor(private readonly log: (line: string) => void) {}

  get leading(): boolean {
    return this.isLeading;
  }

  run(job: LeaderJob): () => Promise<void> {
    this.jobs.add(job);
    if (this.isLeading) this.turns = this.turns.then(() => this.startJob(job));
    return async () => {
      this.jobs.delete(job);
      await this.stopJob(job);
    };
  }

  settled(): Promise<void> {
    return this.turns;
  }

  /** This node leads from now on: every job starts (one after the other, in the order they were added). */
  lead(): Promise<void> {
    if (this.isLeading) return this.turns;
    this.isLeading = true;
    this.turns = this.turns.then(async () => {
      for (const job of this.jobs) {
        if (!this.isLeading) return;
        await this.startJob(job);
      }
    });
    return this.turns;
  }

  /** This node no longer leads: every job is stopped now (newest first); resolves once they have finished. */
  standDown(): Promise<void> {
    if (!this.isLeading) return this.turns;
    this.isLeading = false;
    const stopping = [...this.started].reverse().map((job) => this.stopJob(job));
    this.turns = this.turns.then(() => Promise.all(stopping)).then(() => undefined);
    return this.turns;
  }

  private async startJob(job: LeaderJob): Promise<void> {
    if (!this.isLeading || this.started.has(job) || !this.jobs.has(job)) return;
    this.started.add(job);
    try {
      await job.start();
    } catch (error) {
      this.log(`leader: ${job.name} could not start: ${messageOf(error)}`);
    }
  }

  private async stopJob(job: LeaderJob): Promise<void> {
    if (!this.started.delete(job)) return;
    try {
      await job.stop();
    } catch (error) {
      this.log(`leader: ${job.name} did not stop cleanly: ${messageOf(error)}`);
    }
  }
}

/** One process is the whole deployment (the embedded store): it leads from the start and never stops leading. */
export function alwaysLeading(log: (line: string) => void): Leadership {
  const jobs = new LeaderJobs(log);
  void jobs.lead();
  return {
    get leading() {
      return jobs.leading;
    },
    run: (job) => jobs.run(job),
    settled: () => jobs.settled(),
    close: () => jobs.standDown(),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
