/**
 * A fake of the Okta Management API: the only stand-in allowed for Okta, which this machine cannot reach. It
 * follows the project's reference of the real API (Okta's OpenAPI spec 5.1.0 as shipped with
 * @okta/okta-sdk-nodejs 8.1.0, and Okta's developer docs) to the letter for everything SCIM Desk calls:
 *
 * - the read endpoints under /api/v1 (apps, features, default connection, app users and groups, group push
 *   mappings, groups and members, users and their groups, the System Log), GET only (405 E0000022 otherwise);
 * - `Authorization: SSWS <token>`, or 401 E0000011; a denied scope answers 403 E0000006;
 * - lists as bare JSON arrays, paged with `limit` and an opaque `after` cursor, the next page in a
 *   `Link: <absolute url>; rel="next"` header beside `rel="self"` (no next on the last page);
 * - error bodies `{errorCode, errorSummary, errorLink, errorId, errorCauses}` with Okta's E0000xxx codes;
 * - `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds) on every answer, per endpoint bucket in
 *   one-minute windows, and 429 E0000047 over the limit; `Date` and `X-Okta-Request-Id` on every answer;
 * - the System Log's filter (eventType/outcome.result/target.id/actor.id with eq, sw, co, ew, joined by
 *   `and`), `since`/`until` (a `since` over 180 days ago is 400 E0000053; older than 90 days is not returned),
 *   `sortOrder`, and a bounded query ending its paging.
 *
 * Where the reference is silent the fake chooses and says so: the features API of an app it does not answer
 * for gives 404 E0000007 (Okta documents the features API for a handful of OIN apps only).
 */
import { randomUUID } from 'node:crypto';
import { FakeHttpServer, type RecordedRequest, type Reply } from '../fake-http-server.js';
import type { Json, OktaOrg } from './okta-org.js';

export interface OktaFakeOptions {
  org: OktaOrg;
  token?: string;
  /** The fake's clock (log windows, rate-limit windows, `Date`). */
  now?: () => number;
}

/** The OAuth scope each route needs (an SSWS token stands for an admin who holds them). */
const SCOPES = {
  apps: ['okta.apps.read'],
  mappings: ['okta.apps.read', 'okta.groups.read'],
  groups: ['okta.groups.read'],
  users: ['okta.users.read'],
  logs: ['okta.logs.read'],
} as const;

const DAY = 24 * 60 * 60 * 1000;

interface Route {
  scopes: readonly string[];
  handle: () => Reply;
}

export class OktaFake extends FakeHttpServer {
  org: OktaOrg;
  /** Scopes the token lacks: routes needing one answer 403 E0000006. */
  deniedScopes = new Set<string>();
  /** Requests per bucket per minute. */
  rateLimit = 600;
  /** The most items on one page, whatever `limit` asks (a real org pages too). */
  pageSize = Number.POSITIVE_INFINITY;
  /** A one-off answer for requests this matches (a 500, an HTML page…), before anything else. */
  override: ((request: RecordedRequest) => Reply | undefined) | null = null;
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(options: OktaFakeOptions) {
    super(options.token ?? 'okta-fake-token', options.now ?? Date.now);
    this.org = options.org;
  }

