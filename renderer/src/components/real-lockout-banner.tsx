/**
 * The lock-out alarm of the real Clumio account, on every page while it holds: Okta's data (a removal from
 * the admin group, a deactivation, a push mapping in ERROR) means the account's rules no longer give the
 * admin Super Admin on the Global OU. The server answers from what it last read (no request to Okta or
 * Clumio), so asking often costs nothing; it asks again at once when a connection or the account changes.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ClumioAccountStatus } from '../../../server/admin/contract';
import { get } from '../api/client';
import { onTenantChange, readTime } from '../api/tenant-events';
import { href } from '../router/routes';
import './real-lockout-banner.css';

const ASK_EVERY_MS = 20_000;

export function RealLockoutBanner() {
  const [status, setStatus] = useState<ClumioAccountStatus | null>(null);
  const ask = useCallback(() => {
    get('GET /api/clumio/status').then(setStatus, () => {
      // Not shown: the session banner and the pages say when the server cannot be reached.
    });
  }, []);
  useEffect(() => {
    ask();
    const timer = window.setInterval(ask, ASK_EVERY_MS);
    const stop = onTenantChange(ask);
    window.addEventListener('focus', ask);
    return () => {
      window.clearInterval(timer);
      stop();
      window.removeEventListener('focus', ask);
    };
  }, [ask]);

  const lockout = status?.lockout;
  if (!lockout) return null;
  const held =
    lockout.clumio_still_super_admin === true
      ? ' Clumio still shows you as Super Admin: the next push from Okta takes it away.'
      : '';
  return (
    <div className="real-lockout-banner" role="alert" data-testid="real-lockout-banner">
      <strong>Lock-out risk in your Clumio account.</strong> {lockout.message}
      {held}
      {lockout.causes.length > 0 && (
        <ul>
          {lockout.causes.map((cause) => (
            <li key={cause}>{cause}</li>
          ))}
        </ul>
      )}
      <span className="small">
        From Okta and Clumio as read {readTime(lockout.read_at)}. Fix it in Okta (the group, the assignment, the push),
        or change the <a href={href({ page: 'clumio-rules' })}>account's rules</a>.
      </span>
    </div>
  );
}
