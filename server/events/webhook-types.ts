/** Events and deliveries as the feed and the webhooks publish them. Types only; the admin contract re-exports them. */

/** One event of the feed, as the feed and the webhooks publish it. */
export interface ChangeEvent {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export type WebhookStatus = 'active' | 'failing' | 'disabled';

export interface WebhookDelivery {
  id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  at: string;
  succeeded: boolean;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_excerpt: string;
}
