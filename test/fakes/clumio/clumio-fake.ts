/**
 * A fake of the Clumio REST API: the only stand-in allowed for Clumio, which this machine cannot reach. It
 * follows the project's reference of the real API (Clumio's Go and Python SDKs, its Terraform provider and its
 * API docs) to the letter for everything SCIM Desk calls:
 *
 * - auto user provisioning rules (list, create, read, PUT update, delete) and the setting (read, PUT), roles,
 *   organizational units (v2), users (v2, and v1's shape when v1 is asked for), audit trails;
 * - `Authorization: Bearer <token>`, or 401; `x-clumio-organizationalunit-context` accepted (empty or an OU id);
 * - the versioned media type per resource in `Accept` (`application/api.clumio.users=v2+json`, the wildcard
 *   `application/api.clumio.*=v1+json` and the multi form `…*=v2&users=v2+json`); no Accept, `*` or
 *   `application/json` gets the latest version, as Clumio documents for an omitted one;
 * - request bodies parsed as JSON whatever their Content-Type (Clumio's Go SDK sends text/plain);
 * - lists as `{_embedded: {items}, _links: {_self, _first, _next…}, current_count, limit, start…}`: rules paged
 *   with an opaque page token, the others with 1-based page numbers plus `total_count`, `total_pages_count`,
 *   `filter_applied`, `_last` and `_prev`; `_links._next.href` always carries `start=`;
 * - the documented `filter` fields of each list (a JSON object of `{"field": {"$op": value}}`);
 * - errors as `{"errors": [{"error_code": <integer>, "error_message": "…"}]}`, always JSON;
 * - 429 without rate-limit headers over 100 requests per second (Clumio documents no such headers).
 *
 * Where the reference is silent the fake chooses, and each choice is an inference: a wrong media type or
 * version answers 406; a created rule answers 201 and a deleted one 200 `{}`; error codes other than 111 (the
 * one in Clumio's own tests) are the HTTP status; a duplicate rule name is 409 (Clumio's "duplicate" status);
 * enabling auto user provisioning without a rule giving Super Admin on the Global OU, or removing the last such
 * rule while it is enabled, is 400 (Clumio's docs require the rule and forbid deleting it).
 */
import { randomUUID } from 'node:crypto';
import { FakeHttpServer, type RecordedRequest, type Reply } from '../fake-http-server.js';
import { ROLES, UNITS, type ClumioAccount, type Json } from './clumio-account.js';

export interface ClumioFakeOptions {
  account: ClumioAccount;
  token?: string;
  now?: () => number;
}

/** The resources SCIM Desk uses and the versions the fake serves (the last is the latest). */
const RESOURCES = {
  'auto-user-provisioning-rules': [1],
  'auto-user-provisioning-settings': [1],
  users: [1, 2],
  roles: [1],
  'organizational-units': [2],
  'audit-trails': [1],
} as const;

type Resource = keyof typeof RESOURCES;

const INVALID = 111; // "The request is invalid.", the one error code Clumio's own tests show
const REQUESTS_PER_SECOND = 100;
const RULES_PATH = '/settings/auto-user-provisioning/rules';

export class ClumioFake extends FakeHttpServer {
  account: ClumioAccount;
  /** Resources the token's user may not use: they answer 403. */
  denied = new Set<Resource>();
  /** The next this-many requests answer 429 (another client of the organization used the budget). */
  refuseNext = 0;
  /** The most items on one page, whatever `limit` asks. */
  pageSize = Number.POSITIVE_INFINITY;
  /** A one-off answer for requests this matches, before anything else. */
  override: ((request: RecordedRequest) => Reply | undefined) | null = null;
  private failWrite: { nth: number; status: number; seen: number } | null = null;
  private second = { start: 0, count: 0 };

  constructor(options: ClumioFakeOptions) {
    super(options.token ?? 'clumio-fake-token', options.now ?? Date.now);
    this.account = options.account;
  }

  /** The `nth` write (POST, PUT, PATCH, DELETE) from now on answers `status` without changing anything. */
  failNthWrite(nth: number, status = 500): void {
    this.failWrite = { nth, status, seen: 0 };
  }

  /** Rules giving Super Admin on the Global OU. */
  superAdminRules(rules: Json[] = this.account.rules): Json[] {
    return rules.filter(
      (r) => r.provision.role_id === ROLES.superAdmin && r.provision.organizational_unit_ids.includes(UNITS.global),
    );
  }

