/**
 * `/api/webhooks`: endpoints that receive the change feed, signed as Standard Webhooks say (docs/events.md).
 * The secret is in the creation answer only; it is stored encrypted with the data folder's own key.
 * Without a running server (the CLI's offline API) endpoints are managed but nothing is delivered. With
 * several nodes on one database, the leading node delivers: it alone knows the attempts and the live status;
 * another node answers from what is stored (status, backlog) and leaves a retry to the leader.
 */
import type { AdminServices } from '../admin-services.js';
import type { DeliveryWorker } from '../../events/delivery-worker.js';
import {
  newWebhook,
  parseWebhookInput,
  putWebhookOp,
  removeWebhookOps,
  storedBacklog,
  webhook,
  webhooks,
  type WebhookDoc,
} from '../../events/webhook-endpoints.js';
import { logAdminChange } from '../../activity/admin-changes.js';
import { AdminError, notFound } from '../admin-error.js';
import type { WebhookInfo } from '../contract.js';
import { AdminRouter, created, accepted, noContent } from '../typed-router.js';
import { writeDocs } from '../../store/doc-ops.js';

const RESOURCE = (hook: WebhookDoc) => ({ type: 'Webhook' as const, id: hook.id, name: hook.url });

export function webhooksRouter(
  services: AdminServices,
  running: { current(): DeliveryWorker | undefined } | undefined,
) {
  const { store, documents, activity } = services;
  const api = new AdminRouter();

  const info = async (hook: WebhookDoc): Promise<WebhookInfo> => {
    const live = await running?.current()?.status(hook.id);
    return {
      id: hook.id,
      url: hook.url,
      events: hook.events,
      createdAt: hook.createdAt,
      status: hook.disabled ? 'disabled' : (live?.status ?? 'active'),
      disabledReason: hook.disabled?.reason ?? null,
      lastDelivery: live?.lastDelivery ?? null,
      backlog: live?.backlog ?? (await storedBacklog(store, documents, hook)),
    };
  };
  const found = (id: string): WebhookDoc => {
    const hook = webhook(documents, id);
    if (!hook) throw notFound(`No webhook endpoint "${id}".`);
    return hook;
  };

  api.on('GET /api/webhooks', async () => {
    const items = await Promise.all(
      webhooks(documents)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map(info),
    );
    return { items };
  });

  api.on('POST /api/webhooks', async (req) => {
    const input = parseWebhookInput(req.body);
    const { doc, secret } = newWebhook(input, await services.secrets(), (await store.eventBounds()).last, new Date());
    await writeDocs(store, [putWebhookOp(doc)]);
    logAdminChange(
      activity,
      'webhook.created',
      `Webhook endpoint ${doc.url} added (${doc.events.length > 0 ? doc.events.join(', ') : 'every event'}).`,
      RESOURCE(doc),
    );
    return created({ ...(await info(doc)), secret });
  });

  api.on('DELETE /api/webhooks/:id', async (req) => {
    const hook = found(req.params.id);
    await writeDocs(store, removeWebhookOps(documents, hook.id));
    logAdminChange(activity, 'webhook.deleted', `Webhook endpoint ${hook.url} removed.`, RESOURCE(hook));
    return noContent;
  });

  api.on('GET /api/webhooks/:id/deliveries', (req) => {
    const hook = found(req.params.id);
    return { items: [...(running?.current()?.deliveries(hook.id) ?? [])] };
  });

  api.on('POST /api/webhooks/:id/deliveries/:deliveryId/retry', async (req) => {
    const hook = found(req.params.id);
    if (!running)
      throw new AdminError({
        code: 'not_running',
        message: 'No server is running on this data folder: nothing can be delivered.',
      });
    const delivery = running.current();
    if (!delivery)
      throw new AdminError({
        code: 'not_running',
        message:
          'This node does not deliver webhooks now: another node on the database leads and delivers them. Retry from that node.',
      });
    const outcome = await delivery.retry(hook.id, req.params.deliveryId);
    if (!outcome)
      throw notFound(`No delivery "${req.params.deliveryId}" of this endpoint whose event is still in the feed.`);
    return accepted({ outcome });
  });

  api.on('POST /api/webhooks/:id/enable', async (req) => {
    const hook = found(req.params.id);
    const delivery = running?.current();
    if (delivery) await delivery.enable(hook.id);
    else if (hook.disabled) await writeDocs(store, [putWebhookOp({ ...hook, disabled: null })]);
    logAdminChange(activity, 'webhook.enabled', `Webhook endpoint ${hook.url} enabled.`, RESOURCE(hook));
    return await info(found(hook.id));
  });
  return api.router;
}
