/** Webhook endpoints that receive the change feed, signed as Standard Webhooks say (docs/events.md). */
import type { WebhookDelivery, WebhookStatus } from '../../events/webhook-types.js';

export type { WebhookDelivery, WebhookStatus };

export interface WebhookCreateRequest {
  url: string;
  /** Type names and `prefix.*` wildcards (default: every event). */
  events?: string[];
}

export interface WebhookInfo {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  status: WebhookStatus;
  /** Why it was disabled, when it is. */
  disabledReason: string | null;
  lastDelivery: WebhookDelivery | null;
  /** Events it is owed and has not received yet. */
  backlog: number;
}

/** `POST /api/webhooks` → 201: the only answer that carries the signing secret. */
export interface WebhookCreated extends WebhookInfo {
  secret: string;
}

/** `retrying`: the event was still owed and is tried now; `resent`: an already delivered event sent again. */
export interface WebhookRetryResult {
  outcome: 'retrying' | 'resent';
}
