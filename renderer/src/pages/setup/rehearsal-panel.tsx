/**
 * The rehearsal: SCIM Desk acts as the profile's identity provider against its own endpoint with a real
 * token (Okta: connector test, assignments, an update, group push, a rename, a deactivation, as the kind of
 * app in use sends them; Entra: Test Connection, an initial and an incremental cycle, a hard delete, in either
 * PATCH dialect), so every step of the wizard can be seen turning done without a tenant. Rehearsal data is
 * marked and removed in one step. What it plays and says is the profile's (`SetupState.profile`).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { EntraDialect, RehearsalRemoved, RehearsalRequest, SetupProfile } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { ApiFailure } from '../../api/errors';
import { ErrorMessage, Notice } from '../../components/feedback';
import { useAction } from '../../hooks/use-action';
import { useApi } from '../../hooks/use-api';

/** The run's own progress is not in the activity stream: poll while it runs. */
const POLL_MS = 600;

function clampInt(text: string, min: number, max: number, fallback: number): number {
  const value = Number.parseInt(text, 10);
  return Number.isNaN(value) ? fallback : Math.min(max, Math.max(min, value));
}

interface Props {
  profile: SetupProfile;
  revision: number;
  currentAdmin: string | null;
  onChanged(): void;
}

export function RehearsalPanel({ profile, revision, currentAdmin, onChanged }: Props) {
  const { words } = profile;
  const dialects = profile.rehearsal.dialects;
  const [dialect, setDialect] = useState(dialects[0]?.id ?? '');
  const [tick, setTick] = useState(0);
  const status = useApi((signal) => get('GET /api/rehearsal', { signal }), [revision, tick]);
  const [users, setUsers] = useState('5');
  const [groups, setGroups] = useState('3');
  const [includeAdmin, setIncludeAdmin] = useState(true);
  const [fast, setFast] = useState(false);
  const { busy, error, run } = useAction();
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  const [removed, setRemoved] = useState<RehearsalRemoved | null>(null);
  const data = status.data;
  const running = data?.phase === 'running';

  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setTick((t) => t + 1), POLL_MS);
    return () => window.clearInterval(timer);
  }, [running]);

  // When a run ends, the last requests' effects must show in the steps too.
  useEffect(() => {
    if (data?.phase === 'finished' || data?.phase === 'failed') onChanged();
  }, [data?.phase, data?.finishedAt, onChanged]);

  const start = async (event: FormEvent) => {
    event.preventDefault();
    setRemoved(null);
    const body: RehearsalRequest = {
      idp: profile.idp,
      users: clampInt(users, 2, 50, 5),
      groups: clampInt(groups, 1, 8, 3),
      fast,
    };
    if (dialects.length > 0) body.entraDialect = dialect as EntraDialect;
    if (includeAdmin && currentAdmin) body.admin = currentAdmin;
    await run(() => call('POST /api/rehearsal', { body }));
    setTick((t) => t + 1);
  };

  const remove = async () => {
    await run(async () => {
      setRemoved(await call('DELETE /api/rehearsal', {}));
      setConfirmingRemove(false);
      onChanged();
    });
    setTick((t) => t + 1);
  };

  const alreadyRunning = error instanceof ApiFailure && error.apiError('rehearsal_running') !== undefined;
  const hasData = data !== undefined && data.data.users + data.data.groups > 0;

  return (
    <section className="card rehearsal-card" aria-labelledby="rehearsal-heading" data-testid="rehearsal-panel">
      <h2 id="rehearsal-heading">Try it without {words.short}</h2>
      <p className="muted small">
        {profile.rehearsal.blurb} to this endpoint with a real token. Watch the steps turn done.
      </p>
      <form className="rehearsal-form" aria-label={`${words.short} rehearsal`} onSubmit={(e) => void start(e)}>
        <div className="inline-form">
          <label>
            <span>Users</span>
            <input
              type="number"
              min={2}
              max={50}
              value={users}
              onChange={(e) => setUsers(e.target.value)}
              data-testid="rehearsal-users"
            />
          </label>
          <label>
            <span>Groups</span>
            <input
              type="number"
              min={1}
              max={8}
              value={groups}
              onChange={(e) => setGroups(e.target.value)}
              data-testid="rehearsal-groups"
            />
          </label>
        </div>
        {dialects.length > 0 && (
          <label>
            <span>PATCH dialect</span>
            <select value={dialect} onChange={(e) => setDialect(e.target.value)} data-testid="rehearsal-dialect">
              {dialects.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={includeAdmin && currentAdmin !== null}
            disabled={currentAdmin === null}
            onChange={(e) => setIncludeAdmin(e.target.checked)}
            data-testid="rehearsal-include-admin"
          />
          <span>
            Include my account
            {currentAdmin ? (
              <>
                {' '}
                (<code>{currentAdmin}</code>) in the admin group
              </>
            ) : (
              <span className="muted"> (first enter your {words.short} username at the step for your own account)</span>
            )}
          </span>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={fast}
            onChange={(e) => setFast(e.target.checked)}
            data-testid="rehearsal-fast"
          />
          <span>Fast (no pause between requests)</span>
        </label>
        <button type="submit" className="button-primary" disabled={busy || running} data-testid="start-rehearsal">
          Rehearse with a simulated {words.short}
        </button>
      </form>

      {data && data.phase !== 'idle' && (
        <div className="rehearsal-progress" aria-live="polite" data-testid="rehearsal-progress">
          <label>
            <span>
              {running ? 'Rehearsing' : data.phase === 'finished' ? 'Rehearsal finished' : 'Rehearsal failed'}:{' '}
              {data.requestsSent} of {data.requestsPlanned} requests
            </span>
            <progress max={Math.max(1, data.requestsPlanned)} value={data.requestsSent} />
          </label>
          {data.step && <p className="muted small">{data.step}</p>}
        </div>
      )}
      {data?.phase === 'failed' && data.error && (
        <Notice tone="error" testId="rehearsal-error">
          {data.error}
        </Notice>
      )}
      {alreadyRunning ? (
        <Notice tone="info">A rehearsal is already running.</Notice>
      ) : (
        <ErrorMessage error={error ?? status.error} />
      )}

      {hasData && !running && (
        <div className="toolbar">
          {confirmingRemove ? (
            <>
              <button
                type="button"
                className="button-danger"
                disabled={busy}
                onClick={() => void remove()}
                data-testid="confirm-remove-rehearsal"
              >
                Remove {data.data.users} users and {data.data.groups} groups
              </button>
              <button type="button" onClick={() => setConfirmingRemove(false)}>
                Keep them
              </button>
            </>
          ) : (
            <button type="button" onClick={() => setConfirmingRemove(true)} data-testid="remove-rehearsal">
              Remove rehearsal data
            </button>
          )}
        </div>
      )}
      {removed && (
        <p className="muted small" role="status">
          Removed {removed.users} rehearsal users and {removed.groups} groups.
        </p>
      )}
    </section>
  );
}
