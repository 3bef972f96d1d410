/**
 * The rollout's connections: where Okta provisions to, the Okta org (read-only) and the Clumio account, each
 * with what its check said and how the latest read went; refresh both, remove either.
 */
import { useEffect, useState } from 'react';
import type { ProvisioningTarget } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { announceTenantChange, onTenantChange } from '../../api/tenant-events';
import { ErrorMessage, Loading } from '../../components/feedback';
import { useApi } from '../../hooks/use-api';
import { href } from '../../router/routes';
import { ClumioConnectionCard } from './clumio-connection-card';
import { OktaConnectionCard } from './okta-connection-card';
import './connections.css';

/** While the server reads a service, ask again this often. */
const WHILE_READING_MS = 1000;

export function ConnectionsPage() {
  const connections = useApi((signal) => get('GET /api/connections', { signal }), []);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const { reload } = connections;
  const reading = connections.data?.okta?.reading === true || connections.data?.clumio?.reading === true;

  useEffect(() => onTenantChange(reload), [reload]);
  useEffect(() => {
    if (!reading) return;
    const timer = window.setTimeout(reload, WHILE_READING_MS);
    return () => window.clearTimeout(timer);
  }, [reading, connections.data, reload]);

  const changed = () => announceTenantChange();
  const refresh = async () => {
    setRefreshing(true);
    setError(undefined);
    try {
      await call('POST /api/connections/refresh', {});
      announceTenantChange();
    } catch (failure) {
      setError(failure);
    } finally {
      setRefreshing(false);
    }
  };

  const data = connections.data;
  return (
    <>
      <div className="page-head">
        <h1>Connections</h1>
        {data && (data.okta || data.clumio) && (
          <button
            type="button"
            onClick={() => void refresh()}
            disabled={refreshing || reading}
            data-testid="connections-refresh"
          >
            {refreshing || reading ? 'Reading…' : 'Refresh'}
          </button>
        )}
      </div>
      <p className="lead">
        For the rollout, Okta's Clumio app provisions into Clumio itself, so nothing reaches SCIM Desk's endpoint.
        Connect your Okta org and your Clumio account, and SCIM Desk checks the setup from their APIs and manages the
        account's real rules on the <a href={href({ page: 'clumio-rules' })}>Clumio account</a> page. Okta is only read;
        Clumio is written only when you apply rules or switch auto user provisioning.
      </p>
      <TargetChoice />
      <ErrorMessage error={connections.error ?? error} />
      {!data && connections.state === 'loading' && <Loading />}
      {data && (
        <div className="columns">
          <OktaConnectionCard info={data.okta} onChanged={changed} />
          <ClumioConnectionCard info={data.clumio} onChanged={changed} />
        </div>
      )}
    </>
  );
}

const TARGETS: { value: ProvisioningTarget; label: string; hint: string }[] = [
  {
    value: 'scim-desk',
    label: 'This SCIM endpoint',
    hint: 'rehearsals, demos, on-prem use: checked from the traffic that arrives here',
  },
  { value: 'clumio', label: 'Clumio', hint: 'the rollout: checked from the Okta and Clumio APIs' },
];

/** `provisioning_target`: where Okta provisions to (the rehearsal stays available either way). */
function TargetChoice() {
  const settings = useApi((signal) => get('GET /api/settings', { signal }), []);
  const [error, setError] = useState<unknown>(undefined);
  // Shown at once; the server's answer then confirms it (or the error says why not).
  const [chosen, setChosen] = useState<ProvisioningTarget | null>(null);
  const choose = async (provisioning_target: ProvisioningTarget) => {
    setError(undefined);
    setChosen(provisioning_target);
    try {
      await call('PUT /api/settings', { body: { provisioning_target } });
    } catch (failure) {
      setError(failure);
      setChosen(null);
    }
    settings.reload();
  };
  const current = chosen ?? settings.data?.provisioning_target;
  return (
    <fieldset className="card target-choice" data-testid="provisioning-target">
      <legend>Where does Okta provision to?</legend>
      {TARGETS.map((target) => (
        <label key={target.value} className="checkbox">
          <input
            type="radio"
            name="provisioning-target"
            value={target.value}
            checked={current === target.value}
            disabled={current === undefined}
            onChange={() => void choose(target.value)}
          />
          <span>
            <strong>{target.label}</strong> <span className="muted small">— {target.hint}</span>
          </span>
        </label>
      ))}
      <ErrorMessage error={settings.error ?? error} />
    </fieldset>
  );
}
