import type { Directory } from '../../directory/directory.js';
import { PatchWork, applyPatch, parsePatchRequest } from '../patch/index.js';
import type { ScimRequest, ScimResponse } from '../protocol/types.js';
import { SCIM_CONTENT_TYPE } from '../protocol/content-type.js';
import { userResourceType } from '../schemas/index.js';
import { parseListQuery, runList, type ListQuery, type ListSource } from './listing.js';
import { checkIfMatch, notModified } from './preconditions.js';
import type { GroupEntry } from '../../store/directory-store.js';
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
    if (!query.projection.keeps('groups')) {
      return {
        type: userResourceType,
        list: (storeQuery) => this.store.listUsers(storeQuery),
        render: async (records) => records.map((record) => renderUser(record, req.baseUrl)),
      };
    }
    // The page's users are read with their groups, in one read; rendering finds each user's groups there.
    const groupsRead = new WeakMap<ResourceRecord, GroupEntry[]>();
    return {
      type: userResourceType,
      list: async (storeQuery) => {
        const page = await this.store.listUsersWithGroups(storeQuery);
        for (const { record, groups } of page.records) groupsRead.set(record, groups);
        return { total: page.total, records: page.records.map(({ record }) => record) };
      },
      render: (records) =>
        Promise.all(
          records.map(async (record) =>
            renderUser(record, req.baseUrl, groupsRead.get(record) ?? (await this.store.groupsOf(record.id))),
          ),
        ),
    };
  }

  async get(req: ScimRequest, id: string): Promise<ScimResponse> {
    const projection = this.validProjectionOf(req);
    if (!projection?.keeps('groups')) {
      // Without groups, or with a bad attributes parameter (refused by respond, after a 404 or a 304).
      const record = await this.directory.requireUser(id);
      if (notModified(record, req.headers.ifNoneMatch)) return { status: 304, headers: { ETag: etagOf(record) } };
      return this.respond(req, record, 200);
    }
    // The user and its groups in one read.
    const { record, groups } = await this.directory.requireUserWithGroups(id);
    if (notModified(record, req.headers.ifNoneMatch)) return { status: 304, headers: { ETag: etagOf(record) } };
    return ok(200, projection.apply(renderUser(record, req.baseUrl, groups)), etagOf(record));
  }

  async create(req: ScimRequest): Promise<ScimResponse> {
    const projection = this.projectionOf(req); // a bad attributes parameter fails before the write
    const { data } = sanitizeResource(req.body, userResourceType);
    const record = await this.directory.createUser(data, req.tokenId);
    return this.respond(req, record, 201, projection, []); // a user just created belongs to no group
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

  private validProjectionOf(req: ScimRequest): Projection | undefined {
    try {
      return this.projectionOf(req);
    } catch {
      return undefined;
    }
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
    groups?: readonly GroupEntry[],
  ): Promise<ScimResponse> {
    const resource = groups
      ? renderUser(record, req.baseUrl, projection.keeps('groups') ? groups : undefined)
      : await this.render(record, req.baseUrl, projection.keeps('groups'));
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
