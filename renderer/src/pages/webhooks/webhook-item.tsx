/** One webhook endpoint: its status, backlog and last delivery, with Deliveries, Enable and Remove. */
import { useState } from 'react';
import type { WebhookInfo } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { When } from '../../components/when';
import { useAction } from '../../hooks/use-action';
import { count } from '../../text/count';
import { WebhookDeliveries } from './webhook-deliveries';
import { STATUS_WORDS, describeDelivery, describeFilter } from './webhook-text';

export function WebhookItem({ hook, onChanged }: { hook: WebhookInfo; onChanged(): void }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const status = STATUS_WORDS[hook.status];
  const last = hook.lastDelivery;

  const act = async (action: () => Promise<unknown>) => {
    const done = await run(async () => {
      await action();
      onChanged();
    });
    if (!done) setConfirming(false);
  };

  return (
    <li className="card webhook-item" data-testid="webhook-row" data-webhook-id={hook.id}>
      <div className="webhook-head">
        <code className="webhook-url" data-testid="webhook-row-url">
          {hook.url}
        </code>
        <span className={`badge ${status.badge}`} data-testid="webhook-status" title={status.meaning}>
          {status.label}
        </span>
      </div>
      {hook.status === 'disabled' && hook.disabledReason && (
        <p className="notice notice-warning" data-testid="webhook-disabled-reason">
          Disabled: {hook.disabledReason}
        </p>
      )}
      <dl className="facts">
        <dt>Events</dt>
        <dd data-testid="webhook-filter">{describeFilter(hook.events)}</dd>
        <dt>Backlog</dt>
        <dd data-testid="webhook-backlog">{count(hook.backlog, 'event')} owed</dd>
        <dt>Last delivery</dt>
        <dd data-testid="webhook-last-delivery">
          {last ? (
            <>
              {last.succeeded ? (
                <span className="badge badge-done">Delivered</span>
              ) : (
                <span className="badge badge-failed">Failed</span>
              )}{' '}
              {describeDelivery(last)}, <code>{last.event_type}</code> at <When iso={last.at} />
              {last.attempt > 1 && <span className="muted"> (attempt {last.attempt})</span>}
            </>
          ) : (
            <span className="muted">None since SCIM Desk started</span>
          )}
        </dd>
        <dt>Added</dt>
        <dd>{new Date(hook.createdAt).toLocaleString()}</dd>
      </dl>
      <div className="toolbar">
        <button
          type="button"
          className="button-small"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          data-testid="webhook-deliveries-toggle"
        >
          {open ? 'Hide deliveries' : 'Deliveries'}
        </button>
        {hook.status === 'disabled' && (
          <button
            type="button"
            className="button-small"
            disabled={busy}
            onClick={() => void act(() => call('POST /api/webhooks/:id/enable', { id: hook.id }))}
            data-testid="webhook-enable"
          >
            Enable
          </button>
        )}
        {confirming ? (
          <span className="confirm-inline" role="group" aria-label="Confirm removal">
            <span>Remove this endpoint? It gets no more events.</span>
            <button
              type="button"
              className="button-small button-danger"
              disabled={busy}
              onClick={() => void act(() => call('DELETE /api/webhooks/:id', { id: hook.id }))}
              aria-label={`Confirm removing ${hook.url}`}
              data-testid="webhook-remove-confirm"
            >
              Remove now
            </button>
            <button type="button" className="button-small" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="button-small"
            onClick={() => setConfirming(true)}
            aria-label={`Remove ${hook.url}`}
            data-testid="webhook-remove"
          >
            Remove
          </button>
        )}
      </div>
      <ErrorMessage error={error} />
      {open && <WebhookDeliveries webhookId={hook.id} />}
    </li>
  );
}
