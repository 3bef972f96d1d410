/**
 * `GET /api/events?after=CURSOR&limit=N`: the change feed in commit order (docs/events.md). A cursor is
 * opaque to clients (today: the event's position); `next` continues where the page ended, and is the same
 * cursor again when nothing new has arrived, so a client polls with it.
 */
import type { DirectoryStore } from '../../store/directory-store.js';
import { publicEvent } from '../../events/webhook-endpoints.js';
import { invalidQuery } from '../admin-error.js';
import { AdminRouter } from '../typed-router.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

export function parseCursor(value: unknown): number {
  if (value === undefined || value === '') return -1;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value))
    throw invalidQuery('after', 'must be a cursor from a previous page (its "next")');
  return Number(value);
}

export function eventsRouter(store: Pick<DirectoryStore, 'eventBounds' | 'eventsAfter'>) {
  const api = new AdminRouter();
  api.on('GET /api/events', async (req) => {
    const after = parseCursor(req.query.after);
    let limit = DEFAULT_LIMIT;
    if (req.query.limit !== undefined) {
      limit = Number(req.query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
        throw invalidQuery('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
    }
    // The store's feed holds only events whose change is durable: what the feed shows has happened.
    const { first, last } = await store.eventBounds();
    // No cursor: from the oldest retained event. A cursor older than the retention window: from the oldest too.
    const from = after < 0 ? Math.max(0, first - 1) : after;
    const events = await store.eventsAfter(from, limit);
    const next = events.length > 0 ? String(events.at(-1)!.pos) : String(after < 0 ? Math.max(from, last) : from);
    return { events: events.map(publicEvent), next };
  });
  return api.router;
}
