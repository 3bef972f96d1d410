/**
 * The change feed, newest first. The API pages forward from the oldest retained event with an opaque cursor,
 * so the first load reads through to the end (1,000 a page) keeping the newest KEEP, and every refresh asks
 * only for what follows the last cursor.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangeEvent } from '../../../../server/admin/contract';
import { get } from '../../api/client';
import { newestFirst } from './change-summary';

const PAGE = 1000;
export const FEED_KEEP = 1000;

export interface ChangeFeed {
  /** Newest first, at most FEED_KEEP. */
  events: ChangeEvent[];
  /** Older events exist in the feed than the ones kept here. */
  truncated: boolean;
  loading: boolean;
  error: unknown;
  /** When the last successful read finished. */
  checkedAt: Date | null;
  refresh(): void;
}

async function readFrom(
  after: string | undefined,
  signal: AbortSignal,
): Promise<{ arrived: ChangeEvent[]; next: string; dropped: boolean }> {
  const arrived: ChangeEvent[] = [];
  let cursor = after;
  let dropped = false;
  for (;;) {
    const page = await get('GET /api/events', { query: { after: cursor, limit: PAGE }, signal });
    arrived.push(...page.events);
    if (arrived.length > FEED_KEEP) {
      arrived.splice(0, arrived.length - FEED_KEEP);
      dropped = true;
    }
    cursor = page.next;
    if (page.events.length < PAGE) return { arrived, next: page.next, dropped };
  }
}

export function useChangeFeed(): ChangeFeed {
  const [events, setEvents] = useState<ChangeEvent[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const cursor = useRef<string | undefined>(undefined);
  const seen = useRef(0);
  const running = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    if (running.current) return; // one read at a time: the cursor moves only forward
    const controller = new AbortController();
    running.current = controller;
    setLoading(true);
    readFrom(cursor.current, controller.signal)
      .then(
        ({ arrived, next, dropped }) => {
          if (controller.signal.aborted) return;
          cursor.current = next;
          seen.current += arrived.length;
          if (dropped || seen.current > FEED_KEEP) setTruncated(true);
          if (arrived.length > 0) setEvents((shown) => newestFirst(arrived, shown, FEED_KEEP));
          setError(undefined);
          setCheckedAt(new Date());
        },
        (failure: unknown) => {
          if (!controller.signal.aborted) setError(failure);
        },
      )
      .finally(() => {
        if (running.current === controller) running.current = null;
        if (!controller.signal.aborted) setLoading(false);
      });
  }, []);

  useEffect(() => {
    refresh();
    return () => {
      running.current?.abort();
      running.current = null;
    };
  }, [refresh]);

  return { events, truncated, loading, error, checkedAt, refresh };
}
