/**
 * The signing secret of an endpoint just added: shown once, with a copy button and how to verify it. It lives
 * only in the page's state, so "Done" or leaving the page removes it for good.
 */
import type { WebhookCreated } from '../../../../server/admin/contract';
import { CopyButton } from '../../components/copy-button';

export function WebhookSecret({ created, onDone }: { created: WebhookCreated; onDone(): void }) {
  return (
    <section className="card secret-card" aria-labelledby="webhook-secret-heading" data-testid="webhook-secret-panel">
      <h2 id="webhook-secret-heading">Signing secret for {created.url}</h2>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> SCIM Desk keeps it only in encrypted form, to sign
        deliveries. Lost it? Remove the endpoint and add it again for a new secret.
      </p>
      <div className="secret-row">
        <label className="grow">
          <span>Webhook signing secret</span>
          <input
            type="text"
            readOnly
            value={created.secret}
            onFocus={(e) => e.target.select()}
            data-testid="webhook-secret"
          />
        </label>
        <CopyButton text={created.secret} what="webhook signing secret" testId="copy-webhook-secret" />
      </div>
      <p className="small">
        Every delivery is signed as{' '}
        <a href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
          Standard Webhooks
        </a>{' '}
        specify: verify the <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code>{' '}
        headers with this secret (for instance with the <code>standardwebhooks</code> library), and deduplicate by{' '}
        <code>webhook-id</code>. docs/events.md has the details.
      </p>
      <button type="button" className="button-primary" onClick={onDone} data-testid="webhook-secret-done">
        Done, hide the secret
      </button>
    </section>
  );
}
