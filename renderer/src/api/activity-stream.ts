/**
 * The live activity feed over SSE. EventSource cannot send headers, so the admin token travels as the
 * `access_token` query parameter, which the server accepts on this one route only.
 */
import type { ActivityEvent } from '../../../server/admin/contract';
import { ACTIVITY_SSE_EVENT, API_ROUTES, STREAM_TOKEN_PARAM } from '../../../server/admin/contract';
import { adminToken } from './session';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

export function openActivityStream(
  onEvent: (event: ActivityEvent) => void,
  onState: (state: StreamState) => void,
): () => void {
  const params = new URLSearchParams({ [STREAM_TOKEN_PARAM]: adminToken() ?? '' });
  const source = new EventSource(`${API_ROUTES.activityStream}?${params.toString()}`);
  onState('connecting');
  source.onopen = () => onState('live');
  // EventSource reconnects by itself (sending Last-Event-ID); we only report it.
  source.onerror = () => onState('reconnecting');
  source.addEventListener(ACTIVITY_SSE_EVENT, (message) => {
    try {
      onEvent(JSON.parse((message as MessageEvent<string>).data) as ActivityEvent);
    } catch {
      // A malformed event is dropped rather than breaking the feed.
    }
  });
  return () => source.close();
}