  protected override answer(request: RecordedRequest): Reply {
    const overridden = this.override?.(request);
    if (overridden) return overridden;
    const rate = this.countAgainstLimit(request);
    if (rate.exceeded)
      return this.error(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', [], rate.headers);
    const withRate = (reply: Reply): Reply => ({ ...reply, headers: { ...rate.headers, ...reply.headers } });

    if (request.authorizationScheme !== 'SSWS' || !request.tokenMatched) {
      return withRate(this.error(401, 'E0000011', 'Invalid token provided'));
    }
    const route = this.route(request);
    if (!route)
      return withRate(this.error(404, 'E0000007', `Not found: Resource not found: ${request.path} (Endpoint)`));
    if (request.method !== 'GET')
      return withRate(this.error(405, 'E0000022', 'The endpoint does not support the provided HTTP method'));
    if (route.scopes.some((scope) => this.deniedScopes.has(scope))) {
      return withRate(this.error(403, 'E0000006', 'You do not have permission to perform the requested action'));
    }
    return withRate(route.handle());
  }

  protected override commonHeaders(): Record<string, string> {
    return {
      Date: new Date(this.now()).toUTCString(),
      'X-Okta-Request-Id': randomUUID().replace(/-/g, '').slice(0, 20),
    };
  }

  private route(request: RecordedRequest): Route | null {
    const segments = request.path.split('/').slice(1).map(decodeURIComponent);
    if (segments[0] !== 'api' || segments[1] !== 'v1') return null;
    const [collection, id, sub, subId, leaf] = segments.slice(2);
    const org = this.org;
    switch (collection) {
      case 'apps': {
        if (id === undefined)
          return {
            scopes: SCOPES.apps,
            handle: () => this.list(request, this.listedApps(request), { fallback: -1, max: 200 }, (a) => a.id),
          };
        const app = org.apps.find((a) => a.id === id);
        if (!app) return { scopes: SCOPES.apps, handle: () => this.notFound(id, 'AppInstance') };
        if (sub === undefined)
          return { scopes: SCOPES.apps, handle: () => ({ status: 200, body: this.withAppLinks(app) }) };
        if (sub === 'features' && subId === 'USER_PROVISIONING' && leaf === undefined)
          return { scopes: SCOPES.apps, handle: () => this.feature(id) };
        if (sub === 'connections' && subId === 'default' && leaf === undefined) {
          const connection = org.connections[id];
          return {
            scopes: SCOPES.apps,
            handle: () =>
              connection ? { status: 200, body: connection } : this.notFound('default', 'ProvisioningConnection'),
          };
        }
        if (sub === 'users' && subId === undefined) {
          return {
            scopes: SCOPES.apps,
            handle: () => this.list(request, org.appUsers[id] ?? [], { fallback: 50, max: 500 }, (u) => u.id),
          };
        }
        if (sub === 'groups' && subId === undefined) {
          return {
            scopes: SCOPES.apps,
            handle: () => this.list(request, this.appGroups(id, request), { fallback: 20, max: 200 }, (g) => g.id),
          };
        }
        if (sub === 'group-push' && subId === 'mappings' && leaf === undefined) {
          return {
            scopes: SCOPES.mappings,
            handle: () => this.list(request, this.mappings(id, request), { fallback: 100, max: 1000 }, (m) => m.id),
          };
        }
        return null;
      }
      case 'groups': {
        if (id === undefined) return null;
        const group = org.groups.find((g) => g.id === id);
        if (sub === undefined)
          return {
            scopes: SCOPES.groups,
            handle: () => (group ? { status: 200, body: group } : this.notFound(id, 'UserGroup')),
          };
        if (sub === 'users' && subId === undefined) {
          return {
            scopes: SCOPES.groups,
            handle: () =>
              group
                ? this.list(request, this.members(id), { fallback: 1000, max: 1000 }, (u) => u.id)
                : this.notFound(id, 'UserGroup'),
          };
        }
        return null;
      }
      case 'users': {
        if (id === undefined) return null;
        const user = this.findUser(id);
        if (sub === undefined)
          return {
            scopes: SCOPES.users,
            handle: () => (user ? { status: 200, body: user } : this.notFound(id, 'User')),
          };
        if (sub === 'groups' && subId === undefined) {
          const groups = user ? org.groups.filter((g) => (org.memberships[g.id] ?? []).includes(user.id)) : [];
          return {
            scopes: SCOPES.users,
            handle: () =>
              user ? this.list(request, groups, { fallback: -1, max: 10_000 }, (g) => g.id) : this.notFound(id, 'User'),
          };
        }
        return null;
      }
      case 'logs':
        return id === undefined ? { scopes: SCOPES.logs, handle: () => this.logs(request) } : null;
      default:
        return null;
    }
  }

  private listedApps(request: RecordedRequest): Json[] {
    const q = request.query.q?.toLowerCase();
    const apps = this.org.apps.filter((a) => a.status !== 'DELETED');
    return (
      q ? apps.filter((a) => a.name.toLowerCase().startsWith(q) || a.label.toLowerCase().startsWith(q)) : apps
    ).map((a) => this.withAppLinks(a));
  }

  private withAppLinks(app: Json): Json {
    const base = `${this.origin}/api/v1/apps/${app.id}`;
    return {
      ...app,
      _links: { self: { href: base }, users: { href: `${base}/users` }, groups: { href: `${base}/groups` } },
    };
  }

  private feature(appId: string): Reply {
    const feature = this.org.provisioningFeatures[appId];
    if (feature === 'integration-off') {
      return this.error(400, 'E0000001', 'Api validation failed: feature', [
        'Provisioning is not enabled for the app instance.',
      ]);
    }
    if (!feature) return this.notFound('USER_PROVISIONING', 'AppFeature');
    return {
      status: 200,
      body: {
        ...feature,
        _links: {
          self: {
            href: `${this.origin}/api/v1/apps/${appId}/features/USER_PROVISIONING`,
            hints: { allow: ['GET', 'PUT'] },
          },
        },
      },
    };
  }

  private appGroups(appId: string, request: RecordedRequest): Json[] {
    const expand = request.query.expand;
    return (this.org.appGroups[appId] ?? []).map((assignment) => {
      const group = this.org.groups.find((g) => g.id === assignment.id);
      const links = {
        app: { href: `${this.origin}/api/v1/apps/${appId}` },
        group: { href: `${this.origin}/api/v1/groups/${assignment.id}` },
      };
      return { ...assignment, _links: links, ...(expand === 'group' && group ? { _embedded: { group } } : {}) };
    });
  }

  private mappings(appId: string, request: RecordedRequest): Json[] {
    const { status, sourceGroupId } = request.query;
    return (this.org.pushMappings[appId] ?? [])
      .filter((m) => (!status || m.status === status) && (!sourceGroupId || m.sourceGroupId === sourceGroupId))
      .map((m) => ({
        ...m,
        _links: {
          app: { href: `${this.origin}/api/v1/apps/${appId}` },
          sourceGroup: { href: `${this.origin}/api/v1/groups/${m.sourceGroupId}` },
          targetGroup: { href: `${this.origin}/api/v1/groups/${m.targetGroupId}` },
        },
      }));
  }

  private members(groupId: string): Json[] {
    const ids = this.org.memberships[groupId] ?? [];
    return ids.map((id) => this.org.users.find((u) => u.id === id)).filter((u): u is Json => u !== undefined);
  }

  /** A user by id, by login (case-insensitive), or by the login's unambiguous short name. */
  private findUser(key: string): Json | undefined {
    const users = this.org.users;
    const lower = key.toLowerCase();
    const exact = users.find((u) => u.id === key || String(u.profile.login).toLowerCase() === lower);
    if (exact) return exact;
    const short = users.filter((u) => String(u.profile.login).toLowerCase().split('@')[0] === lower);
    return short.length === 1 ? short[0] : undefined;
  }

  private logs(request: RecordedRequest): Reply {
    const now = this.now();
    const until = request.query.until ? Date.parse(request.query.until) : now;
    const since = request.query.since ? Date.parse(request.query.since) : until - 7 * DAY;
    if (!Number.isFinite(since) || !Number.isFinite(until))
      return this.error(400, 'E0000001', 'Api validation failed: since/until');
    if (since < now - 180 * DAY)
      return this.error(400, 'E0000053', 'Invalid SCIM filter: since is more than 180 days ago');
    let predicate: (event: Json) => boolean = () => true;
    if (request.query.filter) {
      const parsed = parseLogFilter(request.query.filter);
      if (!parsed) return this.error(400, 'E0000053', 'Invalid SCIM filter');
      predicate = parsed;
    }
    const oldest = Math.max(since, now - 90 * DAY);
    const descending = request.query.sortOrder === 'DESCENDING';
    const events = this.org.logs
      .filter((e) => Date.parse(e.published) >= oldest && Date.parse(e.published) < until && predicate(e))
      .sort((a, b) => (descending ? -1 : 1) * (Date.parse(a.published) - Date.parse(b.published)));
    return this.list(request, events, { fallback: 100, max: 1000 }, (e) => e.uuid);
  }

  /** One page of a list, with Okta's Link headers; `fallback` -1 means "all" when no limit is asked. */
  private list(
    request: RecordedRequest,
    items: Json[],
    limits: { fallback: number; max: number },
    cursor: (item: Json) => string,
  ): Reply {
    const asked = request.query.limit === undefined ? limits.fallback : Number.parseInt(request.query.limit, 10);
    if (!Number.isFinite(asked)) return this.error(400, 'E0000001', 'Api validation failed: limit');
    const limit = Math.min(asked < 0 ? Number.POSITIVE_INFINITY : Math.min(asked, limits.max), this.pageSize);
    let start = 0;
    if (request.query.after !== undefined) {
      const index = items.findIndex((item) => cursor(item) === request.query.after);
      start = index + 1; // an unknown cursor starts over at 0, as an expired one does
    }
    const page = items.slice(start, start + limit);
    const self = `${this.origin}${request.path}${request.search}`;
    const links = [`<${self}>; rel="self"`];
    if (start + page.length < items.length && page.length > 0) {
      const next = new URLSearchParams(request.query);
      next.set('after', cursor(page[page.length - 1]!));
      if (Number.isFinite(limit)) next.set('limit', String(limit));
      links.push(`<${this.origin}${request.path}?${next.toString()}>; rel="next"`);
    }
    return { status: 200, body: page, headers: { Link: links } };
  }

  private notFound(id: string, type: string): Reply {
    return this.error(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`);
  }

  private error(
    status: number,
    code: string,
    summary: string,
    causes: string[] = [],
    headers: Record<string, string> = {},
  ): Reply {
    return {
      status,
      headers,
      body: {
        errorCode: code,
        errorSummary: summary,
        errorLink: code,
        errorId: `oae${randomUUID().replace(/-/g, '').slice(0, 22)}`,
        errorCauses: causes.map((c) => ({ errorSummary: c })),
      },
    };
  }

  /** Counts the request against its bucket's one-minute window and states the budget. */
  private countAgainstLimit(request: RecordedRequest): { exceeded: boolean; headers: Record<string, string> } {
    const bucket = `${request.method} ${request.path.replace(/\/(apps|groups|users|mappings)\/[^/]+/g, '/$1/{id}')}`;
    const windowStart = Math.floor(this.now() / 60_000) * 60_000;
    let window = this.windows.get(bucket);
    if (!window || window.start !== windowStart) {
      window = { start: windowStart, used: 0 };
      this.windows.set(bucket, window);
    }
    const exceeded = window.used >= this.rateLimit;
    if (!exceeded) window.used += 1;
    return {
      exceeded,
      headers: {
        'X-Rate-Limit-Limit': String(this.rateLimit),
        'X-Rate-Limit-Remaining': String(Math.max(0, this.rateLimit - window.used)),
        'X-Rate-Limit-Reset': String((windowStart + 60_000) / 1000),
      },
    };
  }
}

/** The System Log filters SCIM Desk can send: `attr op "value"` terms joined by `and`. */
export function parseLogFilter(filter: string): ((event: Json) => boolean) | null {
  const terms = filter.split(/\s+and\s+/i);
  const tests: ((event: Json) => boolean)[] = [];
  for (const term of terms) {
    const match =
      /^\s*(eventType|outcome\.result|target\.id|actor\.id|legacyEventType)\s+(eq|sw|co|ew)\s+"([^"]*)"\s*$/i.exec(
        term,
      );
    if (!match) return null;
    const [, attribute, operator, value] = match as unknown as [string, string, string, string];
    const compare = (candidate: unknown) => {
      if (typeof candidate !== 'string') return false;
      switch (operator.toLowerCase()) {
        case 'eq':
          return candidate === value;
        case 'sw':
          return candidate.startsWith(value);
        case 'co':
          return candidate.includes(value);
        default:
          return candidate.endsWith(value);
      }
    };
    tests.push((event) => {
      if (attribute === 'target.id') return (event.target ?? []).some((t: Json) => compare(t.id));
      if (attribute === 'outcome.result') return compare(event.outcome?.result);
      if (attribute === 'actor.id') return compare(event.actor?.id);
      return compare(event[attribute]);
    });
  }
  return (event) => tests.every((t) => t(event));
}
