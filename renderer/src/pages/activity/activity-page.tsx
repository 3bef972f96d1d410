/** Every SCIM request and access change, live over SSE, with filters and a detail view; and the change feed. */
import { useEffect, useState } from 'react';
import type {
  ActivityEvent,
  ActivityKind,
  ActivityQuery,
  ActivityResourceType,
  ActivityStatus,
} from '../../../../server/admin/contract';
import { openActivityStream, type StreamState } from '../../api/activity-stream';
import { get } from '../../api/client';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { useDebounced } from '../../hooks/use-debounced';
import { href, type ActivityView } from '../../router/routes';
import { ActivityDetail } from './activity-detail';
import { ActivityTabs } from './activity-tabs';
import { ChangeFeedView } from './change-feed';

const MAX_KEPT = 2000;
const KIND_LABELS: Record<ActivityKind, string> = {
  scim_request: 'SCIM request',
  access_change: 'Access change',
  admin_change: 'Admin change',
};
const RESOURCES: ActivityResourceType[] = [
  'User',
  'Group',
  'Rule',
  'OrganizationalUnit',
  'Token',
  'Webhook',
  'Setting',
];

interface Filters {
  kind: ActivityKind | '';
  status: ActivityStatus | '';
  resource: ActivityResourceType | '';
}

function matches(event: ActivityEvent, filters: Filters): boolean {
  return (
    (filters.kind === '' || event.kind === filters.kind) &&
    (filters.status === '' || event.status === filters.status) &&
    (filters.resource === '' || event.resource?.type === filters.resource)
  );
}

/** Newest first, without duplicates (the stream can repeat what the first page already had). */
function merge(newer: ActivityEvent[], older: ActivityEvent[]): ActivityEvent[] {
  const seen = new Set<string>();
  const out: ActivityEvent[] = [];
  for (const event of [...newer, ...older]) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    out.push(event);
  }
  // Ids are time-sortable strings (contract): newest first is descending id order.
  return out.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, MAX_KEPT);
}

const STREAM_WORDS: Record<StreamState, string> = {
  live: 'Receiving live events',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  stopped: 'Live updates stopped',
};

export function ActivityPage({ view }: { view: ActivityView }) {
  if (view === 'log') return <ActivityLog />;
  return (
    <>
      <h1>Activity</h1>
      <ActivityTabs view={view} />
      <ChangeFeedView />
    </>
  );
}

function ActivityLog() {
  const [filters, setFilters] = useState<Filters>({ kind: '', status: '', resource: '' });
  const [events, setEvents] = useState<ActivityEvent[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [live, setLive] = useState(true);
  const [streamState, setStreamState] = useState<StreamState>('connecting');
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const query: ActivityQuery = {
    q: q || undefined,
    kind: filters.kind || undefined,
    status: filters.status || undefined,
    resource: filters.resource || undefined,
  };
  const queryKey = JSON.stringify(query);

  const loadPage = (before: string | undefined, signal?: AbortSignal) => {
    setLoading(true);
    return get('GET /api/activity', {
      query: { ...(JSON.parse(queryKey) as ActivityQuery), before, limit: 100 },
      signal,
    })
      .then(
        (page) => {
          // Merged, never replaced: live events that arrived while this page was loading stay.
          setEvents((current) => merge(current, page.items));
          setNextBefore(page.nextBefore);
          setError(undefined);
        },
        (failure: unknown) => {
          if (!signal?.aborted) setError(failure);
        },
      )
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    const controller = new AbortController();
    setEvents([]); // a new query starts from its own first page
    void loadPage(undefined, controller.signal);
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey]);

  useEffect(() => {
    if (!live) return;
    return openActivityStream((event) => {
      if (matches(event, filters) && (q === '' || JSON.stringify(event).toLowerCase().includes(q.toLowerCase())))
        setEvents((current) => merge([event], current));
    }, setStreamState);
  }, [live, filters, q]);

  const selected = events.find((e) => e.id === selectedId) ?? null;
  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  return (
    <>
      <div className="page-head">
        <h1>Activity</h1>
        <label className="checkbox">
          <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
          <span>Live</span>
        </label>
        <span className="muted small" aria-live="polite" data-testid="stream-state">
          {live ? STREAM_WORDS[streamState] : 'Paused'}
        </span>
      </div>
      <ActivityTabs view="log" />
      <div className="filters" role="search">
        <label className="grow">
          <span>Search activity</span>
          <input
            type="search"
            value={search}
            placeholder="userName, path, status, user agent…"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label>
          <span>Kind</span>
          <select value={filters.kind} onChange={(e) => setFilter('kind', e.target.value as Filters['kind'])}>
            <option value="">All</option>
            {Object.entries(KIND_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Status</span>
          <select value={filters.status} onChange={(e) => setFilter('status', e.target.value as Filters['status'])}>
            <option value="">All</option>
            <option value="ok">Succeeded</option>
            <option value="failed">Failed</option>
          </select>
        </label>
        <label>
          <span>Resource</span>
          <select
            value={filters.resource}
            onChange={(e) => setFilter('resource', e.target.value as Filters['resource'])}
          >
            <option value="">All</option>
            {RESOURCES.map((r) => (
              <option key={r} value={r}>
                {r === 'OrganizationalUnit' ? 'Organizational unit' : r}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={error} />
      {events.length === 0 && loading && <Loading />}
      {events.length === 0 && !loading && !error && (
        <EmptyState title="Nothing yet">
          Requests appear here as they arrive. In Okta, press "Test API Credentials" with the base URL and a token from{' '}
          <a href={href({ page: 'endpoint' })}>Endpoint & tokens</a>.
        </EmptyState>
      )}
      <div className="activity-layout">
        {events.length > 0 && (
          <div>
            <ul className="activity-list" aria-label="Activity" data-testid="activity-list">
              {events.map((event) => (
                <li key={event.id} className={event.status === 'failed' ? 'row-failed' : undefined}>
                  <button
                    type="button"
                    className="activity-row"
                    aria-pressed={event.id === selectedId}
                    onClick={() => setSelectedId(event.id)}
                  >
                    <time dateTime={event.at} title={event.at}>
                      {new Date(event.at).toLocaleTimeString()}
                    </time>
                    <span className={`badge badge-kind-${event.kind}`}>{KIND_LABELS[event.kind]}</span>
                    <span className="activity-summary">{event.summary}</span>
                    {event.status === 'failed' && <span className="badge badge-failed">Failed</span>}
                  </button>
                </li>
              ))}
            </ul>
            {nextBefore !== null && (
              <button type="button" disabled={loading} onClick={() => void loadPage(nextBefore)}>
                Load older
              </button>
            )}
          </div>
        )}
        {selected && <ActivityDetail event={selected} />}
      </div>
    </>
  );
}
