/** Where Okta connects: the SCIM base URL, the endpoint's status, and the SCIM tokens. */
import { useState, type FormEvent } from 'react';
import { TOKEN_LABEL_MAX_LENGTH, type TokenCreated, type TokenInfo } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { CopyButton } from '../../components/copy-button';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { LongName } from '../../components/long-name';
import { When } from '../../components/when';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';
import { count } from '../../text/count';
import { TokenSecret } from './token-secret';

const EXPIRY_CHOICES: { label: string; days: number | null }[] = [
  { label: 'Never', days: null },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
];

function WhenOr({ iso, fallback }: { iso: string | null; fallback: string }) {
  return iso === null ? <>{fallback}</> : <When iso={iso} style="date-and-minutes" />;
}

/** `refresh` changes whenever tokens change, so the counts never contradict the list below. */
function StatusSection({ refresh }: { refresh: number }) {
  const status = useApi((signal) => get('GET /api/status', { signal }), [refresh]);
  const data = status.data;
  return (
    <section className="card" aria-labelledby="endpoint-heading">
      <h2 id="endpoint-heading">SCIM endpoint</h2>
      <ErrorMessage error={status.error} />
      {!data && !status.error && <Loading />}
      {data && (
        <>
          <p>
            {data.running ? (
              <span className="badge badge-done">Running</span>
            ) : (
              <span className="badge badge-failed">Stopped</span>
            )}{' '}
            version {data.version}
          </p>
          <dl className="facts">
            <dt>Local base URL</dt>
            <dd className="copy-line">
              <code data-testid="scim-url">{data.scimUrl}</code>
              <CopyButton text={data.scimUrl} what="local SCIM base URL" />
            </dd>
            <dt>Public base URL (for Okta)</dt>
            <dd className="copy-line">
              {data.publicScimUrl ? (
                <>
                  <code>{data.publicScimUrl}</code>
                  <CopyButton text={data.publicScimUrl} what="public SCIM base URL" />
                </>
              ) : (
                <span className="muted">
                  None yet. Okta needs a public HTTPS URL: start a tunnel or put this endpoint behind your own HTTPS
                  proxy.
                </span>
              )}
            </dd>
            <dt>Directory</dt>
            <dd data-testid="status-counts">
              {count(data.counts.users, 'user')} ({data.counts.activeUsers.toLocaleString()} active),{' '}
              {count(data.counts.groups, 'group')}, {count(data.counts.rules, 'rule')},{' '}
              {count(data.counts.tokens, 'live token')}
            </dd>
            <dt>Auto user provisioning</dt>
            <dd>{data.autoUserProvisioning ? 'On' : 'Off'}</dd>
          </dl>
        </>
      )}
    </section>
  );
}

function CreateTokenForm({ onCreated }: { onCreated(created: TokenCreated): void }) {
  const [label, setLabel] = useState('Okta');
  const [days, setDays] = useState<string>('never');
  const { busy, error, run } = useAction();
  const length = label.trim().length;
  const tooLong = length > TOKEN_LABEL_MAX_LENGTH;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (tooLong || length === 0) return;
    await run(async () => {
      const expiresAt = days === 'never' ? null : new Date(Date.now() + Number(days) * 86_400_000).toISOString();
      onCreated(await call('POST /api/tokens', { body: { label: label.trim(), expiresAt } }));
    });
  };
  return (
    <form className="inline-form" aria-label="Create a SCIM token" onSubmit={(e) => void submit(e)}>
      <label>
        <span>Label</span>
        {/* No maxLength: a pasted label would be cut without a word; the line below says the limit instead. */}
        <input
          type="text"
          value={label}
          required
          aria-invalid={tooLong}
          aria-describedby="token-label-hint"
          onChange={(e) => setLabel(e.target.value)}
          data-testid="token-label"
        />
      </label>
      <label>
        <span>Expires</span>
        <select value={days} onChange={(e) => setDays(e.target.value)}>
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.label} value={choice.days === null ? 'never' : String(choice.days)}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="button-primary"
        disabled={busy || tooLong || length === 0}
        data-testid="create-token"
      >
        Create token
      </button>
      <p
        id="token-label-hint"
        className={`form-hint ${tooLong ? 'field-error' : 'muted small'}`}
        data-testid="token-label-hint"
      >
        {tooLong
          ? `A label can have at most ${TOKEN_LABEL_MAX_LENGTH} characters; this one has ${length}.`
          : `Label: ${length} of at most ${TOKEN_LABEL_MAX_LENGTH} characters.`}
      </p>
      <ErrorMessage error={error} />
    </form>
  );
}

function TokenRow({ token, onRevoked }: { token: TokenInfo; onRevoked(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const revoke = () =>
    call('DELETE /api/tokens/:id', { id: token.id }).then(onRevoked, (failure: unknown) => {
      setError(failure);
      setConfirming(false);
    });
  return (
    <tr>
      <th scope="row" className="token-label">
        <LongName name={token.label} lines={2} />
        {/* The server may already end the hint with an ellipsis; show exactly one. */}
        <code className="token-prefix">{token.prefix.replace(/(…|\.\.\.)$/, '')}…</code>
      </th>
      <td>
        <When iso={token.createdAt} style="date-and-minutes" />
      </td>
      <td>
        {token.expired ? (
          <span className="badge badge-failed">Expired</span>
        ) : (
          <WhenOr iso={token.expiresAt} fallback="Never" />
        )}
      </td>
      <td>
        <WhenOr iso={token.lastUsedAt} fallback="Never used" />
        {token.lastUsedBy && <div className="muted small">{token.lastUsedBy}</div>}
      </td>
      <td>
        {confirming ? (
          <>
            <button
              type="button"
              className="button-small button-danger"
              onClick={() => void revoke()}
              aria-label={`Confirm revoking ${token.label}`}
            >
              Revoke now
            </button>{' '}
            <button type="button" className="button-small" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button-small"
            onClick={() => setConfirming(true)}
            aria-label={`Revoke ${token.label}`}
          >
            Revoke
          </button>
        )}
        <ErrorMessage error={error} />
      </td>
    </tr>
  );
}

export function EndpointPage() {
  const tokens = useApi((signal) => get('GET /api/tokens', { signal }), []);
  // The one place a secret exists in the UI; unmounting this page drops it.
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [tokensChanged, setTokensChanged] = useState(0);
  const reloadTokens = () => {
    tokens.reload();
    setTokensChanged((n) => n + 1);
  };
  return (
    <>
      <h1>Endpoint & tokens</h1>
      <StatusSection refresh={tokensChanged} />
      <section className="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">SCIM tokens</h2>
        <p className="muted small">
          Okta authenticates with one of these. Several can be live at once, so you can rotate without downtime.
        </p>
        {created ? (
          <TokenSecret created={created} onDone={() => setCreated(null)} />
        ) : (
          <CreateTokenForm
            onCreated={(result) => {
              setCreated(result);
              reloadTokens();
            }}
          />
        )}
        <ErrorMessage error={tokens.error} />
        {tokens.data && tokens.data.items.length === 0 && (
          <EmptyState title="No tokens yet">Create one above, then paste it into Okta.</EmptyState>
        )}
        {tokens.data && tokens.data.items.length > 0 && (
          <table className="data-table tokens-table" aria-labelledby="tokens-heading" data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((token) => (
                <TokenRow key={token.id} token={token} onRevoked={reloadTokens} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
