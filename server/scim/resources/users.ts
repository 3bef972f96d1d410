import type { Directory } from '../../directory/directory.js';
import { PatchWork, applyPatch, parsePatchRequest } from '../patch/index.js';
import type { ScimRequest, ScimResponse } from '../protocol/types.js';
import { SCIM_CONTENT_TYPE } from '../protocol/content-type.js';
import { userResourceType } from '../schemas/index.js';
import { indexedCandidates, parseListQuery, runList, type ListQuery, type ListSource } from './listing.js';
import { checkIfMatch, notModified } from './preconditions.js';
import type { ResourceRecord } from '../../store/types.js';
import { compileProjection, type Projection } from './projection.js';
import { etagOf, renderUser } from './representation.js';
import { sanitizeResource } from './sanitize.js';

/** /Users: Okta's and Entra's user lifecycle over the directory. */
export class UsersResource {
  constructor(private readonly directory: Directory) {}

  private get repo() {
    return this.directory.repo;
  }

  list(req: ScimRequest, params: Record<string, unknown> = req.query): ScimResponse {
    const query = parseListQuery(userResourceType, params);
    return ok(200, runList(this.listSource(req, query), query, (resource) => resource));
  }

  /** The users as a list query reads them (root searches read them too). */
  listSource(req: ScimRequest, query: ListQuery): ListSource<Record<string, unknown>> {
    const withMemberships = query.projection.keeps('groups');
    return {
      type: userResourceType,
      allIds: () => this.repo.userIds(),
      indexedIds: (filter) =>
        indexedCandidates(filter, {
          id: (v) => (this.repo.getUser(v) ? [v] : []),
          userName: (v) => {
            const id = this.repo.findUserIdByUserName(v);
            return id === undefined ? [] : [id];
          },
          externalId: (v) => this.repo.findUserIdsByExternalId(v),
        }),
      load: (id) => {
        const record = this.repo.getUser(id);
        return record && renderUser(this.repo, record, req.baseUrl, { withMemberships });
      },
    };
  }

  get(req: ScimRequest, id: string): ScimResponse {
    const record = this.directory.requireUser(id);
    if (notModified(record, req.headers.ifNoneMatch)) return { status: 304, headers: { ETag: etagOf(record) } };
    return this.respond(req, record, 200);
  }

  async create(req: ScimRequest): Promise<ScimResponse> {
    const projection = this.projectionOf(req); // a bad attributes parameter fails before the write
    const { data } = sanitizeResource(req.body, userResourceType);
    const { record, done } = this.directory.createUser(data, req.tokenId);
    await done;
    return this.respond(req, record, 201, projection);
  }

  async replace(req: ScimRequest, id: string): Promise<ScimResponse> {
    checkIfMatch(this.directory.requireUser(id), req.headers.ifMatch);
    const projection = this.projectionOf(req);
    const { data } = sanitizeResource(req.body, userResourceType);
    const { record, done } = this.directory.replaceUser(id, data);
    await done;
    return this.respond(req, record, 200, projection);
  }

  async patch(req: ScimRequest, id: string): Promise<ScimResponse> {
    const current = this.directory.requireUser(id);
    checkIfMatch(current, req.headers.ifMatch);
    const projection = this.projectionOf(req);
    const operations = parsePatchRequest(req.body);
    const patched = applyPatch({ id, ...current.data }, operations, userResourceType, new PatchWork());
    const { data } = sanitizeResource(patched, userResourceType);
    const { record, done } = this.directory.replaceUser(id, data);
    await done;
    return this.respond(req, record, 200, projection);
  }

  async remove(req: ScimRequest, id: string): Promise<ScimResponse> {
    checkIfMatch(this.directory.requireUser(id), req.headers.ifMatch);
    await this.directory.deleteUser(id);
    return { status: 204, headers: {} };
  }

  private projectionOf(req: ScimRequest): Projection {
    return compileProjection(userResourceType, req.query.attributes, req.query.excludedAttributes);
  }

  /** Every operation that returns the user honours attributes/excludedAttributes (RFC 7644 §3.9). */
  private respond(req: ScimRequest, record: ResourceRecord, status: 200 | 201, projection = this.projectionOf(req)): ScimResponse {
    const resource = renderUser(this.repo, record, req.baseUrl, { withMemberships: projection.keeps('groups') });
    const location = status === 201 ? `${req.baseUrl}/Users/${record.id}` : undefined;
    return ok(status, projection.apply(resource), etagOf(record), location);
  }
}

export function ok(status: number, body: unknown, etag?: string, location?: string): ScimResponse {
  const headers: Record<string, string> = { 'Content-Type': SCIM_CONTENT_TYPE };
  if (etag) headers.ETag = etag;
  if (location) headers.Location = location;
  return { status, headers, body };
}
