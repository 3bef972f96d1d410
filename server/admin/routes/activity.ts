/**
 * `GET /api/activity` (newest first, paged by event id) and `GET /api/activity/stream` (Server-Sent
 * Events: `event: activity`, `id:` the event id, `: ping` comments to keep proxies and the browser from
 * timing out; `Last-Event-ID` replays what was missed while the browser reconnected).
 */
import type { ActivityLog } from '../../activity/activity-log.js';
import type { ActivityEntry } from '../../activity/types.js';
import {
  LOG_KIND,
  activityEventJson,
  matchesFilter,
  toActivityEvent,
  type ActivityFilter,
} from '../activity-events.js';
import {
  ACTIVITY_SSE_EVENT,
  type ActivityEvent,
  type ActivityKind,
  type ActivityPage,
  type ActivityResourceType,
} from '../contract.js';
import { enumParam, integerParam, stringParam } from '../query.js';
import { AdminRouter, jsonText } from '../typed-router.js';

const KINDS: readonly ActivityKind[] = ['scim_request', 'access_change', 'admin_change'];
const RESOURCES: readonly ActivityResourceType[] = ['User', 'Group', 'Rule', 'OrganizationalUnit', 'Token', 'Setting'];
const MAX_LIMIT = 1000;
const SCAN_PAGE = 1000;
/** At most this many missed events are replayed on reconnect; older ones are on the paged list. */
const MAX_REPLAY = 1000;

export interface ActivityRouterOptions {
  /** Interval of `: ping` comments (default 15 s). */
  keepAliveMs?: number;
  /** Ends open streams when the server stops, so shutdown does not wait for browsers. */
  shutdown?: AbortSignal;
}

function sseFrame(event: ActivityEvent): string {
  return `id: ${event.id}\nevent: ${ACTIVITY_SSE_EVENT}\ndata: ${activityEventJson(event)}\n\n`;
}

export function activityRouter(log: ActivityLog, options: ActivityRouterOptions = {}) {
  const api = new AdminRouter();
  const keepAliveMs = options.keepAliveMs ?? 15_000;

  api.on('GET /api/activity', async (req) => {
    const kind = enumParam(req, 'kind', KINDS);
    const filter: ActivityFilter = {
      ...(kind ? { kind } : {}),
      ...optional('status', enumParam(req, 'status', ['ok', 'failed'] as const)),
      ...optional('resource', enumParam(req, 'resource', RESOURCES)),
      ...optional('resourceId', stringParam(req, 'resourceId')),
    };
    const search = stringParam(req, 'q');
    const limit = integerParam(req, 'limit', { min: 1, max: MAX_LIMIT, fallback: 100 });
    // The log filters kind and text; the rest is the API's own vocabulary, filtered here while scanning back
    // (past the in-memory window, the log reads the older pages from its files).
    // Each event is serialized on its own (activityEventJson), so one that cannot be never fails the page.
    const items: string[] = [];
    let lastId = '';
    let cursor = stringParam(req, 'before');
    let more = false;
    scan: for (;;) {
      const page = await log.page({
        ...(kind ? { kind: LOG_KIND[kind] } : {}),
        ...(search ? { search } : {}),
        ...(cursor ? { before: cursor } : {}),
        limit: SCAN_PAGE,
      });
      for (const entry of page.entries) {
        const event = toActivityEvent(entry);
        if (!matchesFilter(event, filter)) continue;
        if (items.length === limit) {
          more = true;
          break scan;
        }
        items.push(activityEventJson(event));
        lastId = event.id;
      }
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    const nextBefore: ActivityPage['nextBefore'] = more ? lastId : null;
    return jsonText<ActivityPage>(`{"items":[${items.join(',')}],"nextBefore":${JSON.stringify(nextBefore)}}`);
  });

  api.stream('GET /api/activity/stream', (req, res) => {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n: connected\n\n');

    const lastEventId = req.get('Last-Event-ID');
    if (lastEventId) {
      const missed: ActivityEntry[] = [];
      for (const entry of log.entries()) if (entry.id > lastEventId) missed.push(entry);
      for (const entry of missed.slice(-MAX_REPLAY)) res.write(sseFrame(toActivityEvent(log.get(entry.id) ?? entry)));
    }

    const unsubscribe = log.subscribe((entry) => res.write(sseFrame(toActivityEvent(entry))));
    const ping = setInterval(() => res.write(': ping\n\n'), keepAliveMs);
    const end = () => {
      clearInterval(ping);
      unsubscribe();
      options.shutdown?.removeEventListener('abort', end);
      if (!res.writableEnded) res.end();
    };
    req.on('close', end);
    if (options.shutdown?.aborted) end();
    else options.shutdown?.addEventListener('abort', end);
  });
  return api.router;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
