/** Users as Okta pushed them: server-side search and filters over a virtualised list. */
import { useCallback, useState } from 'react';
import type { UserListItem, UsersQuery } from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { AccessSummary, NotInEffectNotice } from '../../components/access-list';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { GroupNameInput } from '../../components/group-name-input';
import { LongName } from '../../components/long-name';
import { VirtualList } from '../../components/virtual-list';
import { useApi } from '../../hooks/use-api';
import { useDebounced } from '../../hooks/use-debounced';
import { usePagedList } from '../../hooks/use-paged-list';
import { href, navigate } from '../../router/routes';
import { count } from '../../text/count';

type ActiveFilter = 'all' | 'active' | 'inactive';
type AccessFilter = 'all' | 'any' | 'none';

function UserRow({ user }: { user: UserListItem }) {
  return (
    <span className="user-row">
      <span className="cell-main">
        <span className="primary">{user.userName}</span>
        <span className="secondary">{user.displayName ?? user.email ?? ''}</span>
      </span>
      <span className="cell-status">
        {user.active ? <span className="badge badge-done">Active</span> : <span className="badge">Inactive</span>}
      </span>
      <span className="cell-count">{count(user.groupCount, 'group')}</span>
      <span className="cell-access">
        <AccessSummary grants={user.access} />
      </span>
    </span>
  );
}

function GroupFilter({ groupId }: { groupId: string | undefined }) {
  const [text, setText] = useState('');
  const group = useApi(
    (signal) => (groupId ? call('GET /api/groups/:id', { id: groupId, signal }) : Promise.resolve(undefined)),
    [groupId],
  );
  if (groupId) {
    return (
      <div className="filter-chip">
        In group{' '}
        <strong>
          <LongName name={(group.data?.group.displayName as string | undefined) ?? '…'} lines={1} />
        </strong>
        <button type="button" className="button-small" onClick={() => navigate({ page: 'users' })}>
          Clear group filter
        </button>
      </div>
    );
  }
  return (
    <label>
      <span>In group</span>
      <GroupNameInput
        value={text}
        placeholder="Any group"
        onValueChange={(value, match) => {
          setText(value);
          if (match) navigate({ page: 'users', group: match.id });
        }}
      />
    </label>
  );
}

export function UsersPage({ group }: { group: string | undefined }) {
  const [search, setSearch] = useState('');
  const [active, setActive] = useState<ActiveFilter>('all');
  const [access, setAccess] = useState<AccessFilter>('all');
  const q = useDebounced(search.trim(), 60); // short: the server answers a 50,000-user search in tens of ms

  const query: UsersQuery = {
    q: q || undefined,
    active: active === 'all' ? undefined : active === 'active',
    access: access === 'all' ? undefined : access,
    group,
  };
  const key = JSON.stringify(query);
  const fetchPage = useCallback(
    (offset: number, limit: number, signal: AbortSignal) =>
      get('GET /api/users', { query: { ...(JSON.parse(key) as UsersQuery), offset, limit }, signal }),
    [key],
  );
  const list = usePagedList(fetchPage, key);
  const autoUserProvisioning = useApi((signal) => get('GET /api/settings/auto-user-provisioning', { signal }), []);
  const filtered = q !== '' || active !== 'all' || access !== 'all' || group !== undefined;

  return (
    <>
      <h1>Users</h1>
      <div className="filters" role="search">
        <label className="grow">
          <span>Search users</span>
          <input
            type="search"
            value={search}
            placeholder="userName, name or email"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label>
          <span>Status</span>
          <select value={active} onChange={(e) => setActive(e.target.value as ActiveFilter)}>
            <option value="all">All</option>
            <option value="active">Active</option>
            <option value="inactive">Inactive</option>
          </select>
        </label>
        <label>
          <span>Access</span>
          <select value={access} onChange={(e) => setAccess(e.target.value as AccessFilter)}>
            <option value="all">All</option>
            <option value="any">Has access</option>
            <option value="none">No access</option>
          </select>
        </label>
        <GroupFilter groupId={group} />
      </div>
      {autoUserProvisioning.data?.is_enabled === false && <NotInEffectNotice subject="each user" />}
      <ErrorMessage error={list.error} />
      {list.total === null && !list.error && <Loading label="Loading users…" />}
      {list.total !== null && (
        <p className="muted small" aria-live="polite" data-testid="users-count">
          {count(list.total, 'user')}
        </p>
      )}
      {list.total === 0 &&
        (filtered ? (
          <EmptyState title="No users match">Change the search or the filters.</EmptyState>
        ) : (
          <EmptyState title="No users yet">
            Users appear here when Okta assigns them to the app. Create a SCIM token on the{' '}
            <a href={href({ page: 'endpoint' })}>Endpoint & tokens</a> page and paste it into Okta's provisioning
            settings.
          </EmptyState>
        ))}
      {list.total !== null && list.total > 0 && (
        <VirtualList
          count={list.total}
          item={list.item}
          ensureRange={list.ensureRange}
          rowHeight={56}
          label="Users"
          rowHref={(user) => href({ page: 'user', id: user.id })}
          rowKey={(user) => user.id}
          renderRow={(user) => <UserRow user={user} />}
          testId="users-list"
        />
      )}
    </>
  );
}
