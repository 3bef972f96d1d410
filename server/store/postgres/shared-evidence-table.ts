/**
 * The setup wizard's evidence on PostgreSQL (table `scim_desk_wizard_evidence`, one row), shared by every node.
 * What the evidence is made of is the activity side's business (server/activity/shared-wizard-evidence.ts);
 * here it is a JSON value that nodes merge into, never overwrite: `merge` reads the row under a row lock,
 * lets the caller fold its news in, and writes the result in the same transaction, so two nodes merging at
 * once take turns and neither loses the other's part.
 *
 * A connection of its own (one, closed when idle): the evidence is written at most once a second per node
 * and read when the wizard asks, never on the SCIM request path.
 */
import postgres, { type Sql } from 'postgres';
import { toStoreError, withDeadline } from './errors.js';

export interface SharedEvidenceTableOptions {
  /** A read's or a merge's bound (default 5,000 ms). */
  timeoutMs?: number;
  connectTimeoutSeconds?: number;
}

export class SharedEvidenceTable {
  private readonly sql: Sql;
  private readonly timeoutMs: number;

  constructor(url: string, options: SharedEvidenceTableOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.sql = postgres(url, {
      max: 1,
      connect_timeout: options.connectTimeoutSeconds ?? 5,
      fetch_types: false,
      idle_timeout: 30,
      onnotice: () => undefined,
      connection: {
        application_name: 'scim-desk',
        statement_timeout: this.timeoutMs,
        idle_in_transaction_session_timeout: this.timeoutMs,
      },
    });
  }

  /** The shared value (undefined before any node wrote one). */
  async read(): Promise<unknown> {
    const rows = await this.bounded(
      this.sql<{ evidence: unknown }[]>`SELECT evidence FROM scim_desk_wizard_evidence`,
      'reading the wizard evidence',
    );
    return rows[0]?.evidence ?? undefined;
  }

  /** Writes `value` unless some node wrote one already (a first node seeds the evidence it brings along). */
  async seed(value: unknown): Promise<void> {
    await this.bounded(
      this.sql`INSERT INTO scim_desk_wizard_evidence (evidence) VALUES (${this.sql.json(value as never)})
               ON CONFLICT (singleton) DO NOTHING`,
      'seeding the wizard evidence',
    );
  }

  /** Replaces the shared value with `fold(current)`, with the row locked in between. */
  async merge(fold: (current: unknown) => unknown): Promise<void> {
    await this.bounded(
      this.sql.begin(async (tx) => {
        // The row exists before it is locked: two first merges must not both insert (the second would win).
        await tx`INSERT INTO scim_desk_wizard_evidence (evidence) VALUES ('null'::jsonb) ON CONFLICT (singleton) DO NOTHING`;
        const [row] = await tx<{ evidence: unknown }[]>`SELECT evidence FROM scim_desk_wizard_evidence FOR UPDATE`;
        const next = fold(row?.evidence ?? undefined);
        await tx`UPDATE scim_desk_wizard_evidence SET evidence = ${tx.json(next as never)}, updated_at = now()`;
      }),
      'merging into the wizard evidence',
    );
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 2 }).catch(() => undefined);
  }

  private async bounded<T>(work: Promise<T>, what: string): Promise<T> {
    try {
      return await withDeadline(work, this.timeoutMs, `while ${what}`);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
