/** Groups as Okta pushed them, searchable, in a virtualised list. */
import { useCallback, useState } from 'react';
import { get } from '../../api/client';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { VirtualList } from '../../components/virtual-list';
import { useDebounced } from '../../hooks/use-debounced';
import { usePagedList } from '../../hooks/use-paged-list';
import { href } from '../../router/routes';
import { count } from '../../text/count';

export function GroupsPage() {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 150);
  const fetchPage = useCallback((offset: number, limit: number, signal: AbortSignal) => get('GET /api/groups', { query: { q: q || undefined, offset, limit }, signal }), [q]);
  const list = usePagedList(fetchPage, q);
  return (
    <>
      <h1>Groups</h1>
      <div className="filters" role="search">
        <label className="grow">
          <span>Search groups</span>
          <input type="search" value={search} placeholder="Group name" onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <ErrorMessage error={list.error} />
      {list.total === null && !list.error && <Loading label="Loading groups…" />}
      {list.total === 0 &&
        (q ? (
          <EmptyState title="No groups match">Try another name.</EmptyState>
        ) : (
          <EmptyState title="No groups yet">
            Groups appear when Okta pushes them: in the Okta app, open Push Groups and push the group whose members should get access
            (use a group separate from the assignment group).
          </EmptyState>
        ))}
      {list.total !== null && list.total > 0 && (
        <>
          <p className="muted small" data-testid="groups-count">
            {count(list.total, 'group')}
          </p>
          <VirtualList
            count={list.total}
            item={list.item}
            ensureRange={list.ensureRange}
            rowHeight={44}
            label="Groups"
            rowHref={(group) => href({ page: 'group', id: group.id })}
            rowKey={(group) => group.id}
            renderRow={(group) => (
              <span className="user-row">
                <span className="cell-main">
                  <span className="primary">{group.displayName}</span>
                </span>
                <span className="cell-count">{count(group.memberCount, 'member')}</span>
              </span>
            )}
            testId="groups-list"
          />
        </>
      )}
    </>
  );
}
