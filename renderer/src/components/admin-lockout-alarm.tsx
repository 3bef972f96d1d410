/**
 * The alarm on every page while the identity provider has locked the current admin out (auto user
 * provisioning on, no Super Admin on the Global OU): what happened, which request did it and when, and the
 * two ways out. A component of the app shell, beside any other alarm; it polls `GET /api/admin-lockout`
 * (a cheap read) rather than holding another activity stream open in every window.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AdminLockout } from '../../../server/admin/contract';
import { get } from '../api/client';
import { useInterval } from '../hooks/use-interval';
import { href } from '../router/routes';

/** How often the alarm checks while the window is visible (and at once on every page change). */
const POLL_MS = 3000;

function when(iso: string): string {
  const date = new Date(iso);
  return date.toDateString() === new Date().toDateString() ? date.toLocaleTimeString() : date.toLocaleString();
}

export function AdminLockoutAlarm({ page }: { page: string }) {
  const [lockout, setLockout] = useState<AdminLockout | null>(null);

  const check = useCallback(() => {
    get('GET /api/admin-lockout').then(
      (answer) => setLockout(answer.lockout),
      () => {}, // an unreachable server is the session banner's and the pages' to say; keep what was shown
    );
  }, []);
  useEffect(check, [check, page]);
  useInterval(check, POLL_MS);

  if (!lockout) return null;
  const { cause, request } = lockout;
  return (
    <section
      className="lockout-alarm"
      role="alert"
      aria-labelledby="lockout-alarm-heading"
      data-testid="admin-lockout-alarm"
    >
      <h2 id="lockout-alarm-heading">Locked out: {lockout.currentAdmin} has no Super Admin on the Global OU</h2>
      <p>{lockout.message}</p>
      {cause && (
        <p data-testid="lockout-cause">
          <strong>What happened:</strong> {cause.summary}
          {request ? (
            <>
              {' '}
              with{' '}
              <code>
                {request.method} {request.path}
              </code>{' '}
              → {request.status} at <time dateTime={request.time}>{when(request.time)}</time>
              {request.userAgent && <> ({request.userAgent})</>}.{' '}
              <a href={href({ page: 'activity' })}>See it in Activity</a>.
            </>
          ) : (
            lockout.since && (
              <>
                {' '}
                at <time dateTime={lockout.since}>{when(lockout.since)}</time>.
              </>
            )
          )}
        </p>
      )}
      <p className="lockout-ways-heading">
        <strong>Two ways out:</strong>
      </p>
      <ol className="lockout-ways" data-testid="lockout-ways">
        {lockout.waysOut.map((way) => (
          <li key={way}>{way}</li>
        ))}
      </ol>
      <p className="small">
        Meanwhile, on the <a href={href({ page: 'rules' })}>Rules</a> page, changes that do not make it worse stay
        allowed, and a change that gives you Super Admin back is always allowed.
      </p>
    </section>
  );
}
