/**
 * The Okta org: its URL and an SSWS API token (checked by Okta before anything is saved; never shown again),
 * then the Clumio app picked from the org's apps. Read-only: SCIM Desk never changes anything in Okta.
 */
import { useState } from 'react';
import type { OktaConnectionInfo } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useApi } from '../../hooks/use-api';
import { ConnectForm, ConnectionCard, useConnectionChanges, type ConnectFormControls } from './connection-card';
import { UrlField } from './url-field';

export function OktaConnectionCard({ info, onChanged }: { info: OktaConnectionInfo | null; onChanged(): void }) {
  const changes = useConnectionChanges(onChanged);
  const [picking, setPicking] = useState(false);
  return (
    <ConnectionCard
      service="okta"
      title="Okta org"
      info={info}
      changes={changes}
      facts={
        info && (
          <>
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
          </>
        )
      }
      actions={
        info?.app &&
        !picking && (
          <button type="button" onClick={() => setPicking(true)} data-testid="okta-change-app">
            Change app
          </button>
        )
      }
      form={(controls) => <OktaConnectForm info={info} controls={controls} />}
    >
      {info && (picking || !info.app) && (
        <AppPicker
          current={info.app?.id ?? null}
          busy={changes.busy}
          onPick={(app_id) =>
            void changes
              .run(() => call('PUT /api/connections/okta/app', { body: { app_id } }))
              .then((ok) => ok && setPicking(false))
          }
        />
      )}
    </ConnectionCard>
  );
}

function OktaConnectForm({ info, controls }: { info: OktaConnectionInfo | null; controls: ConnectFormControls }) {
  const [orgUrl, setOrgUrl] = useState(info?.org_url ?? '');
  const appId = info?.app?.id;
  return (
    <ConnectForm
      service="okta"
      controls={controls}
      tokenLabel="API token (SSWS)"
      help="Okta Admin Console › Security › API › Tokens › Create token, as an admin who can read apps, groups, users and the System Log (a Read-only Administrator can). A scoped OAuth token would need okta.apps.read, okta.groups.read, okta.users.read and okta.logs.read. The token is checked by Okta, stored encrypted and never shown again."
      ready={orgUrl.trim() !== ''}
      save={(api_token) =>
        call('PUT /api/connections/okta', {
          body: { org_url: orgUrl, api_token, ...(appId ? { app_id: appId } : {}) },
        })
      }
    >
      <UrlField
        label="Org URL"
        value={orgUrl}
        placeholder="https://example.okta.com"
        onChange={setOrgUrl}
        testId="okta-org-url-input"
      />
    </ConnectForm>
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
