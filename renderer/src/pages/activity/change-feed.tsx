/**
 * The change feed (GET /api/events): what webhooks receive, newest first, one line per event with what it is
 * about; opening a line shows the event as sent. Refreshes every few seconds and on demand.
 */
import { useState } from 'react';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { useInterval } from '../../hooks/use-interval';
import { useLookups } from '../../lookups/lookups';
import { href } from '../../router/routes';
import { changeSummary } from './change-summary';
import { useChangeFeed } from './use-change-feed';

const REFRESH_MS = 5_000;
const STEP = 50;

export function ChangeFeedView() {
  const feed = useChangeFeed();
  useInterval(feed.refresh, REFRESH_MS);
  const { roleName, ouName } = useLookups();
  const [shown, setShown] = useState(STEP);
  const visible = feed.events.slice(0, shown);

  return (
    <section aria-label="Change feed" data-testid="change-feed">
      <div className="toolbar">
        <button
          type="button"
          className="button-small"
          disabled={feed.loading}
          onClick={feed.refresh}
          data-testid="feed-refresh"
        >
          Refresh
        </button>
        <span className="muted small" aria-live="polite" data-testid="feed-state">
          {feed.loading
            ? 'Reading the feed…'
            : feed.checkedAt
              ? `Up to date as of ${feed.checkedAt.toLocaleTimeString()}`
              : ''}
        </span>
      </div>
      <p className="muted small">
        Every change to users, groups and access, in the shapes <a href={href({ page: 'webhooks' })}>webhooks</a>{' '}
        receive. A change that was refused (a 409, a guard refusal) is not here.
      </p>
      <ErrorMessage error={feed.error} />
      {feed.events.length === 0 && feed.loading && <Loading />}
      {feed.events.length === 0 && !feed.loading && !feed.error && (
        <EmptyState title="No events yet">
          Events appear as users, groups and access change, whether they come from the identity provider or a rule.
        </EmptyState>
      )}
      {visible.length > 0 && (
        <ul className="activity-list feed-list" aria-label="Change feed events" data-testid="change-feed-list">
          {visible.map((event) => (
            <li key={event.id} data-testid="change-event" data-event-type={event.type}>
              <details className="feed-event">
                <summary>
                  <time dateTime={event.timestamp}>{new Date(event.timestamp).toLocaleString()}</time>
                  <span className="badge badge-event">{event.type}</span>
                  <span className="activity-summary">{changeSummary(event, { role: roleName, ou: ouName })}</span>
                </summary>
                <pre className="code-block">{JSON.stringify(event, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      {feed.events.length > shown && (
        <button type="button" onClick={() => setShown((n) => n + STEP)} data-testid="feed-show-older">
          Show older
        </button>
      )}
      {feed.events.length > 0 && feed.events.length <= shown && feed.truncated && (
        <p className="muted small">
          Older events are still in the feed: read them with <code>scim-desk events tail --from-start</code> or{' '}
          <code>GET /api/events</code>.
        </p>
      )}
    </section>
  );
}
