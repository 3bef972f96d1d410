import type { Directory } from '../../directory/directory.js';
import { ScimError, badRequest, toScimError } from '../errors.js';
import { resourceTypes, schemas, serviceProviderConfig } from '../resources/discovery.js';
import { GroupsResource } from '../resources/groups.js';
import { rootSearch, type RootSearchPart } from '../resources/root-search.js';
import { UsersResource } from '../resources/users.js';
import { SEARCH_REQUEST_SCHEMA, groupResourceType, userResourceType } from '../schemas/index.js';
import { SCIM_CONTENT_TYPE } from './content-type.js';
import type { ScimRequest, ScimRequestFacts, ScimResponse } from './types.js';
import { isRecord } from '../../util/is-record.js';

/** Discovery endpoints anyone may read (RFC 7644 §4): they describe the server, never its data. */
export function isDiscoveryPath(path: string): boolean {
  const first = path.split('/')[1]?.toLowerCase();
  return first === 'serviceproviderconfig' || first === 'resourcetypes' || first === 'schemas';
}

/** Routes one SCIM request to its resource; every failure becomes the RFC 7644 Error body. */
export class ScimProtocol {
  private readonly users: UsersResource;
  private readonly groups: GroupsResource;
  private readonly everyType: readonly RootSearchPart[];

  constructor(directory: Directory) {
    this.users = new UsersResource(directory);
    this.groups = new GroupsResource(directory);
    this.everyType = [
      { type: userResourceType, source: (req, query) => this.users.listSource(req, query) },
      { type: groupResourceType, source: (req, query) => this.groups.listSource(req, query) },
    ];
  }

  async handle(req: ScimRequest): Promise<{ response: ScimResponse; facts: ScimRequestFacts }> {
    const facts: ScimRequestFacts = {};
    try {
      return { response: await this.route(req, facts), facts };
    } catch (error) {
      return { response: errorResponse(error), facts };
    }
  }

  private async route(req: ScimRequest, facts: ScimRequestFacts): Promise<ScimResponse> {
    const segments = req.path.split('/').filter(Boolean).map(decodeSegment);
    const [collection, id, extra] = segments;
    const method = req.method.toUpperCase();
    if (!collection || extra !== undefined)
      throw new ScimError(404, undefined, `No SCIM resource at ${req.path || '/'}.`);
    const lower = collection.toLowerCase();

    if (lower === 'users' || lower === 'groups') {
      const resource = lower === 'users' ? this.users : this.groups;
      facts.resourceType = lower === 'users' ? 'User' : 'Group';
      if (id !== undefined) facts.resourceId = id;
      if (id === '.search') {
        if (method !== 'POST') throw methodNotAllowed(method, req.path);
        return resource.list(req, searchParams(req.body));
      }
      if (id === undefined) {
        if (method === 'GET') return resource.list(req);
        if (method === 'POST') return resource.create(req);
        throw methodNotAllowed(method, req.path);
      }
      switch (method) {
        case 'GET':
          return resource.get(req, id);
        case 'PUT':
          return resource.replace(req, id);
        case 'PATCH':
          return resource.patch(req, id);
        case 'DELETE':
          return resource.remove(req, id);
        default:
          throw methodNotAllowed(method, req.path);
      }
    }
    if (lower === '.search' && method !== 'POST') throw methodNotAllowed(method, req.path);
    if (method !== 'GET') {
      if (lower === 'bulk')
        throw new ScimError(501, undefined, 'Bulk operations are not supported (see /ServiceProviderConfig).');
      if (lower === '.search') return rootSearch(req, searchParams(req.body), this.everyType); // every resource type
      throw methodNotAllowed(method, req.path);
    }
    if (lower === 'serviceproviderconfig' && id === undefined) {
      facts.resourceType = 'ServiceProviderConfig';
      return serviceProviderConfig(req);
    }
    if (lower === 'resourcetypes') {
      facts.resourceType = 'ResourceType';
      return resourceTypes(req, id);
    }
    if (lower === 'schemas') {
      facts.resourceType = 'Schema';
      return schemas(req, id);
    }
    if (lower === 'me') throw new ScimError(501, undefined, '/Me is not supported: tokens are not tied to a user.');
    throw new ScimError(404, undefined, `No SCIM resource at ${req.path}. Resources are /Users and /Groups.`);
  }
}

/** A path segment with its percent-escapes decoded; a malformed escape (`%E0%A4%A`, a lone `%`) is the
 * client's syntax error, not a server failure. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    const shown = segment.length > 64 ? `${segment.slice(0, 64)}…` : segment;
    throw badRequest('invalidSyntax', `The path segment "${shown}" holds a malformed percent-escape.`);
  }
}

function searchParams(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw badRequest('invalidSyntax', 'A SearchRequest body must be a JSON object.');
  const schemas = body.schemas;
  if (Array.isArray(schemas) && !schemas.includes(SEARCH_REQUEST_SCHEMA)) {
    throw badRequest('invalidSyntax', `A SearchRequest must carry the schema ${SEARCH_REQUEST_SCHEMA}.`);
  }
  return body;
}

function methodNotAllowed(method: string, path: string) {
  return new ScimError(405, undefined, `${method} is not supported on ${path}.`);
}

export function errorResponse(error: unknown): ScimResponse {
  const known = toScimError(error);
  if (!known) console.error('scim-desk: unexpected error', error);
  const scimError = known ?? new ScimError(500, undefined, 'The server failed to handle the request.');
  const headers: Record<string, string> = { 'Content-Type': SCIM_CONTENT_TYPE };
  if (scimError.status === 503) headers['Retry-After'] = '1';
  return { status: scimError.status, headers, body: scimError.toBody() };
}
