/**
 * The Okta org: its URL and an SSWS API token (checked by Okta before anything is saved; never shown again),
 * then the Clumio app picked from the org's apps. Read-only: SCIM Desk never changes anything in Okta.
 */
import { useState, type FormEvent } from 'react';
import type { OktaConnectionInfo } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';
import { CheckLine, ReadingLine } from './connection-status';
import { RemoveConnection } from './remove-connection';

export function OktaConnectionCard({ info, onChanged }: { info: OktaConnectionInfo | null; onChanged(): void }) {
  const [editing, setEditing] = useState(false);
  const [picking, setPicking] = useState(false);
  const action = useAction();
  const { busy, error } = action;
  // After any change the page reads the connections again.
  const run = (change: () => Promise<unknown>) =>
    action.run(async () => {
      await change();
      onChanged();
    });

  return (
    <section className="card connection-card" aria-labelledby="okta-heading" data-testid="okta-connection">
      <h2 id="okta-heading">
        Okta org{' '}
        {info ? <span className="badge badge-done">Connected</span> : <span className="badge">Not connected</span>}
      </h2>
      {info && !editing && (
        <>
          <dl className="facts">
            <dt>Org URL</dt>
            <dd data-testid="okta-org-url">{info.org_url}</dd>
            <dt>Clumio app</dt>
            <dd data-testid="okta-app">
              {info.app ? (
                <>
                  {info.app.label} <code className="muted small">{info.app.id}</code>
                </>
              ) : (
                <span className="badge badge-waiting">Pick the Clumio app</span>
              )}
            </dd>
            <CheckLine checked={info.checked} />
            <ReadingLine reading={info.last_read} busy={info.reading} testId="okta-last-read" />
          </dl>
          {(picking || !info.app) && (
            <AppPicker
              current={info.app?.id ?? null}
              busy={busy}
              onPick={(app_id) =>
                void run(() => call('PUT /api/connections/okta/app', { body: { app_id } })).then(
                  (ok) => ok && setPicking(false),
                )
              }
            />
          )}
          <div className="toolbar">
            {info.app && !picking && (
              <button type="button" onClick={() => setPicking(true)} data-testid="okta-change-app">
                Change app
              </button>
            )}
            <button type="button" onClick={() => setEditing(true)}>
              Replace token
            </button>
            <RemoveConnection
              service="Okta"
              testId="okta-remove"
              busy={busy}
              onRemove={() => run(() => call('DELETE /api/connections/okta', {}))}
            />
          </div>
        </>
      )}
      {(!info || editing) && (
        <OktaConnectForm
          orgUrl={info?.org_url ?? ''}
          appId={info?.app?.id ?? null}
          busy={busy}
          onCancel={info ? () => setEditing(false) : undefined}
          onConnect={(body) =>
            void run(() => call('PUT /api/connections/okta', { body })).then((ok) => ok && setEditing(false))
          }
        />
      )}
      <ErrorMessage error={error} title="Not saved." />
    </section>
  );
}

function OktaConnectForm(props: {
  orgUrl: string;
  appId: string | null;
  busy: boolean;
  onCancel?: () => void;
  onConnect(body: { org_url: string; api_token: string; app_id?: string }): void;
}) {
  const [orgUrl, setOrgUrl] = useState(props.orgUrl);
  const [token, setToken] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onConnect({ org_url: orgUrl, api_token: token, ...(props.appId ? { app_id: props.appId } : {}) });
    setToken(''); // the token lives in the server, sealed; never in the page longer than this
  };
  return (
    <form className="connection-form" onSubmit={submit} aria-label="Connect Okta">
      <label>
        <span>Org URL</span>
        <input
          type="text"
          inputMode="url"
          value={orgUrl}
          placeholder="https://example.okta.com"
          autoComplete="off"
          onChange={(e) => setOrgUrl(e.target.value)}
          data-testid="okta-org-url-input"
        />
      </label>
      <label>
        <span>API token (SSWS)</span>
        <input
          type="password"
          value={token}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setToken(e.target.value)}
          data-testid="okta-token-input"
        />
      </label>
      <p className="muted small">
        Okta Admin Console › Security › API › Tokens › Create token, as an admin who can read apps, groups, users and
        the System Log (a Read-only Administrator can). A scoped OAuth token would need okta.apps.read,
        okta.groups.read, okta.users.read and okta.logs.read. The token is checked by Okta, stored encrypted and never
        shown again.
      </p>
      <div className="toolbar">
        <button
          type="submit"
          className="button-primary"
          disabled={props.busy || orgUrl.trim() === '' || token.trim() === ''}
          data-testid="okta-connect"
        >
          {props.busy ? 'Checking with Okta…' : 'Connect'}
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

function AppPicker({ current, busy, onPick }: { current: string | null; busy: boolean; onPick(appId: string): void }) {
  const apps = useApi((signal) => get('GET /api/connections/okta/apps', { signal }), []);
  const [chosen, setChosen] = useState<string | null>(null);
  const selected = chosen ?? current ?? apps.data?.items[0]?.id ?? '';
  return (
    <div className="app-picker" data-testid="okta-app-picker">
      <ErrorMessage error={apps.error} />
      {!apps.data && !apps.error && <Loading label="Reading the org's apps…" />}
      {apps.data && (
        <div className="inline-form">
          <label>
            <span>The Clumio app</span>
            <select value={selected} onChange={(e) => setChosen(e.target.value)} data-testid="okta-app-select">
              {apps.data.items.map((app) => (
                <option key={app.id} value={app.id}>
                  {app.label} ({app.name}
                  {app.status === 'ACTIVE' ? '' : `, ${app.status}`})
                  {app.looks_like_clumio ? ' — looks like Clumio' : ''}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button-primary"
            disabled={busy || selected === '' || selected === current}
            onClick={() => onPick(selected)}
            data-testid="okta-use-app"
          >
            Use this app
          </button>
        </div>
      )}
    </div>
  );
}
