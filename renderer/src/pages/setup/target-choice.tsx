/**
 * Where the identity provider provisions to (`provisioning_target`): asked on first run, switchable later. The
 * rehearsal against SCIM Desk's own endpoint, or the real rollout into Clumio, whose checklist is read from the
 * Okta and Clumio APIs. Switching changes only which checklist the wizard shows; the rehearsal (beside the
 * checklist) stays available either way, and nothing stored is lost.
 */
import { useState } from 'react';
import type { ProvisioningTarget } from '../../../../server/admin/contract';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';

interface Props {
  current: ProvisioningTarget;
  chosen: boolean;
  /** The identity provider's name ("Okta"). */
  idp: string;
  onChanged(): void;
}

const TARGETS: { value: ProvisioningTarget; label: string; blurb: (idp: string) => string }[] = [
  {
    value: 'scim-desk',
    label: "A rehearsal on SCIM Desk's own endpoint",
    blurb: (idp) =>
      `${idp} provisions into this SCIM endpoint: each step is checked against the requests that arrive here. For trying the setup out, demos and on-prem use.`,
  },
  {
    value: 'clumio',
    label: 'The real rollout into Clumio',
    blurb: (idp) =>
      `${idp} provisions into Clumio itself: each step is checked from what the ${idp} and Clumio APIs say (connect both on the Connections page).`,
  },
];

export function TargetChoice({ current, chosen, idp, onChanged }: Props) {
  const [open, setOpen] = useState(false);
  const { busy, error, run } = useAction();

  const choose = async (provisioning_target: ProvisioningTarget) => {
    await run(async () => {
      await call('PUT /api/settings', { body: { provisioning_target } });
      setOpen(false);
      onChanged();
    });
  };

  if (chosen && !open) {
    const label = TARGETS.find((t) => t.value === current)!.label;
    return (
      <p className="profile-line" data-testid="target-line">
        Checklist for: <strong data-testid="target-current">{label}</strong>{' '}
        <button type="button" className="link-button" onClick={() => setOpen(true)} data-testid="switch-target">
          Switch
        </button>
      </p>
    );
  }
  return (
    <section className="card profile-choice" aria-labelledby="target-choice-heading" data-testid="target-choice">
      <h2 id="target-choice-heading">Where does {idp} provision to?</h2>
      <p className="muted small">
        You can switch later: the rehearsal stays available either way, and users, groups and rules stay.
      </p>
      <div className="profile-options">
        {TARGETS.map((target) => {
          const selected = chosen && target.value === current;
          return (
            <button
              key={target.value}
              type="button"
              className={selected ? 'profile-option selected' : 'profile-option'}
              disabled={busy}
              aria-pressed={selected}
              onClick={() => void choose(target.value)}
              data-testid={`choose-target-${target.value}`}
            >
              <strong>{target.label}</strong>
              <span className="muted small">{target.blurb(idp)}</span>
            </button>
          );
        })}
      </div>
      {chosen && (
        <button type="button" onClick={() => setOpen(false)}>
          Keep {TARGETS.find((t) => t.value === current)!.label.toLowerCase()}
        </button>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
