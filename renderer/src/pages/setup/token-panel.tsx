/** Step 2's control: generate a token right here; its secret is shown once (copy or download). */
import { useState, type FormEvent } from 'react';
import type { TokenCreated } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { useApi } from '../../hooks/use-api';
import { href } from '../../router/routes';
import { TokenSecret } from '../endpoint/token-secret';

export function TokenPanel({ revision, onChanged }: { revision: number; onChanged(): void }) {
  const tokens = useApi((signal) => get('GET /api/tokens', { signal }), [revision]);
  const [label, setLabel] = useState('Okta');
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await call('POST /api/tokens', { body: { label: label.trim(), expiresAt: null } }));
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  // The secret lives only in this state: pressing Done (or leaving the page) drops it for good.
  if (created) return <TokenSecret created={created} onDone={() => setCreated(null)} />;
  const live = tokens.data?.items.filter((t) => !t.expired) ?? [];
  return (
    <div className="wizard-panel">
      {live.length > 0 && (
        <p className="muted small" data-testid="wizard-token-count">
          {live.length} live token{live.length === 1 ? '' : 's'} ({live.map((t) => t.label).join(', ')}). Lost the one Okta has? Generate another; revoke old ones
          on the <a href={href({ page: 'endpoint' })}>Endpoint & tokens</a> page.
        </p>
      )}
      <form className="inline-form" aria-label="Generate a SCIM token" onSubmit={(e) => void submit(e)}>
        <label>
          <span>Token label</span>
          <input type="text" value={label} required maxLength={100} onChange={(e) => setLabel(e.target.value)} data-testid="wizard-token-label" />
        </label>
        <button type="submit" className="button-primary" disabled={busy} data-testid="wizard-create-token">
          Generate token
        </button>
        <ErrorMessage error={error} />
      </form>
    </div>
  );
}
