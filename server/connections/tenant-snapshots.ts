/**
 * One snapshot of the connected Okta org and Clumio account per data folder, shared by everything that needs
 * their facts (the connections' status, the real-account rules, the lock-out alarm, the checklist): read on
 * demand and, in a running server, on a slow interval while a connection exists, with concurrent asks joining
 * the one read in flight. A connection that changes drops the snapshot read through the old one, and a
 * running server reads again at once. Each item of the snapshot carries its evidence (which call said what,
 * when); `current()` answers without any request.
 */
import { readTenantSnapshot } from '../tenants/facts/read-snapshot.js';
import { SnapshotCache } from '../tenants/facts/snapshot-cache.js';
import type { TenantSnapshot } from '../tenants/facts/tenant-snapshot.js';
import type { Clock } from '../time/clock.js';
import type { ConnectionsService } from './connections-service.js';

export interface TenantSnapshotsOptions {
  connections: ConnectionsService;
  /** The admin's own Okta login (the settings' current admin), read at each read. */
  adminLogin: () => string | null;
  clock: Clock;
  /** Between reads while started (default 5 minutes). */
  refreshEveryMs?: number;
  /** Requests in flight per service at most (default 4). */
  concurrency?: number;
  /** Told when a read failed as a whole (not a refused call: those are part of the snapshot). */
  onError?: (message: string) => void;
}

export class TenantSnapshots {
  private readonly cache: SnapshotCache<TenantSnapshot>;
  private running = false;
  private readonly stopListening: () => void;

  constructor(private readonly options: TenantSnapshotsOptions) {
    this.cache = new SnapshotCache({
      read: () => this.read(),
      clock: options.clock,
      ...(options.refreshEveryMs !== undefined ? { refreshEveryMs: options.refreshEveryMs } : {}),
      onError: (error) =>
        options.onError?.(
          `reading the Okta org and the Clumio account failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
    this.stopListening = options.connections.onChange(() => this.connectionChanged());
  }

  /** Whether anything is connected. */
  connected(): boolean {
    return this.options.connections.oktaConnection() !== null || this.options.connections.clumioConnection() !== null;
  }

  /** The latest snapshot without reading (null before the first read or after a connection changed). */
  current(): TenantSnapshot | null {
    return this.cache.current()?.value ?? null;
  }

  /** A read is under way. */
  reading(): boolean {
    return this.cache.pending() !== null;
  }

  /** The latest snapshot when younger than `maxAgeMs` (default: any age), else a fresh read. */
  get(maxAgeMs?: number): Promise<TenantSnapshot> {
    return this.cache.get(maxAgeMs);
  }

  /** Reads now (or joins the read in flight). */
  refresh(): Promise<TenantSnapshot> {
    return this.cache.refresh();
  }

  /** Replaces part of the latest snapshot with what was just read again (an apply's fresh rules). */
  update(change: (snapshot: TenantSnapshot) => TenantSnapshot): void {
    this.cache.update(change);
  }

  /** Forgets the snapshot (what it holds may be stale): the next `get` reads everything again. */
  forget(): void {
    this.cache.invalidate();
  }

  /** A running server: reads on the interval while a connection exists (the first read at once). */
  start(): void {
    this.running = true;
    if (this.connected()) this.cache.start(true);
  }

  stop(): void {
    this.running = false;
    this.cache.stop();
  }

  close(): void {
    this.stop();
    this.stopListening();
  }

  private connectionChanged(): void {
    this.cache.invalidate();
    if (!this.running) return;
    if (!this.connected()) {
      this.cache.stop();
      return;
    }
    this.cache.start();
    this.cache.refresh().catch(() => {}); // onError has it; the interval tries again
  }

  private async read(): Promise<TenantSnapshot> {
    const [okta, clumio] = await Promise.all([
      this.options.connections.oktaClient(),
      this.options.connections.clumioClient(),
    ]);
    return readTenantSnapshot({
      okta: okta && okta.appId !== null ? { client: okta.client, appId: okta.appId } : null,
      clumio: clumio ? { client: clumio } : null,
      adminLogin: this.options.adminLogin(),
      clock: this.options.clock,
      ...(this.options.concurrency !== undefined ? { concurrency: this.options.concurrency } : {}),
    });
  }
}
