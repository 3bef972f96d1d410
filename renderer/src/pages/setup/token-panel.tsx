/**
 * Step 2's control: generate a token right here. The secret itself is held by the page and shown by the
 * step even when collapsed (the step turns done the moment the token exists, and the wizard moves on), so
 * it cannot vanish before the admin copied it.
 */
import { useState, type FormEvent } from 'react';
import type { TokenCreated } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';
import { href } from '../../router/routes';
import type { ProfileWords } from '../../../../server/admin/contract';

interface Props {
  revision: number;
  onChanged(): void;
  onCreated(created: TokenCreated): void;
  words: ProfileWords;
}

export function TokenPanel({ revision, onChanged, onCreated, words }: Props) {
  const tokens = useApi((signal) => get('GET /api/tokens', { signal }), [revision]);
  const [label, setLabel] = useState(words.tokenLabel);
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      onCreated(await call('POST /api/tokens', { body: { label: label.trim(), expiresAt: null } }));
      onChanged();
    });
  };

  const live = tokens.data?.items.filter((t) => !t.expired) ?? [];
  return (
    <div className="wizard-panel">
      {live.length > 0 && (
        <p className="muted small" data-testid="wizard-token-count">
          {live.length} live token{live.length === 1 ? '' : 's'} ({live.map((t) => t.label).join(', ')}). Lost the one{' '}
          {words.short} has? Generate another; revoke old ones on the{' '}
          <a href={href({ page: 'endpoint' })}>Endpoint & tokens</a> page.
        </p>
      )}
      <form className="inline-form" aria-label="Generate a SCIM token" onSubmit={(e) => void submit(e)}>
        <label>
          <span>Token label</span>
          <input
            type="text"
            value={label}
            required
            maxLength={100}
            onChange={(e) => setLabel(e.target.value)}
            data-testid="wizard-token-label"
          />
        </label>
        <button type="submit" className="button-primary" disabled={busy} data-testid="wizard-create-token">
          Generate token
        </button>
        <ErrorMessage error={error} />
      </form>
    </div>
  );
}