  protected override answer(request: RecordedRequest): Reply {
    const overridden = this.override?.(request);
    if (overridden) return overridden;
    if (this.refuseNext > 0 || this.overRate()) {
      this.refuseNext = Math.max(0, this.refuseNext - 1);
      return error(429, 429, 'Too Many Requests');
    }
    if (request.authorizationScheme !== 'Bearer' || !request.tokenMatched)
      return error(401, 401, 'The token is invalid or expired.');
    const route = this.route(request);
    if (!route) return error(404, 404, `No such resource: ${request.path}`);
    const version = negotiate(request.accept, route.resource);
    if (version === null)
      return error(406, 406, `Accept does not name a version of ${route.resource} this API serves: ${request.accept}`);
    if (this.denied.has(route.resource)) return error(403, 403, 'The user is not authorized to perform this action.');
    const allowed = route.methods[request.method];
    if (!allowed) return error(405, 405, `${request.method} is not supported on ${request.path}`);
    if (request.method !== 'GET' && this.failWrite) {
      this.failWrite.seen += 1;
      if (this.failWrite.seen === this.failWrite.nth) {
        const { status } = this.failWrite;
        this.failWrite = null;
        return error(status, status, 'Injected failure: nothing was changed.');
      }
    }
    if (request.method !== 'GET' && request.method !== 'DELETE' && !request.bodyIsJson)
      return error(400, INVALID, 'The request is invalid.');
    return allowed(version);
  }

