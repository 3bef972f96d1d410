/**
 * The recent deliveries of one endpoint (the server keeps the last ones in memory), newest first, each with a
 * Retry: an event still owed is tried now, an event already delivered is sent again with the same webhook-id.
 */
import { useState } from 'react';
import type { WebhookDelivery, WebhookRetryResult } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { When } from '../../components/when';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';
import { useInterval } from '../../hooks/use-interval';
import { describeDelivery } from './webhook-text';

const REFRESH_MS = 3_000;
const RETRY_WORDS: Record<WebhookRetryResult['outcome'], string> = {
  retrying: 'The event was still owed: it is being tried now.',
  resent: 'Sent again, with the same webhook-id: a receiver that deduplicates ignores it.',
};

function DeliveryRow({
  webhookId,
  delivery,
  onRetried,
}: {
  webhookId: string;
  delivery: WebhookDelivery;
  onRetried(): void;
}) {
  const { busy, error, run } = useAction();
  const [outcome, setOutcome] = useState<WebhookRetryResult['outcome'] | null>(null);
  const retry = async () => {
    setOutcome(null);
    await run(async () => {
      setOutcome(
        (await call('POST /api/webhooks/:id/deliveries/:deliveryId/retry', { id: webhookId, deliveryId: delivery.id }))
          .outcome,
      );
      onRetried();
    });
  };
  return (
    <tr
      className={delivery.succeeded ? undefined : 'row-danger'}
      data-testid="delivery-row"
      data-event-id={delivery.event_id}
    >
      <td>
        <When iso={delivery.at} />
      </td>
      <td>
        <code>{delivery.event_type}</code>
        <div className="muted small">
          <code className="event-id">{delivery.event_id}</code>
        </div>
      </td>
      <td className="numeric">{delivery.attempt}</td>
      <td className="delivery-result" data-testid="delivery-result">
        {delivery.succeeded ? (
          <span className="badge badge-done">Delivered</span>
        ) : (
          <span className="badge badge-failed">Failed</span>
        )}{' '}
        {describeDelivery(delivery)}
        {delivery.error && delivery.status_code !== null && <div className="small">{delivery.error}</div>}
        {/* The answer's start under its result, not in a column of its own: the table fits a narrow window. */}
        <div className="small">
          Response:{' '}
          {delivery.response_excerpt ? (
            <code className="response-excerpt">{delivery.response_excerpt}</code>
          ) : (
            <span className="muted">(empty)</span>
          )}
        </div>
      </td>
      <td>
        <button
          type="button"
          className="button-small"
          disabled={busy}
          onClick={() => void retry()}
          data-testid="delivery-retry"
          aria-label={`Retry ${delivery.event_type} delivery`}
        >
          Retry
        </button>
        {outcome && (
          <div className="small" data-testid="delivery-retry-outcome">
            {RETRY_WORDS[outcome]}
          </div>
        )}
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
}

export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const deliveries = useApi(
    (signal) => call('GET /api/webhooks/:id/deliveries', { id: webhookId, signal }),
    [webhookId],
  );
  useInterval(deliveries.reload, REFRESH_MS);
  const items = deliveries.data?.items;
  return (
    <div className="webhook-deliveries" data-testid="webhook-deliveries">
      <h3 id={`deliveries-heading-${webhookId}`}>Recent deliveries</h3>
      <ErrorMessage error={deliveries.error} />
      {!items && !deliveries.error && <Loading />}
      {items && items.length === 0 && (
        <EmptyState title="No deliveries yet">
          The endpoint gets the events recorded after it was added; the next change is sent within a second.
        </EmptyState>
      )}
      {items && items.length > 0 && (
        <table className="data-table" aria-labelledby={`deliveries-heading-${webhookId}`}>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col" className="numeric">
                Attempt
              </th>
              <th scope="col">Result and response</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((delivery) => (
              <DeliveryRow key={delivery.id} webhookId={webhookId} delivery={delivery} onRetried={deliveries.reload} />
            ))}
          </tbody>
        </table>
      )}
      {items && items.length > 0 && (
        <p className="muted small">
          The last 200 attempts, newest first. They are kept in memory only: the list starts afresh when SCIM Desk
          restarts.
        </p>
      )}
    </div>
  );
}
