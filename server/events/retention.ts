/**
 * The change feed's retention (docs/events.md): the newest `keep` events (default 10,000) stay in the feed;
 * events a webhook endpoint that still delivers is owed stay too, up to `keepOwed` (default 200,000) behind
 * the newest. Older ones are dropped by a `pruneEvents` op, checked every `intervalMs`.
 */
import { errorMessage } from '../store/durable-fs.js';
import type { DirectoryStore } from '../store/directory-store.js';

export interface RetentionOptions {
  keep?: number;
  keepOwed?: number;
  intervalMs?: number;
  /** The lowest pos an endpoint still delivering has settled (undefined: none is). */
  lowestOwed?: () => number | undefined;
  log?: (line: string) => void;
}

export const DEFAULT_FEED_RETENTION = 10_000;

/** The pos through which events may go, or undefined when nothing may. */
export function pruneThrough(
  bounds: { first: number; last: number },
  keep: number,
  keepOwed: number,
  owed: number | undefined,
): number | undefined {
  if (bounds.first === 0) return undefined;
  let through = bounds.last - keep;
  if (owed !== undefined) through = Math.max(Math.min(through, owed), bounds.last - keepOwed);
  return through >= bounds.first ? through : undefined;
}

export function startRetention(
  store: Pick<DirectoryStore, 'eventBounds' | 'pruneEvents'>,
  options: RetentionOptions = {},
): () => void {
  const keep = options.keep ?? DEFAULT_FEED_RETENTION;
  const keepOwed = options.keepOwed ?? 200_000;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    store
      .eventBounds()
      .then((bounds) => {
        const through = pruneThrough(bounds, keep, keepOwed, options.lowestOwed?.());
        return through === undefined ? undefined : store.pruneEvents(through);
      })
      .catch((error: unknown) => options.log?.(`events: pruning the feed failed: ${errorMessage(error)}`))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs ?? 5_000);
  timer.unref();
  return () => clearInterval(timer);
}
