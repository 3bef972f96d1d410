/** Step 9a's control: the provisioning method (only SCIM feeds the rules here). */
import type { ProvisioningMethod } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';

const LABELS: Record<ProvisioningMethod, string> = { scim: 'SCIM', saml: 'SAML (just-in-time)', none: 'None' };

export function ProvisioningMethodPanel({ revision, onChanged }: { revision: number; onChanged(): void }) {
  const settings = useApi((signal) => get('GET /api/settings', { signal }), [revision]);
  const { busy, error, run } = useAction();
  const method = settings.data?.provisioning_method;

  const choose = async (provisioning_method: ProvisioningMethod) => {
    await run(async () => {
      await call('PUT /api/settings', { body: { provisioning_method } });
      settings.reload();
      onChanged();
    });
  };

  return (
    <div className="wizard-panel">
      <p className="copy-line">
        <span>Provisioning method here:</span>
        {method ? (
          <span className={`badge ${method === 'scim' ? 'badge-done' : ''}`}>{LABELS[method]}</span>
        ) : (
          <span className="muted">…</span>
        )}
        {method !== undefined && method !== 'scim' && (
          <button
            type="button"
            className="button-primary button-small"
            disabled={busy}
            onClick={() => void choose('scim')}
            data-testid="wizard-method-scim"
          >
            Use SCIM
          </button>
        )}
      </p>
      <ErrorMessage error={error ?? settings.error} />
    </div>
  );
}
