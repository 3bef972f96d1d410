/**
 * Owns the in-process server core for the desktop shell: start, stop (tray "Stop endpoint", quit) and
 * start again. No Electron here, so it stays a plain object with a plain lifecycle.
 *
 * A restart reuses the ports and the admin token of the first run, so the SCIM URL pasted into Okta and
 * the admin origin the window trusts stay the same. If another program took a port meanwhile, the start
 * fails with the core's message (status `failed`) rather than moving Okta's URL silently.
 */
import type { RunningScimDesk, ScimDeskOptions } from '../server/core/types.js';

export type StartScimDesk = (options: ScimDeskOptions) => Promise<RunningScimDesk>;

export type EndpointStatus =
  | { state: 'stopped' }
  | { state: 'starting' }
  | { state: 'running'; scimUrl: string; adminOrigin: string }
  | { state: 'stopping' }
  | { state: 'failed'; reason: string };

export class EndpointController {
  #running: RunningScimDesk | null = null;
  #status: EndpointStatus = { state: 'stopped' };
  #options: ScimDeskOptions;
  #lastAdminOrigin: string | null = null;
  #transition: Promise<unknown> = Promise.resolve();
  readonly #listeners = new Set<(status: EndpointStatus) => void>();

  constructor(
    private readonly startCore: StartScimDesk,
    options: ScimDeskOptions,
  ) {
    this.#options = { ...options };
  }

  get status(): EndpointStatus {
    return this.#status;
  }

  /** The running core, or null while stopped. */
  get running(): RunningScimDesk | null {
    return this.#running;
  }

  /** Origin of the admin listener the window may show; kept while stopped so the guards still know it. */
  get adminOrigin(): string | null {
    return this.#lastAdminOrigin;
  }

  onChange(listener: (status: EndpointStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts the core if it is not running. Rejects (status `failed`) when the core cannot start. */
  start(): Promise<RunningScimDesk> {
    return this.#serialise(async () => {
      if (this.#running) return this.#running;
      this.#setStatus({ state: 'starting' });
      try {
        const running = await this.startCore(this.#options);
        this.#running = running;
        this.#lastAdminOrigin = running.adminOrigin;
        this.#options = { ...this.#options, ...sameAddressOptions(running) };
        this.#setStatus({ state: 'running', scimUrl: running.scimUrl, adminOrigin: running.adminOrigin });
        return running;
      } catch (error) {
        this.#setStatus({ state: 'failed', reason: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    });
  }

  /** Stops the core and waits for pending writes; a no-op while stopped. */
  stop(): Promise<void> {
    return this.#serialise(async () => {
      const running = this.#running;
      if (!running) return;
      this.#setStatus({ state: 'stopping' });
      try {
        await running.stop();
      } finally {
        this.#running = null;
        this.#setStatus({ state: 'stopped' });
      }
    });
  }

  // Start and stop never overlap: a click on "Stop" during a start waits for the start to finish.
  #serialise<T>(step: () => Promise<T>): Promise<T> {
    const next = this.#transition.then(step, step);
    this.#transition = next.catch(() => undefined);
    return next;
  }

  #setStatus(status: EndpointStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }
}

/** The options that make the next start answer on the same URLs with the same admin token. */
function sameAddressOptions(running: RunningScimDesk): Partial<ScimDeskOptions> {
  return {
    scimPort: Number(new URL(running.scimUrl).port),
    adminPort: Number(new URL(running.adminOrigin).port),
    adminToken: running.adminToken,
  };
}
