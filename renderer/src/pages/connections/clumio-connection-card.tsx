/**
 * The Clumio account: the regional API host its portal uses (or any https URL) and an API token made by a
 * Super Admin, checked by Clumio before anything is saved and never shown again.
 */
import { useState, type FormEvent } from 'react';
import { CLUMIO_REGIONAL_BASE_URLS, type ClumioConnectionInfo } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';
import { CheckLine, ReadingLine } from './connection-status';
import { RemoveConnection } from './remove-connection';

const OTHER = 'other';

export function ClumioConnectionCard({ info, onChanged }: { info: ClumioConnectionInfo | null; onChanged(): void }) {
  const [editing, setEditing] = useState(false);
  const action = useAction();
  const { busy, error } = action;
  // After any change the page reads the connections again.
  const run = (change: () => Promise<unknown>) =>
    action.run(async () => {
      await change();
      onChanged();
    });

  return (
    <section className="card connection-card" aria-labelledby="clumio-heading" data-testid="clumio-connection">
      <h2 id="clumio-heading">
        Clumio account{' '}
        {info ? <span className="badge badge-done">Connected</span> : <span className="badge">Not connected</span>}
      </h2>
      {info && !editing && (
        <>
          <dl className="facts">
            <dt>API base URL</dt>
            <dd data-testid="clumio-base-url">
              {info.base_url}
              {info.portal && <span className="muted small"> (accounts of {info.portal})</span>}
            </dd>
            <CheckLine checked={info.checked} />
            <ReadingLine reading={info.last_read} busy={info.reading} testId="clumio-last-read" />
          </dl>
          <div className="toolbar">
            <button type="button" onClick={() => setEditing(true)}>
              Replace token
            </button>
            <RemoveConnection
              service="Clumio"
              testId="clumio-remove"
              busy={busy}
              onRemove={() => run(() => call('DELETE /api/connections/clumio', {}))}
            />
          </div>
        </>
      )}
      {(!info || editing) && (
        <ClumioConnectForm
          baseUrl={info?.base_url ?? ''}
          busy={busy}
          onCancel={info ? () => setEditing(false) : undefined}
          onConnect={(body) =>
            void run(() => call('PUT /api/connections/clumio', { body })).then((ok) => ok && setEditing(false))
          }
        />
      )}
      <ErrorMessage error={error} title="Not saved." />
    </section>
  );
}

function ClumioConnectForm(props: {
  baseUrl: string;
  busy: boolean;
  onCancel?: () => void;
  onConnect(body: { base_url: string; api_token: string }): void;
}) {
  const regional = CLUMIO_REGIONAL_BASE_URLS.some((r) => r.baseUrl === props.baseUrl);
  const [choice, setChoice] = useState(
    regional ? props.baseUrl : props.baseUrl === '' ? CLUMIO_REGIONAL_BASE_URLS[0]!.baseUrl : OTHER,
  );
  const [other, setOther] = useState(regional ? '' : props.baseUrl);
  const [token, setToken] = useState('');
  const baseUrl = choice === OTHER ? other : choice;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onConnect({ base_url: baseUrl, api_token: token });
    setToken('');
  };
  return (
    <form className="connection-form" onSubmit={submit} aria-label="Connect Clumio">
      <label>
        <span>Where your account lives</span>
        <select value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="clumio-region">
          {CLUMIO_REGIONAL_BASE_URLS.map((region) => (
            <option key={region.baseUrl} value={region.baseUrl}>
              {region.portal ? `${region.portal} → ${region.baseUrl}` : region.baseUrl}
            </option>
          ))}
          <option value={OTHER}>Another URL…</option>
        </select>
      </label>
      {choice === OTHER && (
        <label>
          <span>API base URL</span>
          <input
            type="text"
            inputMode="url"
            value={other}
            placeholder="https://…"
            autoComplete="off"
            onChange={(e) => setOther(e.target.value)}
            data-testid="clumio-base-url-input"
          />
        </label>
      )}
      <label>
        <span>API token</span>
        <input
          type="password"
          value={token}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setToken(e.target.value)}
          data-testid="clumio-token-input"
        />
      </label>
      <p className="muted small">
        In the Clumio portal, signed in as a user with Super Admin on the Global OU, create an API token. SCIM Desk
        reads the account and writes only when you apply rules or switch auto user provisioning. The token is checked by
        Clumio, stored encrypted and never shown again.
      </p>
      <div className="toolbar">
        <button
          type="submit"
          className="button-primary"
          disabled={props.busy || baseUrl.trim() === '' || token.trim() === ''}
          data-testid="clumio-connect"
        >
          {props.busy ? 'Checking with Clumio…' : 'Connect'}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
