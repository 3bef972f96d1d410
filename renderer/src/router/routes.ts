/**
 * Hash routes (`#/users/abc?group=g1`): the app is one static page served from the admin listener or a
 * file, so the hash keeps every page addressable without server routes.
 */

export type Route =
  | { page: 'setup' }
  | { page: 'users'; group?: string }
  | { page: 'user'; id: string }
  | { page: 'groups' }
  | { page: 'group'; id: string }
  | { page: 'rules' }
  | { page: 'rule-new' }
  | { page: 'rule-edit'; id: string }
  | { page: 'organizational-units' }
  | { page: 'activity'; view?: ActivityView }
  | { page: 'webhooks' }
  | { page: 'endpoint' }
  | { page: 'settings' }
  | { page: 'connections' }
  | { page: 'clumio-rules' }
  | { page: 'not-found'; path: string };

export type PageName = Route['page'];

/** The Activity page's views: the request and change log (default), or the change feed (`?view=feed`). */
export type ActivityView = 'log' | 'feed';

/** The first page: the setup wizard (docs/setup-wizard.md) until setup is complete. */
export const HOME: Route = { page: 'setup' };

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const segments = pathPart
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  const [first, second, ...rest] = segments;
  if (rest.length > 0) return { page: 'not-found', path: raw };
  switch (first) {
    case undefined:
      return HOME;
    case 'setup':
      return second === undefined ? { page: 'setup' } : { page: 'not-found', path: raw };
    case 'users': {
      if (second !== undefined) return { page: 'user', id: second };
      const group = query.get('group');
      return group ? { page: 'users', group } : { page: 'users' };
    }
    case 'groups':
      return second === undefined ? { page: 'groups' } : { page: 'group', id: second };
    case 'rules':
      if (second === undefined) return { page: 'rules' };
      return second === 'new' ? { page: 'rule-new' } : { page: 'rule-edit', id: second };
    case 'organizational-units':
      return { page: 'organizational-units' };
    case 'activity':
      return query.get('view') === 'feed' ? { page: 'activity', view: 'feed' } : { page: 'activity' };
    case 'webhooks':
      return second === undefined ? { page: 'webhooks' } : { page: 'not-found', path: raw };
    case 'endpoint':
      return { page: 'endpoint' };
    case 'settings':
      return { page: 'settings' };
    case 'connections':
      return second === undefined ? { page: 'connections' } : { page: 'not-found', path: raw };
    case 'clumio':
      return second === 'rules' ? { page: 'clumio-rules' } : { page: 'not-found', path: raw };
    default:
      return { page: 'not-found', path: raw };
  }
}

export function href(route: Route): string {
  const e = encodeURIComponent;
  switch (route.page) {
    case 'setup':
      return '#/setup';
    case 'users':
      return route.group ? `#/users?group=${e(route.group)}` : '#/users';
    case 'user':
      return `#/users/${e(route.id)}`;
    case 'groups':
      return '#/groups';
    case 'group':
      return `#/groups/${e(route.id)}`;
    case 'rules':
      return '#/rules';
    case 'rule-new':
      return '#/rules/new';
    case 'rule-edit':
      return `#/rules/${e(route.id)}`;
    case 'organizational-units':
      return '#/organizational-units';
    case 'activity':
      return route.view === 'feed' ? '#/activity?view=feed' : '#/activity';
    case 'webhooks':
      return '#/webhooks';
    case 'endpoint':
      return '#/endpoint';
    case 'settings':
      return '#/settings';
    case 'connections':
      return '#/connections';
    case 'clumio-rules':
      return '#/clumio/rules';
    case 'not-found':
      return `#/${route.path}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}
