/**
 * A bound on one request: an AbortSignal that fires after `ms` on the given clock. `timedOut` tells a
 * deadline apart from any other abort, whatever error the HTTP library turns the abort into.
 */
import type { Clock } from '../time/clock.js';

export class Deadline {
  private readonly controller = new AbortController();
  private readonly cancel: () => void;
  timedOut = false;

  constructor(
    clock: Clock,
    readonly ms: number,
  ) {
    this.cancel = clock.setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error(`no answer within ${ms} ms`));
    }, ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    this.cancel();
  }
}
