/**
 * The live activity feed over SSE. EventSource cannot send headers, so the admin token travels as the
 * `access_token` query parameter, which the server accepts on this one route only.
 */
import type { ActivityEvent } from '../../../server/admin/contract';
import { ACTIVITY_SSE_EVENT, API_ROUTES, STREAM_TOKEN_PARAM } from '../../../server/admin/contract';
import { get } from './client';
import { adminToken } from './session';

/** `stopped`: the server answered with something other than the stream (a 401 for a rejected session), so the
 * browser does not try again. */
export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

export function openActivityStream(
  onEvent: (event: ActivityEvent) => void,
  onState: (state: StreamState) => void,
): () => void {
  const params = new URLSearchParams({ [STREAM_TOKEN_PARAM]: adminToken() ?? '' });
  const source = new EventSource(`${API_ROUTES.activityStream}?${params.toString()}`);
  onState('connecting');
  source.onopen = () => onState('live');
  source.onerror = () => {
    // While the server is unreachable EventSource reconnects by itself (sending Last-Event-ID). An answer that is
    // not a stream, such as a 401, ends it for good: report that, and ask the API once so that a rejected session
    // shows its one banner (EventSource cannot see the status).
    if (source.readyState === EventSource.CLOSED) {
      onState('stopped');
      get('GET /api/status').catch(() => {});
    } else onState('reconnecting');
  };
  source.addEventListener(ACTIVITY_SSE_EVENT, (message) => {
    try {
      onEvent(JSON.parse((message as MessageEvent<string>).data) as ActivityEvent);
    } catch {
      // A malformed event is dropped rather than breaking the feed.
    }
  });
  return () => source.close();
}
