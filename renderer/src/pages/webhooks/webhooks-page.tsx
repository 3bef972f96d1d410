/**
 * Webhooks (docs/events.md): endpoints that receive the change feed, signed per Standard Webhooks. Add one (its
 * secret is shown once), watch its status, backlog and deliveries, retry a delivery, enable or remove it.
 */
import { useState } from 'react';
import type { WebhookCreated } from '../../../../server/admin/contract';
import { get } from '../../api/client';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { useApi } from '../../hooks/use-api';
import { useInterval } from '../../hooks/use-interval';
import { href } from '../../router/routes';
import { AddWebhookForm } from './add-webhook-form';
import { WebhookItem } from './webhook-item';
import { WebhookSecret } from './webhook-secret';

/** Status, backlog and last delivery change as deliveries happen; the list follows every few seconds. */
const REFRESH_MS = 3_000;

export function WebhooksPage() {
  const hooks = useApi((signal) => get('GET /api/webhooks', { signal }), []);
  useInterval(hooks.reload, REFRESH_MS);
  // The one place a webhook secret exists in the UI; "Done" or leaving the page drops it.
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const items = hooks.data?.items;
  return (
    <>
      <h1>Webhooks</h1>
      <p className="lead">
        SCIM Desk sends every change of the directory and of access (the{' '}
        <a href={href({ page: 'activity', view: 'feed' })}>change feed</a>) to these endpoints as signed HTTP POSTs. A
        failed delivery is retried with growing pauses; an endpoint that fails through the whole schedule is disabled
        until you enable it.
      </p>
      <section className="card" aria-labelledby="add-webhook-heading">
        <h2 id="add-webhook-heading">Add endpoint</h2>
        {created ? (
          <WebhookSecret created={created} onDone={() => setCreated(null)} />
        ) : (
          <AddWebhookForm
            onAdded={(result) => {
              setCreated(result);
              hooks.reload();
            }}
          />
        )}
      </section>
      <section aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Endpoints</h2>
        <ErrorMessage error={hooks.error} />
        {!items && !hooks.error && <Loading />}
        {items && items.length === 0 && (
          <EmptyState title="No endpoints yet">Add one above; it gets the events recorded from then on.</EmptyState>
        )}
        {items && items.length > 0 && (
          <ul className="webhook-list" aria-label="Webhook endpoints" data-testid="webhook-list">
            {items.map((hook) => (
              <WebhookItem key={hook.id} hook={hook} onChanged={hooks.reload} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
