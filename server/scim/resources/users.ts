import type { Directory } from '../../directory/directory.js';
import { PatchWork, applyPatch, parsePatchRequest } from '../patch/index.js';
import type { ScimRequest, ScimResponse } from '../protocol/types.js';
import { SCIM_CONTENT_TYPE } from '../protocol/content-type.js';
import { userResourceType } from '../schemas/index.js';
import { parseListQuery, runList, type ListQuery, type ListSource } from './listing.js';
import { checkIfMatch, notModified } from './preconditions.js';
import type { ResourceRecord } from '../../store/types.js';
import { compileProjection, type Projection } from './projection.js';
import { etagOf, renderUser } from './representation.js';
import { sanitizeResource } from './sanitize.js';

/** /Users: Okta's and Entra's user lifecycle over the directory. */
export class UsersResource {
  constructor(private readonly directory: Directory) {}

  private get store() {
    return this.directory.store;
  }

  async list(req: ScimRequest, params: Record<string, unknown> = req.query): Promise<ScimResponse> {
    const query = parseListQuery(userResourceType, params);
    return ok(200, await runList(this.listSource(req, query), query, req.baseUrl));
  }

  /** The users as a list query reads them (root searches read them too). */
  listSource(req: ScimRequest, query: ListQuery): ListSource {
    const withMemberships = query.projection.keeps('groups');
    return {
      type: userResourceType,
      list: (storeQuery) => this.store.listUsers(storeQuery),
      render: (records) => Promise.all(records.map((record) => this.render(record, req.baseUrl, withMemberships))),
    };
  }

  async get(req: ScimRequest, id: string): Promise<ScimResponse> {
    const record = await this.directory.requireUser(id);
    if (notModified(record, req.headers.ifNoneMatch)) return { status: 304, headers: { ETag: etagOf(record) } };
    return this.respond(req, record, 200);
  }

  async create(req: ScimRequest): Promise<ScimResponse> {
    const projection = this.projectionOf(req); // a bad attributes parameter fails before the write
    const { data } = sanitizeResource(req.body, userResourceType);
    const record = await this.directory.createUser(data, req.tokenId);
    return this.respond(req, record, 201, projection);
  }

  async replace(req: ScimRequest, id: string): Promise<ScimResponse> {
    let projection: Projection | undefined;
    // Checked in the order a client can act on: the user exists, its version, then the request itself.
    const record = await this.directory.updateUser(id, (current) => {
      checkIfMatch(current, req.headers.ifMatch);
      projection = this.projectionOf(req);
      return sanitizeResource(req.body, userResourceType).data;
    });
    return this.respond(req, record, 200, projection);
  }

  async patch(req: ScimRequest, id: string): Promise<ScimResponse> {
    let projection: Projection | undefined;
    // Applied to the user as the transaction reads it: a concurrent PATCH on any node is never lost.
    const record = await this.directory.updateUser(id, (current) => {
      checkIfMatch(current, req.headers.ifMatch);
      projection = this.projectionOf(req);
      const operations = parsePatchRequest(req.body);
      const patched = applyPatch({ id, ...current.data }, operations, userResourceType, new PatchWork());
      return sanitizeResource(patched, userResourceType).data;
    });
    return this.respond(req, record, 200, projection);
  }

  async remove(req: ScimRequest, id: string): Promise<ScimResponse> {
    await this.directory.deleteUser(id, (current) => checkIfMatch(current, req.headers.ifMatch));
    return { status: 204, headers: {} };
  }

  private projectionOf(req: ScimRequest): Projection {
    return compileProjection(userResourceType, req.query.attributes, req.query.excludedAttributes);
  }

  private async render(
    record: ResourceRecord,
    baseUrl: string,
    withMemberships: boolean,
  ): Promise<Record<string, unknown>> {
    return renderUser(record, baseUrl, withMemberships ? await this.store.groupsOf(record.id) : undefined);
  }

  /** Every operation that returns the user honours attributes/excludedAttributes (RFC 7644 §3.9). */
  private async respond(
    req: ScimRequest,
    record: ResourceRecord,
    status: 200 | 201,
    projection = this.projectionOf(req),
  ): Promise<ScimResponse> {
    const resource = await this.render(record, req.baseUrl, projection.keeps('groups'));
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
