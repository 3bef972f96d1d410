/** Auto user provisioning in the Clumio account: enabling is guarded (you keep Super Admin); disabling is not. */
import { call } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { ErrorMessage, Notice } from '../../components/feedback';
import { guardRefusalText } from '../../components/preview-diff';
import { useAction } from '../../hooks/use-action';

export function AccountAupPanel({ enabled, onChanged }: { enabled: boolean; onChanged(): void }) {
  const { busy, error, run } = useAction();
  const put = async (is_enabled: boolean) => {
    await run(async () => {
      await call('PUT /api/clumio/auto-user-provisioning', { body: { is_enabled } });
      onChanged();
    });
  };
  const refusal = error instanceof ApiFailure ? error.apiError('guard_refused') : undefined;
  return (
    <section className="card" aria-labelledby="account-aup-heading" data-testid="account-aup">
      <h2 id="account-aup-heading">Auto user provisioning in Clumio</h2>
      <p data-testid="account-aup-state">
        {enabled ? (
          <>
            <span className="badge badge-done">On</span> Clumio gives each user the role the rules say when Okta pushes
            them.
          </>
        ) : (
          <>
            <span className="badge">Off</span> The rules have no effect. Enabling needs a rule that keeps you Super
            Admin on the Global OU.
          </>
        )}
      </p>
      <button
        type="button"
        className={enabled ? undefined : 'button-primary'}
        disabled={busy}
        onClick={() => void put(!enabled)}
        data-testid="account-aup-toggle"
      >
        {enabled ? 'Disable in Clumio' : 'Enable in Clumio'}
      </button>
      {refusal && (
        <Notice tone="error" testId="account-aup-refusal">
          <strong>Not enabled, nothing was sent to Clumio.</strong> {guardRefusalText(refusal.details)}
        </Notice>
      )}
      {error !== undefined && !refusal && <ErrorMessage error={error} />}
    </section>
  );
}
