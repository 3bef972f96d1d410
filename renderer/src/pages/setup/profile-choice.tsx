/**
 * Which identity provider provisions into SCIM Desk (issue 12): asked on first run, switchable later.
 * Switching changes only the checklist; users, groups, rules and the evidence already seen stay.
 */
import { useState } from 'react';
import type { IdentityProvider } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { IDP_WORDS } from './idp-words';

const CHOICES: { idp: IdentityProvider; blurb: string }[] = [
  { idp: 'okta', blurb: 'An app integration with SCIM provisioning (Applications → Create App Integration, or the Clumio app from the catalog).' },
  { idp: 'entra', blurb: 'An enterprise application with automatic provisioning (Entra ID → Enterprise apps → Create your own application).' },
];

interface Props {
  current: IdentityProvider;
  chosen: boolean;
  onChanged(): void;
}

export function ProfileChoice({ current, chosen, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [open, setOpen] = useState(false);

  const choose = async (idp: IdentityProvider) => {
    setBusy(true);
    setError(undefined);
    try {
      await call('PUT /api/settings', { body: { identity_provider: idp } });
      setOpen(false);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (chosen && !open) {
    return (
      <p className="profile-line" data-testid="profile-line">
        Identity provider: <strong data-testid="profile-current">{IDP_WORDS[current].name}</strong>{' '}
        <button type="button" className="link-button" onClick={() => setOpen(true)} data-testid="switch-profile">
          Switch
        </button>
      </p>
    );
  }
  return (
    <section className="card profile-choice" aria-labelledby="profile-choice-heading" data-testid="profile-choice">
      <h2 id="profile-choice-heading">Which identity provider provisions into Clumio?</h2>
      <p className="muted small">The checklist follows its console's own words. You can switch later: users, groups and rules stay.</p>
      <div className="profile-options">
        {CHOICES.map(({ idp, blurb }) => (
          <button
            key={idp}
            type="button"
            className={idp === current && chosen ? 'profile-option selected' : 'profile-option'}
            disabled={busy}
            aria-pressed={chosen && idp === current}
            onClick={() => void choose(idp)}
            data-testid={`choose-${idp}`}
          >
            <strong>{IDP_WORDS[idp].name}</strong>
            <span className="muted small">{blurb}</span>
          </button>
        ))}
      </div>
      {chosen && (
        <button type="button" onClick={() => setOpen(false)}>
          Keep {IDP_WORDS[current].name}
        </button>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
