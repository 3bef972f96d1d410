/** One activity event in full: a request with its redacted bodies, or an access or admin change. */
import type { ActivityEvent } from '../../../../server/admin/contract';
import { describeReason } from '../../components/access-list';
import { Notice } from '../../components/feedback';
import { LongName } from '../../components/long-name';
import { When } from '../../components/when';
import { useLookups } from '../../lookups/lookups';
import { href } from '../../router/routes';
import { failureMeaning } from './failure-meaning';

function Body({ label, body }: { label: string; body: unknown }) {
  const text = bodyText(body);
  return (
    <>
      <h3>{label}</h3>
      {body === undefined || body === null || body === '' ? (
        <p className="muted">(empty)</p>
      ) : text === undefined ? (
        <p className="muted">(this body cannot be shown)</p>
      ) : (
        <pre className="code-block">{text}</pre>
      )}
    </>
  );
}

/** The body as shown, or undefined when it cannot be written out (one bad entry must not break the page). */
function bodyText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body, null, 2);
  } catch {
    return undefined;
  }
}

export function ActivityDetail({ event }: { event: ActivityEvent }) {
  const { roleName, ouName } = useLookups();
  return (
    <section className="card activity-detail" aria-label="Event detail" data-testid="activity-detail">
      <h2>
        <LongName name={event.summary} lines={3} />
      </h2>
      <p className="muted small">
        <When iso={event.at} style="date-and-time" />
      </p>
      {event.kind === 'scim_request' && (
        <>
          {event.status === 'failed' && <Notice tone="error">{failureMeaning(event) ?? 'The request failed.'}</Notice>}
          <dl className="facts">
            <dt>Request</dt>
            <dd>
              <code>
                {event.request.method} {event.request.path}
              </code>
            </dd>
            <dt>Status</dt>
            <dd>
              {event.response.status}
              {event.response.scimType && ` (${event.response.scimType})`} in {event.response.durationMs} ms
            </dd>
            <dt>Token</dt>
            <dd>{event.request.token ? event.request.token.label : 'not authenticated'}</dd>
            <dt>User agent</dt>
            <dd>{event.request.userAgent ?? 'unknown'}</dd>
            <dt>From</dt>
            <dd>{event.request.remoteAddress ?? 'unknown'}</dd>
          </dl>
          <p className="muted small">Passwords and tokens in bodies are replaced by "[redacted]".</p>
          <Body label="Request body" body={event.request.body} />
          <Body label="Response body" body={event.response.body} />
        </>
      )}
      {event.kind === 'access_change' && (
        <>
          <p>
            <a href={href({ page: 'user', id: event.user.id })}>{event.user.userName}</a> {event.change}{' '}
            <strong>{roleName(event.role_id)}</strong> on <strong>{ouName(event.organizational_unit_id)}</strong>.
          </p>
          <ul>
            {event.rules.map((reason, i) => (
              <li key={i}>via {describeReason(reason)}</li>
            ))}
          </ul>
        </>
      )}
      {event.kind === 'admin_change' && (
        <dl className="facts">
          <dt>Action</dt>
          <dd>
            <code>{event.action}</code>
          </dd>
          {event.detail && (
            <>
              <dt>Detail</dt>
              <dd>{event.detail}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
