/**
 * Webhook endpoints as stored (collection `webhooks`), and their delivery progress (collection
 * `webhookProgress`, one document per endpoint, written in batches by the delivery worker). An endpoint gets
 * the events recorded after it was added.
 */
import { randomBytes } from 'node:crypto';
import type { DirectoryStore, DocumentReader } from '../store/directory-store.js';
import type { DocOp } from '../store/doc-ops.js';
import type { OutboxEvent } from '../store/types.js';
import { invalidEventFilter, matchesEventFilter } from './event-types.js';
import type { SealedSecret, SecretBox } from '../secrets/secret-box.js';
import { newWebhookSecret } from './signature.js';
import type { ChangeEvent } from './webhook-types.js';

export interface WebhookDoc {
  id: string;
  url: string;
  /** Type names and `prefix.*` wildcards; empty: every event. */
  events: string[];
  createdAt: string;
  secret: SealedSecret;
  /** Events with pos <= this were recorded before the endpoint existed. */
  startAfter: number;
  /** Set when deliveries kept failing past the retry horizon (or by hand); cleared by enable. */
  disabled: { at: string; reason: string } | null;
}

export interface WebhookProgress {
  /** Every event with pos <= delivered is settled for this endpoint (delivered, or not subscribed). */
  delivered: number;
  /** Positions above `delivered` already delivered (out of order across resources). */
  done: number[];
}

export class WebhookInputError extends Error {
  constructor(
    message: string,
    readonly issues: { field: string; message: string }[],
  ) {
    super(message);
  }
}

export function parseWebhookInput(body: unknown): { url: string; events: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new WebhookInputError('The body must be a JSON object with url and, optionally, events.', []);
  const { url, events, ...rest } = body as Record<string, unknown>;
  const issues: { field: string; message: string }[] = [];
  for (const key of Object.keys(rest)) issues.push({ field: key, message: 'unknown field' });
  let parsed: URL | undefined;
  if (typeof url !== 'string') issues.push({ field: 'url', message: 'must be a string' });
  else {
    try {
      parsed = new URL(url);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
        issues.push({ field: 'url', message: 'must be an http or https URL' });
      // Credentials in a URL are stored, listed and logged like the rest of it; the signature already tells
      // the receiver a delivery is ours.
      else if (parsed.username !== '' || parsed.password !== '') {
        issues.push({
          field: 'url',
          message:
            'must not contain a user name or password (user:password@host): they would be stored and shown in clear; the receiver can check the webhook signature instead',
        });
      }
    } catch {
      issues.push({ field: 'url', message: 'must be an absolute URL' });
    }
  }
  let filter: string[] = [];
  if (events !== undefined) {
    if (!Array.isArray(events) || !events.every((e): e is string => typeof e === 'string'))
      issues.push({ field: 'events', message: 'must be an array of event types' });
    else {
      filter = [...new Set(events.map((e) => e.trim()))];
      for (const entry of filter) {
        const problem = invalidEventFilter(entry);
        if (problem) issues.push({ field: 'events', message: problem });
      }
    }
  }
  if (issues.length > 0) throw new WebhookInputError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
  return { url: parsed!.toString(), events: filter };
}

/** `startAfter`: the feed's last position now (the endpoint gets what happens from here on). */
export function newWebhook(
  input: { url: string; events: string[] },
  box: SecretBox,
  startAfter: number,
  now: Date,
): { doc: WebhookDoc; secret: string } {
  const secret = newWebhookSecret();
  const doc: WebhookDoc = {
    id: `wh_${randomBytes(9).toString('base64url')}`,
    url: input.url,
    events: input.events,
    createdAt: now.toISOString(),
    secret: box.seal(secret),
    startAfter,
    disabled: null,
  };
  return { doc, secret };
}

export const webhooks = (repo: DocumentReader): WebhookDoc[] => repo.listDocs<WebhookDoc>('webhooks');
export const webhook = (repo: DocumentReader, id: string): WebhookDoc | undefined =>
  repo.getDoc<WebhookDoc>('webhooks', id);

export function progressOf(repo: DocumentReader, hook: WebhookDoc): WebhookProgress {
  const stored = repo.getDoc<WebhookProgress>('webhookProgress', hook.id);
  return stored && stored.delivered >= hook.startAfter ? stored : { delivered: hook.startAfter, done: [] };
}

export const putWebhookOp = (doc: WebhookDoc): DocOp => ({ op: 'putDoc', collection: 'webhooks', id: doc.id, doc });
export const putProgressOp = (id: string, progress: WebhookProgress): DocOp => ({
  op: 'putDoc',
  collection: 'webhookProgress',
  id,
  doc: progress,
});

export function removeWebhookOps(repo: DocumentReader, id: string): DocOp[] {
  const ops: DocOp[] = [{ op: 'deleteDoc', collection: 'webhooks', id }];
  if (repo.getDoc('webhookProgress', id) !== undefined)
    ops.push({ op: 'deleteDoc', collection: 'webhookProgress', id });
  return ops;
}

/** Events the endpoint is owed, from its stored progress (what an offline `list` can tell). */
export async function storedBacklog(store: DirectoryStore, repo: DocumentReader, hook: WebhookDoc): Promise<number> {
  const progress = progressOf(repo, hook);
  const done = new Set(progress.done);
  let count = 0;
  let after = progress.delivered;
  for (;;) {
    const batch = await store.eventsAfter(after, 5000);
    if (batch.length === 0) return count;
    for (const event of batch) if (!done.has(event.pos) && matchesEventFilter(hook.events, event.type)) count++;
    after = batch.at(-1)!.pos;
  }
}

/** The event as the feed and the webhooks publish it. */
export function publicEvent(event: OutboxEvent): ChangeEvent {
  return { id: event.id, type: event.type, timestamp: event.timestamp, data: event.data };
}
