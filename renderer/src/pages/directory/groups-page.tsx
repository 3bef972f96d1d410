/** Groups as the identity provider pushed them, searchable, in a virtualised list; names that look
 * generated (UUIDs, mail nicknames: docs/entra.md#what-scim-desk-flags-from-entras-traffic) are flagged before a
 * rule is written against them. */
import { useCallback, useMemo, useState } from 'react';
import { get } from '../../api/client';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { useApi } from '../../hooks/use-api';
import { VirtualList } from '../../components/virtual-list';
import { useDebounced } from '../../hooks/use-debounced';
import { usePagedList } from '../../hooks/use-paged-list';
import { href } from '../../router/routes';
import { count } from '../../text/count';

export function GroupsPage() {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 150);
  const fetchPage = useCallback(
    (offset: number, limit: number, signal: AbortSignal) =>
      get('GET /api/groups', { query: { q: q || undefined, offset, limit }, signal }),
    [q],
  );
  const list = usePagedList(fetchPage, q);
  const flagged = useApi((signal) => get('GET /api/setup/group-names', { signal }), []);
  const flags = useMemo(() => new Map((flagged.data?.items ?? []).map((flag) => [flag.id, flag])), [flagged.data]);
  return (
    <>
      <h1>Groups</h1>
      {flags.size > 0 && (
        <Notice tone="warning" testId="generated-group-names">
          <strong>
            {count(flags.size, 'group name')} look{flags.size === 1 ? 's' : ''} generated
          </strong>{' '}
          (
          {[...flags.values()]
            .slice(0, 3)
            .map((f) => `"${f.displayName}"`)
            .join(', ')}
          {flags.size > 3 ? ', …' : ''}). In Entra, delete the mailNickname mapping from the group attribute mappings
          (Provisioning → Mappings → Provision Microsoft Entra ID Groups), or names can arrive as UUIDs and rules
          written against them break. Write no rule against these names.
        </Notice>
      )}
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
            Groups appear when the identity provider pushes them: in Okta, open Push Groups and push the group whose
            members should get access (use a group separate from the assignment group); in Entra, assign the security
            group to the app.
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
                  <span className="primary" title={group.displayName.length > 60 ? group.displayName : undefined}>
                    {group.displayName}
                  </span>
                  {flags.has(group.id) && (
                    <span
                      className="badge badge-failed"
                      title={flags.get(group.id)!.message}
                      data-testid="group-name-flag"
                    >
                      {flags.get(group.id)!.reason === 'uuid' ? 'UUID name' : 'mail nickname?'}
                    </span>
                  )}
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
