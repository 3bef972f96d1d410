/**
 * The setup wizard's evidence when several nodes share one PostgreSQL database
 * (docs/decisions.md#wizard-evidence-shared-by-the-nodes): a load balancer sends Okta's requests to any node,
 * so what one node saw is only part of the evidence. Each node still keeps its own file (its local record,
 * rebuilt from its activity log); the shared evidence is the one the wizard reads.
 *
 * A node buffers the SCIM entries it logs and, at most once per `intervalMs`, folds them into the shared
 * evidence in one transaction that holds the row's lock (SharedEvidenceStore.merge): the counters add up,
 * first and last stay the oldest and newest, the bounded lists keep the newest, and facts that need a sequence
 * (a DELETE after a deactivation) are found across nodes. Two nodes merging at once take turns; neither
 * overwrites the other. A read folds this node's unwritten entries into the shared evidence, so a node's own
 * requests show at once.
 */
import type { ActivityEntry } from './types.js';
import { emptyEvidenceState, WizardEvidence, type WizardEvidenceState } from './wizard-evidence.js';
import { fileOf, parseEvidence } from './wizard-evidence-file.js';

/** Where the shared evidence lives (server/store/postgres/shared-evidence-table.ts). */
export interface SharedEvidenceStore {
  read(): Promise<unknown>;
  /** Writes the value unless there is one already. */
  seed(value: unknown): Promise<void>;
  /** Replaces the value with `fold(current)`, the value locked in between. */
  merge(fold: (current: unknown) => unknown): Promise<void>;
  close(): Promise<void>;
}

export interface SharedWizardEvidenceOptions {
  /** At most one merge per interval while traffic arrives (default 1,000 ms). */
  intervalMs?: number;
  /** Entries kept while the database cannot be written; the oldest go first beyond it (default 10,000). */
  maxPending?: number;
  /** The account whose creation is kept for good (the current admin). */
  watched?: () => string | null;
  onError?: (message: string) => void;
}

export class SharedWizardEvidence {
  private pending: ActivityEntry[] = [];
  /** Merges and reads, one at a time: a read never sees a batch both in the database and still pending. */
  private turns: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private failing = false;
  private readonly intervalMs: number;
  private readonly maxPending: number;
  private readonly watched: () => string | null;
  private readonly onError: (message: string) => void;

  private constructor(
    private readonly store: SharedEvidenceStore,
    options: SharedWizardEvidenceOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.maxPending = options.maxPending ?? 10_000;
    this.watched = options.watched ?? (() => null);
    this.onError = options.onError ?? (() => undefined);
  }

  /**
   * Starts sharing. The first node on a database brings its own evidence along (a data folder moved to
   * PostgreSQL keeps its wizard's progress); every later one finds the shared evidence there.
   */
  static async open(
    store: SharedEvidenceStore,
    local: Readonly<WizardEvidenceState>,
    options: SharedWizardEvidenceOptions = {},
  ): Promise<SharedWizardEvidence> {
    try {
      await store.seed(fileOf({ ...structuredClone(local), watermark: null }));
    } catch (error) {
      await store.close();
      throw error;
    }
    return new SharedWizardEvidence(store, options);
  }

  /** A logged entry: SCIM requests are buffered for the next merge. */
  observe(entry: ActivityEntry): void {
    if (entry.kind !== 'scim' || this.closed) return;
    this.pending.push(entry);
    if (this.pending.length > this.maxPending) this.pending.splice(0, this.pending.length - this.maxPending);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs).unref();
  }

  /** The shared evidence with this node's unwritten entries folded in. */
  read(): Promise<Readonly<WizardEvidenceState>> {
    const read = this.turns.then(async () => this.fold(this.stateOf(await this.store.read()), this.pending));
    this.turns = read.catch(() => undefined);
    return read;
  }

  /** Merges what is pending now. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const merged = this.turns.then(async () => {
      const batch = this.pending;
      if (batch.length === 0) return;
      this.pending = [];
      try {
        await this.store.merge((current) => fileOf(this.fold(this.stateOf(current), batch)));
        if (this.failing) this.onError("The wizard's evidence is shared again.");
        this.failing = false;
      } catch (error) {
        // Kept for the next try, oldest first; beyond the bound the oldest are left out.
        this.pending = [...batch, ...this.pending].slice(-this.maxPending);
        if (!this.failing)
          this.onError(
            `Could not share the wizard's evidence (${error instanceof Error ? error.message : String(error)}); trying again with the next request.`,
          );
        this.failing = true;
      }
    });
    this.turns = merged;
    return merged;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    await this.store.close();
  }

  private fold(state: WizardEvidenceState, entries: readonly ActivityEntry[]): WizardEvidenceState {
    // No watermark: entries of other nodes have ids of their own, in no common order with this node's.
    const evidence = new WizardEvidence({ ...state, watermark: null });
    evidence.watch(this.watched);
    for (const entry of entries) evidence.observe(entry);
    return { ...structuredClone(evidence.current), watermark: null };
  }

  private stateOf(value: unknown): WizardEvidenceState {
    if (value === undefined) return emptyEvidenceState();
    const parsed = parseEvidence(value);
    if (typeof parsed !== 'string' && 'state' in parsed) return parsed.state;
    // A newer node's evidence, or a damaged one: never overwritten with less than it holds.
    throw new Error(
      typeof parsed === 'string'
        ? `the shared wizard evidence cannot be read: ${parsed}`
        : `the shared wizard evidence was written by a newer SCIM Desk (format version ${parsed.version})`,
    );
  }
}
