/** The admin-account step's control: which account is the admin's own (settings.current_admin). */
import { useEffect, useState, type FormEvent } from 'react';
import { call, get } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { ErrorMessage, Notice } from '../../components/feedback';
import { guardRefusalText } from '../../components/preview-diff';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';
import type { ProfileWords } from '../../../../server/admin/contract';

export function AdminAccountPanel({
  revision,
  onChanged,
  words,
}: {
  revision: number;
  onChanged(): void;
  words: ProfileWords;
}) {
  const settings = useApi((signal) => get('GET /api/settings', { signal }), [revision]);
  const [draft, setDraft] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const stored = settings.data?.current_admin ?? '';

  // Follow the stored value until the admin starts typing.
  useEffect(() => {
    if (draft === null && settings.data) setDraft(stored);
  }, [draft, settings.data, stored]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = (draft ?? '').trim();
    setSaved(false);
    await run(async () => {
      const next = await call('PUT /api/settings', { body: { current_admin: value === '' ? null : value } });
      setDraft(next.current_admin ?? '');
      setSaved(true);
      onChanged();
    });
  };
  const refusal = error instanceof ApiFailure ? error.apiError('guard_refused') : undefined;

  return (
    <form
      className="inline-form wizard-panel"
      aria-label={`Your own ${words.short} account`}
      onSubmit={(e) => void submit(e)}
    >
      <label className="grow">
        <span>{words.usernameLabel}</span>
        <input
          type="text"
          value={draft ?? ''}
          placeholder="you@example.com"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => (setDraft(e.target.value), setSaved(false))}
          data-testid="wizard-current-admin"
        />
      </label>
      <button
        type="submit"
        className="button-primary"
        disabled={busy || draft === null || draft.trim() === stored}
        data-testid="wizard-save-admin"
      >
        Save
      </button>
      {saved && (
        <span className="muted small" role="status">
          Saved.
        </span>
      )}
      {refusal && (
        <Notice tone="error" testId="guard-refusal">
          <strong>Not saved.</strong> {guardRefusalText(refusal.details)}
        </Notice>
      )}
      {!refusal && <ErrorMessage error={error} />}
      <ErrorMessage error={settings.error} />
    </form>
  );
}
