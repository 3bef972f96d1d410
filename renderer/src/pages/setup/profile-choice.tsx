/**
 * Which identity provider provisions into SCIM Desk, and which kind of app in it (Okta: the Clumio app from
 * the catalog, or an app integration of your own): asked on first run, switchable later. The choices and their
 * words come from the server (`GET /api/identity-providers`). Switching changes only the checklist's words and
 * steps; users, groups, rules and the evidence already seen stay.
 */
import { useState } from 'react';
import type { IdentityProviderChoice, SettingsUpdate, SetupProfile } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ErrorMessage } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';

interface Props {
  current: SetupProfile;
  chosen: boolean;
  onChanged(): void;
}

/** The settings that pick one identity provider's app. */
function choiceBody(choice: IdentityProviderChoice, app: string): SettingsUpdate {
  const body: Record<string, string> = { identity_provider: choice.id };
  if (choice.appSetting) body[choice.appSetting] = app;
  return body as SettingsUpdate;
}

export function ProfileChoice({ current, chosen, onChanged }: Props) {
  const choices = useApi((signal) => get('GET /api/identity-providers', { signal }), []);
  const { busy, error, run } = useAction();
  const [open, setOpen] = useState(false);
  const currentChoice = choices.data?.items.find((choice) => choice.id === current.idp);
  const severalApps = (currentChoice?.apps.length ?? 0) > 1;

  const choose = async (choice: IdentityProviderChoice, app: string) => {
    await run(async () => {
      await call('PUT /api/settings', { body: choiceBody(choice, app) });
      setOpen(false);
      onChanged();
    });
  };

  if (chosen && !open) {
    return (
      <p className="profile-line" data-testid="profile-line">
        Identity provider: <strong data-testid="profile-current">{current.words.name}</strong>
        {severalApps && (
          <>
            {' '}
            · <span data-testid="profile-app">{current.words.appName}</span>
          </>
        )}{' '}
        <button type="button" className="link-button" onClick={() => setOpen(true)} data-testid="switch-profile">
          Switch
        </button>
      </p>
    );
  }
  const selected = (choice: IdentityProviderChoice, app: string) =>
    chosen && choice.id === current.idp && app === current.app;
  return (
    <section className="card profile-choice" aria-labelledby="profile-choice-heading" data-testid="profile-choice">
      <h2 id="profile-choice-heading">Which identity provider provisions into Clumio?</h2>
      <p className="muted small">
        The checklist follows its console's own words, screen by screen. You can switch later: users, groups and rules
        stay.
      </p>
      <div className="profile-options">
        {choices.data?.items.map((choice) =>
          choice.apps.length === 1 ? (
            <button
              key={choice.id}
              type="button"
              className={selected(choice, choice.apps[0]!.id) ? 'profile-option selected' : 'profile-option'}
              disabled={busy}
              aria-pressed={selected(choice, choice.apps[0]!.id)}
              onClick={() => void choose(choice, choice.apps[0]!.id)}
              data-testid={`choose-${choice.id}`}
            >
              <strong>{choice.name}</strong>
              <span className="muted small">{choice.blurb}</span>
            </button>
          ) : (
            <fieldset key={choice.id} className="profile-option-group" data-testid={`choose-${choice.id}`}>
              <legend>
                <strong>{choice.name}</strong>: which app do you use?
              </legend>
              {choice.apps.map((app) => (
                <button
                  key={app.id}
                  type="button"
                  className={selected(choice, app.id) ? 'profile-option selected' : 'profile-option'}
                  disabled={busy}
                  aria-pressed={selected(choice, app.id)}
                  onClick={() => void choose(choice, app.id)}
                  data-testid={`choose-${choice.id}-${app.id}`}
                >
                  <strong>{app.name}</strong>
                  <span className="muted small">{app.blurb}</span>
                </button>
              ))}
            </fieldset>
          ),
        )}
      </div>
      {chosen && (
        <button type="button" onClick={() => setOpen(false)}>
          Keep {current.words.name}
          {severalApps ? ` (${current.words.appName})` : ''}
        </button>
      )}
      <ErrorMessage error={error ?? choices.error} />
    </section>
  );
}
