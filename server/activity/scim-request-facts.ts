import { lastAttributeOf } from './redact.js';
import type { ScimResourceType, ScimSignal } from './types.js';

/** Where the SCIM listener serves the protocol; anything else that reaches it is a wrong base URL. */
export const SCIM_BASE_PATH = '/scim/v2';

export type ScimPathTarget = { known: true; resourceType: ScimResourceType; resourceId?: string } | { known: false };

const ENDPOINTS: Record<string, { type: ScimResourceType; takesId: boolean }> = {
  users: { type: 'User', takesId: true },
  groups: { type: 'Group', takesId: true },
  serviceproviderconfig: { type: 'ServiceProviderConfig', takesId: false },
  resourcetypes: { type: 'ResourceType', takesId: true },
  schemas: { type: 'Schema', takesId: true },
  bulk: { type: 'Bulk', takesId: false },
  me: { type: 'Me', takesId: false },
};

/** Reads which SCIM resource a URL path addresses (endpoint names in any case). */
export function describeScimPath(path: string): ScimPathTarget {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (!trimmed.startsWith(SCIM_BASE_PATH + '/')) return { known: false };
  const [collection = '', id, ...rest] = trimmed.slice(SCIM_BASE_PATH.length + 1).split('/');
  const endpoint = ENDPOINTS[collection.toLowerCase()];
  if (!endpoint || rest.length > 0 || (id !== undefined && (!endpoint.takesId || id === ''))) return { known: false };
  if (id === undefined) return { known: true, resourceType: endpoint.type };
  return { known: true, resourceType: endpoint.type, resourceId: safeDecode(id) };
}

export interface ScimRequestShape {
  method: string;
  query: string;
  requestBody?: unknown;
  /** The body as received: when given, a body that cannot hold a password key is not walked. */
  requestJson?: string;
  /** The answer, when known: a GUID lookup that found someone is a real lookup, not a probe. */
  responseBody?: unknown;
}

/** Derives the signals of one request (see ScimSignal) from its method, target, query and unredacted body. */
export function deriveScimSignals(request: ScimRequestShape, target: ScimPathTarget): ScimSignal[] {
  const signals: ScimSignal[] = [];
  const method = request.method.toUpperCase();
  const body = request.requestBody;
  if (!target.known) {
    signals.push('unknown-path');
  } else if (target.resourceType === 'User') {
    if (target.resourceId === undefined) {
      if (method === 'GET') signals.push(...userQuerySignals(request.query, request.responseBody));
      if (method === 'POST') signals.push('user-create');
    } else if (method === 'PUT' || method === 'PATCH') {
      signals.push('user-update');
      const active = method === 'PUT' ? activeInResource(body) : activeInPatch(body);
      if (active === false) signals.push('user-deactivate');
      if (active === true && method === 'PATCH') signals.push('user-reactivate');
    } else if (method === 'DELETE') {
      signals.push('user-delete');
    }
  } else if (target.resourceType === 'Group') {
    if (target.resourceId === undefined) {
      if (method === 'GET') signals.push(...groupQuerySignals(request.query, request.responseBody));
      if (method === 'POST') {
        signals.push('group-create');
        const members = field(body, 'members');
        if (Array.isArray(members) && members.length > 0) signals.push('membership-change');
      }
    } else if (method === 'PUT' || method === 'PATCH') {
      signals.push('group-update');
      const changesMembers = method === 'PUT' ? field(body, 'members') !== undefined : patchTouchesMembers(body);
      if (changesMembers) signals.push('membership-change');
      if (method === 'PATCH') signals.push(...memberOperationSignals(body));
    } else if (method === 'DELETE') {
      signals.push('group-delete');
    }
  }
  if (method === 'PATCH' && target.known && (target.resourceType === 'User' || target.resourceType === 'Group'))
    signals.push(...patchDialectSignals(body));
  if (mayMentionPassword(request.requestJson) && containsPassword(body, 0)) signals.push('password-sent');
  return signals;
}

/** userName of a User or displayName of a Group, from the request body or else the response body. */
export function resourceNameOf(
  type: ScimResourceType | undefined,
  requestBody: unknown,
  responseBody: unknown,
): string | undefined {
  const key = type === 'User' ? 'userName' : type === 'Group' ? 'displayName' : undefined;
  if (!key) return undefined;
  const name = field(requestBody, key) ?? field(responseBody, key);
  return typeof name === 'string' ? name.slice(0, 256) : undefined;
}

function userQuerySignals(query: string, responseBody: unknown): ScimSignal[] {
  const params = new URLSearchParams(query);
  const filter = params.get('filter');
  if (filter !== null) {
    if (isGuidProbe(filter, responseBody)) return ['guid-probe'];
    if (/^\s*userName\s+eq\s/i.test(filter)) return ['user-lookup'];
    if (/^\s*externalId\s+eq\s/i.test(filter)) return ['external-id-lookup'];
    return ['user-list'];
  }
  // Okta's connector test; "the query parameters that Okta sends at this point are always constant".
  if (params.get('startIndex') === '1' && params.get('count') === '2') return ['connector-test'];
  return ['user-list'];
}

