/**
 * SCIM traffic as Okta sends it (docs/interop.md#okta), over real HTTP with a token the admin created in the console:
 * the existence lookup before each create, `POST /Users` with a password, group push, membership PATCHes.
 */
import { PATCH_OP, oktaUser, request, type HttpResult } from './scim-server.js';

export { PATCH_OP, oktaUser } from './scim-server.js';

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const OKTA_USER_AGENT = 'Okta SCIM Client 1.0.0';

export interface OktaClient {
  send<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
  /** Assign a user to the app: `GET /Users?filter=userName eq` then `POST /Users`; answers the new id. */
  assignUser(userName: string, extra?: Record<string, unknown>): Promise<string>;
  /** Push a group (empty), then add its members in one PATCH; answers the group id. */
  pushGroup(displayName: string, memberIds: readonly string[]): Promise<string>;
  addMembers(groupId: string, memberIds: readonly string[]): Promise<void>;
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Okta's body for a user, named as a directory would name them ("ann.ames@x" -> Ann Ames). */
export function oktaPerson(userName: string, extra: Record<string, unknown> = {}) {
  const [given = 'Test', family = 'User'] = userName.split('@')[0]!.split('.').map(capitalise);
  return oktaUser(userName, {
    name: { givenName: given, familyName: family },
    displayName: `${given} ${family}`,
    ...extra,
  });
}

function expectStatus(result: HttpResult, allowed: number[], what: string): void {
  if (!allowed.includes(result.status))
    throw new Error(`${what}: HTTP ${result.status} ${JSON.stringify(result.body)}`);
}

export function oktaClient(scimUrl: string, token: string): OktaClient {
  const send: OktaClient['send'] = (method, path, body, headers = {}) =>
    request(`${scimUrl}${path}`, method, body, {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/scim+json',
      Accept: 'application/scim+json',
      'User-Agent': OKTA_USER_AGENT,
      ...headers,
    });
  const client: OktaClient = {
    send,
    async assignUser(userName, extra = {}) {
      const lookup = await send(
        'GET',
        `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`,
      );
      expectStatus(lookup, [200], `lookup ${userName}`);
      const created = await send<{ id: string }>('POST', '/Users', oktaPerson(userName, extra));
      expectStatus(created, [201], `create ${userName}`);
      return created.body.id;
    },
    async pushGroup(displayName, memberIds) {
      const created = await send<{ id: string }>('POST', '/Groups', {
        schemas: [GROUP_SCHEMA],
        displayName,
        members: [],
      });
      expectStatus(created, [201], `push ${displayName}`);
      if (memberIds.length > 0) await client.addMembers(created.body.id, memberIds);
      return created.body.id;
    },
    async addMembers(groupId, memberIds) {
      const patched = await send('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: memberIds.map((value) => ({ value })) }],
      });
      expectStatus(patched, [200, 204], `add members to ${groupId}`);
    },
  };
  return client;
}
