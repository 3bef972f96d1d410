/**
 * Auto user provisioning on/off. Enabling shows the preview first (who gains what, and the guard's
 * verdict); disabling is always allowed.
 */
import { useState } from 'react';
import type { RulesPreviewRequest, RuleListItem } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { PreviewDiff, guardRefusalText } from '../../components/preview-diff';
import { useApi } from '../../hooks/use-api';
import { useRulesPreview } from './use-rules-preview';

export function AutoProvisioningPanel({ rules, onChanged }: { rules: readonly RuleListItem[]; onChanged(): void }) {
  const setting = useApi((signal) => get('GET /api/settings/auto-user-provisioning', { signal }), []);
  const lockout = useApi((signal) => get('GET /api/admin-lockout', { signal }), [setting.data]);
  const [previewing, setPreviewing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const request: RulesPreviewRequest | null = previewing
    ? {
        rules: rules.map((r) => ({ rule_id: r.rule_id, name: r.name, condition: r.condition, provision: r.provision })),
        enabling: true,
      }
    : null;
  const preview = useRulesPreview(request, 0);
  const refusal = error instanceof ApiFailure ? error.apiError('guard_refused') : undefined;

  const put = async (is_enabled: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      await call('PUT /api/settings/auto-user-provisioning', { body: { is_enabled } });
      setPreviewing(false);
      setting.reload();
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const enabled = setting.data?.is_enabled;
  return (
    <section className="card" aria-labelledby="aup-heading" data-testid="aup-panel">
      <h2 id="aup-heading">Auto user provisioning</h2>
      <ErrorMessage error={setting.error} />
      {enabled === undefined && !setting.error && <Loading />}
      {enabled === true && (
        <>
          <p data-testid="aup-state">
            <span className="badge badge-done">On</span> Every user's access follows the rules. Changes that would take
            Super Admin on the Global OU away from the current admin are refused.
          </p>
          {lockout.data?.lockout && (
            <Notice tone="warning" testId="aup-locked-out">
              <strong>But {lockout.data.lockout.currentAdmin} is locked out right now</strong>
              {lockout.data.lockout.cause ? ` (${lockout.data.lockout.cause.summary})` : ''}: rule changes that do not
              make it worse stay allowed, a change that gives Super Admin back is always allowed, and so is disabling.
            </Notice>
          )}
          <button type="button" disabled={busy} onClick={() => void put(false)}>
            Disable auto user provisioning
          </button>
        </>
      )}
      {enabled === false && (
        <>
          <p data-testid="aup-state">
            <span className="badge">Off</span> Rules can be written and previewed. Enabling needs a rule giving Super
            Admin on the Global OU that covers the current admin (set on the Settings page).
          </p>
          {!previewing ? (
            <button
              type="button"
              className="button-primary"
              onClick={() => (setError(undefined), setPreviewing(true))}
              data-testid="aup-preview"
            >
              Preview enabling…
            </button>
          ) : (
            <div className="confirm-box">
              {preview.state === 'ready' ? (
                <PreviewDiff preview={preview.preview} action="enable auto user provisioning" />
              ) : preview.state === 'failed' ? (
                <ErrorMessage error={preview.error} />
              ) : preview.state === 'invalid' ? (
                <Notice tone="error">{preview.message}</Notice>
              ) : (
                <Loading label="Computing who gets access…" />
              )}
              <div className="toolbar">
                <button
                  type="button"
                  className="button-primary"
                  disabled={busy || preview.state !== 'ready'}
                  onClick={() => void put(true)}
                  data-testid="aup-enable"
                >
                  Enable auto user provisioning
                </button>
                <button type="button" onClick={() => setPreviewing(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </>
      )}
      {refusal && (
        <Notice tone="error" testId="guard-refusal">
          <strong>Not enabled.</strong> {guardRefusalText(refusal.details)}
        </Notice>
      )}
      {error !== undefined && !refusal && <ErrorMessage error={error} />}
    </section>
  );
}