function groupQuerySignals(query: string, responseBody: unknown): ScimSignal[] {
  const filter = new URLSearchParams(query).get('filter');
  if (filter === null) return ['group-list'];
  if (isGuidProbe(filter, responseBody)) return ['guid-probe'];
  return /^\s*(displayName|externalId)\s+eq\s/i.test(filter) ? ['group-lookup'] : ['group-list'];
}

const GUID_EQ = /^\s*[\w:.]+\s+eq\s+"?\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?"?\s*$/i;

/**
 * Entra's Test Connection "queries the SCIM endpoint for a user that doesn't exist, using a random GUID as
 * the matching property" (Microsoft's SCIM tutorial), and does the same at the start of cycles. A GUID
 * lookup that found someone (an objectId kept as externalId) is a real lookup.
 */
function isGuidProbe(filter: string, responseBody: unknown): boolean {
  if (!GUID_EQ.test(filter)) return false;
  const total = field(responseBody, 'totalResults');
  return total === undefined || total === 0;
}

/** Which way a group PATCH changes members: add, remove (by filtered path or by a value list). */
function memberOperationSignals(body: unknown): ScimSignal[] {
  let adds = false;
  let removes = false;
  for (const op of patchOperations(body)) {
    const name = String(field(op, 'op') ?? '').toLowerCase();
    const path = field(op, 'path');
    const onMembers =
      typeof path === 'string' ? /^members\b/i.test(path.trim()) : field(field(op, 'value'), 'members') !== undefined;
    if (!onMembers) continue;
    if (name === 'add') adds = true;
    if (name === 'remove') removes = true;
  }
  return [...(adds ? (['member-add'] as const) : []), ...(removes ? (['member-remove'] as const) : [])];
}

/**
 * The PATCH dialect (Microsoft, "Known issues ... SCIM 2.0 protocol compliance"): Entra's default job
 * capitalises op names and sends active as "False"; with ?aadOptscim062020 it sends lower-case ops and
 * booleans, as RFC 7644 does.
 */
function patchDialectSignals(body: unknown): ScimSignal[] {
  const names = patchOperations(body)
    .map((op) => field(op, 'op'))
    .filter((name): name is string => typeof name === 'string');
  const signals: ScimSignal[] = [];
  if (names.some((name) => name !== name.toLowerCase())) signals.push('patch-capitalised-ops');
  else if (names.length > 0) signals.push('patch-lowercase-ops');
  if (activeSentAsString(body)) signals.push('active-as-string');
  return signals;
}

function activeSentAsString(body: unknown): boolean {
  return patchOperations(body).some((op) => {
    const path = field(op, 'path');
    const value = field(op, 'value');
    const active =
      typeof path === 'string' ? (path.toLowerCase() === 'active' ? value : undefined) : field(value, 'active');
    return typeof active === 'string' && /^(true|false)$/i.test(active);
  });
}

function activeInResource(body: unknown): boolean | undefined {
  return asBoolean(field(body, 'active'));
}

/** Handles `{op:"replace", value:{active:false}}` (Okta), `{op:"Replace", path:"active", value:"False"}` (Entra). */
function activeInPatch(body: unknown): boolean | undefined {
  let result: boolean | undefined;
  for (const op of patchOperations(body)) {
    const name = String(field(op, 'op') ?? '').toLowerCase();
    if (name !== 'replace' && name !== 'add') continue;
    const path = field(op, 'path');
    const value = field(op, 'value');
    const active =
      typeof path === 'string'
        ? path.toLowerCase() === 'active'
          ? asBoolean(value)
          : undefined
        : activeInResource(value);
    if (active !== undefined) result = active;
  }
  return result;
}

function patchTouchesMembers(body: unknown): boolean {
  return patchOperations(body).some((op) => {
    const path = field(op, 'path');
    if (typeof path === 'string') return /^members\b/i.test(path.trim());
    return field(field(op, 'value'), 'members') !== undefined;
  });
}

function patchOperations(body: unknown): unknown[] {
  const ops = field(body, 'Operations');
  return Array.isArray(ops) ? ops : [];
}

function mayMentionPassword(json: string | undefined): boolean {
  return json === undefined || /password|\\u/i.test(json);
}

/** A password attribute anywhere: as a key (POST, PUT, pathless PATCH) or as a PATCH operation's path. */
function containsPassword(value: unknown, depth: number): boolean {
  if (depth > 8 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => containsPassword(item, depth + 1));
  return Object.entries(value).some(
    ([key, item]) =>
      isPasswordName(key) ||
      (key.toLowerCase() === 'path' && typeof item === 'string' && isPasswordName(lastAttributeOf(item))) ||
      containsPassword(item, depth + 1),
  );
}

/** `password`, also under a schema URN (`urn:ietf:params:scim:schemas:core:2.0:User:password`). */
function isPasswordName(name: string): boolean {
  return lastAttributeOf(name).toLowerCase() === 'password';
}

/** An own property, looked up case-insensitively (SCIM attribute names are case-insensitive). */
function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (Object.hasOwn(value, name)) return (value as Record<string, unknown>)[name]; // the usual spelling
  const lower = name.toLowerCase();
  for (const [key, item] of Object.entries(value)) if (key.toLowerCase() === lower) return item;
  return undefined;
}

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