  private overRate(): boolean {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.second.start) this.second = { start: second, count: 0 };
    this.second.count += 1;
    return this.second.count > REQUESTS_PER_SECOND;
  }

  private route(
    request: RecordedRequest,
  ): { resource: Resource; methods: Record<string, (version: number) => Reply> } | null {
    const path = request.path.replace(/\/$/, '');
    const segments = path.split('/').slice(1).map(decodeURIComponent);
    const [first, second, third, fourth] = segments;
    if (path === RULES_PATH) {
      return {
        resource: 'auto-user-provisioning-rules',
        methods: { GET: () => this.listRules(request), POST: () => this.createRule(request.body) },
      };
    }
    if (
      first === 'settings' &&
      second === 'auto-user-provisioning' &&
      third === 'rules' &&
      fourth &&
      segments.length === 4
    ) {
      return {
        resource: 'auto-user-provisioning-rules',
        methods: {
          GET: () => this.readRule(fourth),
          PUT: () => this.updateRule(fourth, request.body),
          DELETE: () => this.deleteRule(fourth),
        },
      };
    }
    if (path === '/settings/auto-user-provisioning') {
      return {
        resource: 'auto-user-provisioning-settings',
        methods: { GET: () => this.setting(), PUT: () => this.updateSetting(request.body) },
      };
    }
    if (first === 'users' && segments.length <= 2) {
      if (!second)
        return {
          resource: 'users',
          methods: {
            GET: (v) =>
              this.numbered(request, '/users', this.filtered(request, 'users', this.account.users), (u) =>
                this.userAs(u, v),
              ),
          },
        };
      const user = this.account.users.find((u) => u.id === second);
      return {
        resource: 'users',
        methods: {
          GET: (v) => (user ? { status: 200, body: this.userAs(user, v) } : error(404, 404, `No user ${second}`)),
        },
      };
    }
    if (first === 'roles' && segments.length <= 2) {
      if (!second) return { resource: 'roles', methods: { GET: () => this.listRoles(request) } };
      const role = this.account.roles.find((r) => r.id === second);
      return {
        resource: 'roles',
        methods: { GET: () => (role ? { status: 200, body: role } : error(404, 404, `No role ${second}`)) },
      };
    }
    if (first === 'organizational-units' && segments.length <= 2) {
      if (!second) {
        return {
          resource: 'organizational-units',
          methods: {
            GET: () =>
              this.numbered(
                request,
                '/organizational-units',
                this.filtered(request, 'organizational-units', this.account.organizationalUnits),
                (u) => u,
              ),
          },
        };
      }
      const unit = this.account.organizationalUnits.find((u) => u.id === second);
      return {
        resource: 'organizational-units',
        methods: {
          GET: () => (unit ? { status: 200, body: unit } : error(404, 404, `No organizational unit ${second}`)),
        },
      };
    }
    if (path === '/audit-trails') {
      return {
        resource: 'audit-trails',
        methods: {
          GET: () =>
            this.numbered(
              request,
              '/audit-trails',
              this.filtered(request, 'audit-trails', this.account.auditTrails),
              (a) => a,
            ),
        },
      };
    }
    return null;
  }

  // ---- rules ----

  private withRuleLinks(rule: Json): Json {
    const self = `${RULES_PATH}/${rule.rule_id}`;
    return {
      ...structuredClone(rule),
      _links: {
        _self: { href: self, templated: false, type: 'get' },
        'update-auto-user-provisioning-rule': { href: self, templated: false, type: 'put' },
        'delete-auto-user-provisioning-rule': { href: self, templated: false, type: 'delete' },
      },
    };
  }

  private listRules(request: RecordedRequest): Reply {
    const rules = this.filtered(request, 'auto-user-provisioning-rules', this.account.rules);
    if (!Array.isArray(rules)) return rules;
    const limit = this.limit(request);
    if (limit === null) return error(400, INVALID, 'limit must be a positive integer');
    const token = request.query.start ?? '';
    let offset = 0;
    if (token !== '') {
      const decoded = decodeToken(token);
      if (decoded === null) return error(400, INVALID, 'start is not a page token of this list');
      offset = decoded;
    }
    const items = rules.slice(offset, offset + limit).map((r) => this.withRuleLinks(r));
    const link = (start: string | null) => {
      const params = new URLSearchParams({ limit: String(limit) });
      if (start) params.set('start', start);
      return { href: `${RULES_PATH}?${params.toString()}`, templated: false, type: 'get' };
    };
    const links: Json = {
      _self: link(token || null),
      _first: link(null),
      'create-auto-user-provisioning-rule': { href: RULES_PATH, templated: false, type: 'post' },
    };
    if (offset + items.length < rules.length) links._next = link(encodeToken(offset + items.length));
    return {
      status: 200,
      body: { _embedded: { items }, _links: links, current_count: items.length, limit, start: token },
    };
  }

  private readRule(ruleId: string): Reply {
    const rule = this.account.rules.find((r) => r.rule_id === ruleId);
    return rule ? { status: 200, body: this.withRuleLinks(rule) } : error(404, 404, `No rule ${ruleId}`);
  }

  private createRule(body: unknown): Reply {
    const checked = this.checkRuleBody(body, null);
    if (!checked.ok) return checked.reply;
    const rule = { rule_id: randomUUID(), ...checked.rule };
    this.account.rules.push(rule);
    return { status: 201, body: this.withRuleLinks(rule) };
  }

  private updateRule(ruleId: string, body: unknown): Reply {
    const index = this.account.rules.findIndex((r) => r.rule_id === ruleId);
    if (index < 0) return error(404, 404, `No rule ${ruleId}`);
    const checked = this.checkRuleBody(body, ruleId);
    if (!checked.ok) return checked.reply;
    const updated = { rule_id: ruleId, ...checked.rule };
    const after = this.account.rules.map((r, i) => (i === index ? updated : r));
    if (this.account.autoUserProvisioning.is_enabled && this.superAdminRules(after).length === 0)
      return lastSuperAdminRule();
    this.account.rules[index] = updated;
    return { status: 200, body: this.withRuleLinks(updated) };
  }

  private deleteRule(ruleId: string): Reply {
    const after = this.account.rules.filter((r) => r.rule_id !== ruleId);
    if (after.length === this.account.rules.length) return error(404, 404, `No rule ${ruleId}`);
    if (this.account.autoUserProvisioning.is_enabled && this.superAdminRules(after).length === 0)
      return lastSuperAdminRule();
    this.account.rules = after;
    return { status: 200, body: {} };
  }

  /** The body of a create or a PUT: name, condition (one of the six forms, as a string) and provision. */
  private checkRuleBody(body: unknown, ruleId: string | null): { ok: true; rule: Json } | { ok: false; reply: Reply } {
    const b = (body ?? {}) as Json;
    if (typeof b !== 'object' || Array.isArray(b))
      return { ok: false, reply: error(400, INVALID, 'The request is invalid.') };
    if (typeof b.name !== 'string' || b.name.trim() === '')
      return { ok: false, reply: error(400, INVALID, 'name is required.') };
    if (typeof b.condition !== 'string' || !isCondition(b.condition))
      return { ok: false, reply: error(400, INVALID, 'condition is not a valid condition on user.groups.') };
    const provision = b.provision as Json | undefined;
    if (
      !provision ||
      typeof provision.role_id !== 'string' ||
      !this.account.roles.some((r) => r.id === provision.role_id)
    ) {
      return { ok: false, reply: error(400, INVALID, 'provision.role_id is not a role of this organization.') };
    }
    const units = provision.organizational_unit_ids;
    if (
      !Array.isArray(units) ||
      units.length === 0 ||
      !units.every((u) => this.account.organizationalUnits.some((ou) => ou.id === u))
    ) {
      return {
        ok: false,
        reply: error(
          400,
          INVALID,
          'provision.organizational_unit_ids must name organizational units of this organization.',
        ),
      };
    }
    if (this.account.rules.some((r) => r.name === b.name && r.rule_id !== ruleId))
      return { ok: false, reply: error(409, 409, `A rule named "${b.name}" already exists.`) };
    return {
      ok: true,
      rule: {
        name: b.name,
        condition: b.condition,
        provision: { role_id: provision.role_id, organizational_unit_ids: [...units] },
      },
    };
  }

  // ---- setting ----

  private setting(): Reply {
    const self = { href: '/settings/auto-user-provisioning', templated: false, type: 'get' };
    return {
      status: 200,
      body: {
        is_enabled: this.account.autoUserProvisioning.is_enabled,
        _links: { _self: self, 'update-auto-user-provisioning-setting': { ...self, type: 'put' } },
      },
    };
  }

  private updateSetting(body: unknown): Reply {
    const isEnabled = (body as Json | null)?.is_enabled;
    if (typeof isEnabled !== 'boolean') return error(400, INVALID, 'is_enabled must be true or false.');
    if (isEnabled && this.superAdminRules().length === 0) {
      return error(
        400,
        INVALID,
        'Create a rule that assigns the Super Admin role on the Global organizational unit before enabling auto user provisioning.',
      );
    }
    this.account.autoUserProvisioning.is_enabled = isEnabled;
    return this.setting();
  }

  // ---- users, roles, organizational units, audit trails ----

  private userAs(user: Json, version: number): Json {
    const links = { _self: { href: `/users/${user.id}`, templated: false, type: 'get' } };
    if (version === 2) return { ...structuredClone(user), _links: links };
    const { access_control_configuration: access, ...rest } = structuredClone(user);
    return {
      ...rest,
      assigned_role: access[0]?.role_id ?? null,
      assigned_organizational_unit_ids: access[0]?.organizational_unit_ids ?? [],
      _links: links,
    };
  }

  private listRoles(request: RecordedRequest): Reply {
    // The SDKs page roles not at all; Terraform sends `filter=` empty, which must be accepted.
    if (request.query.filter) return error(400, INVALID, 'filter is not supported on roles.');
    const items = structuredClone(this.account.roles);
    return {
      status: 200,
      body: {
        _embedded: { items },
        _links: { _self: { href: '/roles', templated: false, type: 'get' } },
        current_count: items.length,
        total_count: items.length,
        total_pages_count: 1,
        limit: items.length,
        start: '1',
        filter_applied: '',
      },
    };
  }

  /** A page-number list: `start` is the 1-based page. */
  private numbered(
    request: RecordedRequest,
    path: string,
    items: Json[] | Reply,
    present: (item: Json) => Json,
  ): Reply {
    if (!Array.isArray(items)) return items;
    const limit = this.limit(request);
    if (limit === null) return error(400, INVALID, 'limit must be a positive integer');
    const page = request.query.start === undefined ? 1 : Number(request.query.start);
    if (!Number.isInteger(page) || page < 1) return error(400, INVALID, 'start must be a page number from 1');
    const pages = Math.max(1, Math.ceil(items.length / limit));
    const slice = items.slice((page - 1) * limit, page * limit).map(present);
    const link = (n: number) => ({ href: `${path}?start=${n}&limit=${limit}`, templated: false, type: 'get' });
    const links: Json = { _self: link(page), _first: link(1), _last: link(pages) };
    if (page < pages) links._next = link(page + 1);
    if (page > 1) links._prev = link(page - 1);
    return {
      status: 200,
      body: {
        _embedded: { items: slice },
        _links: links,
        current_count: slice.length,
        filter_applied: request.query.filter ?? '',
        limit,
        start: String(page),
        total_count: items.length,
        total_pages_count: pages,
      },
    };
  }

  private limit(request: RecordedRequest): number | null {
    const asked = request.query.limit === undefined ? 100 : Number(request.query.limit);
    if (!Number.isInteger(asked) || asked < 1) return null;
    return Math.min(asked, this.pageSize);
  }

  /** Applies the `filter` query of a list; an unknown field or operator is a 400. */
  private filtered(request: RecordedRequest, resource: Resource, items: Json[]): Json[] | Reply {
    if (!request.query.filter) return items;
    let filter: Json;
    try {
      filter = JSON.parse(request.query.filter) as Json;
    } catch {
      return error(400, INVALID, 'filter is not JSON.');
    }
    const fields = FILTERS[resource] ?? {};
    let result = items;
    for (const [field, condition] of Object.entries(filter)) {
      for (const [operator, value] of Object.entries((condition ?? {}) as Json)) {
        const test = fields[field]?.[operator];
        if (!test) return error(400, INVALID, `filter ${field} ${operator} is not supported.`);
        result = result.filter((item) => test(item, value, this.now()));
      }
    }
    return result;
  }
}

