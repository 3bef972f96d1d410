/**
 * The rollout checklist's source: which Okta org and Clumio account it was read from, when, and a button to
 * read them again now (`POST /api/setup/refresh`). The server reads on its own every few minutes and when a
 * connection changes; the page never calls either service itself.
 */
import type { SetupState, SetupTenantsRead } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { announceTenantChange, readTime } from '../../api/tenant-events';
import { ErrorMessage } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';
import { href } from '../../router/routes';

export function TenantsRead({ tenants, onState }: { tenants: SetupTenantsRead; onState(state: SetupState): void }) {
  const { busy, error, run } = useAction();
  const { oktaOrg, clumioAccount } = tenants;
  const reading = busy || tenants.reading;

  const refresh = async () => {
    await run(async () => {
      onState(await call('POST /api/setup/refresh', {}));
      // The lock-out banner and the account pages read the same snapshot: tell them it changed.
      announceTenantChange();
    });
  };

  return (
    <div className="tenants-read" data-testid="tenants-read">
      <p>
        {!oktaOrg && !clumioAccount ? (
          <>
            Nothing is connected yet: connect your Okta org and your Clumio account on the{' '}
            <a href={href({ page: 'connections' })}>Connections</a> page, and the steps below are read from their APIs.
          </>
        ) : (
          <>
            Read from {oktaOrg && <strong data-testid="tenants-okta">{oktaOrg.orgUrl}</strong>}
            {oktaOrg?.app && <> (app “{oktaOrg.app.label}”)</>}
            {oktaOrg && clumioAccount && ' and '}
            {clumioAccount && <strong data-testid="tenants-clumio">{clumioAccount.baseUrl}</strong>}
            {' · '}
            <span data-testid="tenants-read-at">
              {reading ? 'reading now…' : `last read ${readTime(tenants.readAt)}`}
            </span>
          </>
        )}
      </p>
      {(oktaOrg || clumioAccount) && (
        <button
          type="button"
          className="button-small"
          onClick={() => void refresh()}
          disabled={reading}
          data-testid="setup-refresh"
        >
          {reading ? 'Reading…' : 'Refresh'}
        </button>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
