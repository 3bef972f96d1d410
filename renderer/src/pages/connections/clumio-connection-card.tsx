/**
 * The Clumio account: the regional API host its portal uses (or any https URL) and an API token made by a
 * Super Admin, checked by Clumio before anything is saved and never shown again.
 */
import { useState } from 'react';
import { CLUMIO_REGIONAL_BASE_URLS, type ClumioConnectionInfo } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ConnectForm, ConnectionCard, useConnectionChanges, type ConnectFormControls } from './connection-card';
import { UrlField } from './url-field';

const OTHER = 'other';

export function ClumioConnectionCard({ info, onChanged }: { info: ClumioConnectionInfo | null; onChanged(): void }) {
  const changes = useConnectionChanges(onChanged);
  return (
    <ConnectionCard
      service="clumio"
      title="Clumio account"
      info={info}
      changes={changes}
      facts={
        info && (
          <>
            <dt>API base URL</dt>
            <dd data-testid="clumio-base-url">
              {info.base_url}
              {info.portal && <span className="muted small"> (accounts of {info.portal})</span>}
            </dd>
          </>
        )
      }
      form={(controls) => <ClumioConnectForm baseUrl={info?.base_url ?? ''} controls={controls} />}
    />
  );
}

function ClumioConnectForm({ baseUrl: saved, controls }: { baseUrl: string; controls: ConnectFormControls }) {
  const regional = CLUMIO_REGIONAL_BASE_URLS.some((r) => r.baseUrl === saved);
  const [choice, setChoice] = useState(regional ? saved : saved === '' ? CLUMIO_REGIONAL_BASE_URLS[0]!.baseUrl : OTHER);
  const [other, setOther] = useState(regional ? '' : saved);
  const baseUrl = choice === OTHER ? other : choice;
  return (
    <ConnectForm
      service="clumio"
      controls={controls}
      tokenLabel="API token"
      help="In the Clumio portal, signed in as a user with Super Admin on the Global OU, create an API token. SCIM Desk reads the account and writes only when you apply rules or switch auto user provisioning. The token is checked by Clumio, stored encrypted and never shown again."
      ready={baseUrl.trim() !== ''}
      save={(api_token) => call('PUT /api/connections/clumio', { body: { base_url: baseUrl, api_token } })}
    >
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
        <UrlField
          label="API base URL"
          value={other}
          placeholder="https://…"
          onChange={setOther}
          testId="clumio-base-url-input"
        />
      )}
    </ConnectForm>
  );
}