type FilterTest = (item: Json, value: any, now: number) => boolean;

const hasRoleOn = (user: Json, test: (pair: Json) => boolean) => (user.access_control_configuration ?? []).some(test);

const FILTERS: Partial<Record<Resource, Record<string, Record<string, FilterTest>>>> = {
  'auto-user-provisioning-rules': {
    name: { $contains: (r, v) => String(r.name).includes(String(v)) }, // case sensitive, as documented
    role_id: { $eq: (r, v) => r.provision.role_id === v },
    organizational_unit_id: { $eq: (r, v) => r.provision.organizational_unit_ids.includes(v) },
  },
  users: {
    name: { $contains: (u, v) => `${u.full_name} ${u.email}`.toLowerCase().includes(String(v).toLowerCase()) },
    role_id: { $eq: (u, v) => hasRoleOn(u, (p) => p.role_id === v) },
    organizational_unit_id: { $eq: (u, v) => hasRoleOn(u, (p) => p.organizational_unit_ids.includes(v)) },
  },
  'organizational-units': {
    parent_id: { $eq: (u, v) => u.parent_id === v },
    name: { $contains: (u, v) => String(u.name).toLowerCase().includes(String(v).toLowerCase()) },
    id: { $in: (u, v) => Array.isArray(v) && v.includes(u.id) },
  },
  'audit-trails': {
    start_timestamp: {
      $gte: (a, v) => Date.parse(a.timestamp) >= Date.parse(v),
      $lt: (a, v) => Date.parse(a.timestamp) < Date.parse(v),
      $eq: (a, v, now) => Date.parse(a.timestamp) >= now - Number(v) * 1000,
    },
    category: { $in: (a, v) => Array.isArray(v) && v.includes(a.category) },
    action: { $in: (a, v) => Array.isArray(v) && v.includes(a.action) },
    status: { $in: (a, v) => Array.isArray(v) && v.includes(a.status) },
  },
};

