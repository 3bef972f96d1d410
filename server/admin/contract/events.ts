/** The change feed (docs/events.md): events in commit order, paged by an opaque cursor. */
import type { ChangeEvent } from '../../events/webhook-types.js';

export type { ChangeEvent };

/** `GET /api/events?after=CURSOR&limit=N` (limit 1-1000, default 100; no `after`: from the oldest retained). */
export interface EventFeedQuery {
  after?: string;
  limit?: number;
}
/** `next` is the cursor to pass as `after` to get what follows (the same one when nothing new arrived). */
export interface EventFeedPage {
  events: ChangeEvent[];
  next: string;
}