/**
 * The version of `resource` an Accept header asks for, or null when it names none this fake serves. Clumio
 * media types: `application/api.clumio.<resource>=v<N>+json`, `application/api.clumio.*=v<N>+json`, and
 * `application/api.clumio.*=v<N>&<resource>=v<M>+json`.
 */
export function negotiate(accept: string | null, resource: Resource): number | null {
  const versions: readonly number[] = RESOURCES[resource];
  const latest = versions[versions.length - 1]!;
  if (!accept || accept.trim() === '') return latest;
  for (const range of accept.split(',')) {
    const type = range.split(';')[0]!.trim().toLowerCase();
    if (type === '*/*' || type === 'application/*' || type === 'application/json') return latest;
    const match = /^application\/api\.clumio\.(.+)\+json$/.exec(type);
    if (!match) continue;
    let asked: number | undefined;
    for (const part of match[1]!.split('&')) {
      const pair = /^([a-z*-]+)=v(\d+)$/.exec(part);
      if (!pair) return null;
      if (pair[1] === resource) asked = Number(pair[2]);
      else if (pair[1] === '*' && asked === undefined) asked = Number(pair[2]);
    }
    if (asked === undefined) continue;
    return versions.includes(asked) ? asked : null;
  }
  return null;
}

/** The six condition forms over `user.groups`. */
function isCondition(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  const names = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((n) => typeof n === 'string' && n !== '');
  if (!parsed || typeof parsed !== 'object' || Object.keys(parsed).join() !== 'user.groups') return false;
  const groups = (parsed as Json)['user.groups'] as Json;
  if (!groups || typeof groups !== 'object' || Object.keys(groups).length !== 1) return false;
  if ('$eq' in groups) return typeof groups.$eq === 'string' && groups.$eq !== '';
  if ('$in' in groups) return names(groups.$in);
  if ('$all' in groups) return names(groups.$all);
  const contains = groups.$contains as Json | undefined;
  if (!contains || typeof contains !== 'object' || Object.keys(contains).length !== 1) return false;
  return names(contains.$in ?? contains.$all);
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeToken(token: string): number | null {
  try {
    const { o } = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown };
    return Number.isInteger(o) && (o as number) >= 0 ? (o as number) : null;
  } catch {
    return null;
  }
}

function error(status: number, code: number, message: string): Reply {
  return { status, body: { errors: [{ error_code: code, error_message: message }] } };
}

function lastSuperAdminRule(): Reply {
  return error(
    400,
    INVALID,
    'You cannot remove the last rule that assigns Super Admin on the Global organizational unit while auto user provisioning is enabled.',
  );
}
