import type { Directory, MembershipStep } from '../../directory/directory.js';
import type { MemberEntry } from '../../store/directory-store.js';
import type { Member, ResourceRecord } from '../../store/types.js';
import { badRequest } from '../errors.js';
import { compileValueFilter, type FilterNode } from '../filter/index.js';
import { SCIM_LIMITS, stringTooLong, tooManyMembers } from '../limits.js';
import {
  PatchWork,
  WORK,
  applyPatch,
  parsePatchRequest,
  splitMemberOperations,
  type MemberOperation,
} from '../patch/index.js';
import type { ScimRequest, ScimResponse } from '../protocol/types.js';
import { findAttribute, groupResourceType } from '../schemas/index.js';
import { parseListQuery, runList, type ListQuery, type ListSource } from './listing.js';
import { checkIfMatch, notModified } from './preconditions.js';
import { compileProjection, type Projection } from './projection.js';
import { etagOf, renderGroup } from './representation.js';
import { sanitizeResource } from './sanitize.js';
import { ok } from './users.js';
import { isRecord } from '../../util/is-record.js';

/** /Groups: Okta group push and Entra group provisioning; members are stored apart from the group. */
export class GroupsResource {
  constructor(private readonly directory: Directory) {}

  private get store() {
    return this.directory.store;
  }

  async list(req: ScimRequest, params: Record<string, unknown> = req.query): Promise<ScimResponse> {
    const query = parseListQuery(groupResourceType, params);
    return ok(200, await runList(this.listSource(req, query), query, req.baseUrl));
  }

  /** The groups as a list query reads them (root searches read them too). */
  listSource(req: ScimRequest, query: ListQuery): ListSource {
    // Large groups: members are only read when returned (wso2/product-is #8498); filters on them run in the store.
    const withMemberships = query.projection.keeps('members');
    return {
      type: groupResourceType,
      list: (storeQuery) => this.store.listGroups(storeQuery),
      render: (records) => Promise.all(records.map((record) => this.render(record, req.baseUrl, withMemberships))),
    };
  }

  async get(req: ScimRequest, id: string): Promise<ScimResponse> {
    const record = await this.directory.requireGroup(id);
    if (notModified(record, req.headers.ifNoneMatch)) return { status: 304, headers: { ETag: etagOf(record) } };
    return this.respond(req, record, 200);
  }

  async create(req: ScimRequest): Promise<ScimResponse> {
    const projection = this.projectionOf(req); // a bad attributes parameter fails before the write
    const { data, members } = sanitizeResource(req.body, groupResourceType);
    const record = await this.directory.createGroup(data, parseMembers(members), req.tokenId);
    return this.respond(req, record, 201, projection);
  }

  async replace(req: ScimRequest, id: string): Promise<ScimResponse> {
    let projection: Projection | undefined;
    // Checked in the order a client can act on: the group exists, its version, then the request itself.
    const record = await this.directory.updateGroup(id, (current) => {
      checkIfMatch(current, req.headers.ifMatch);
      projection = this.projectionOf(req);
      const { data, members } = sanitizeResource(req.body, groupResourceType);
      return { data, members: [{ kind: 'clear' }, { kind: 'add', members: parseMembers(members) }] };
    });
    return this.respond(req, record, 200, projection);
  }

  async patch(req: ScimRequest, id: string): Promise<ScimResponse> {
    // `members[display eq "x"]` and other filters that do not name the value select among the members as they
    // are read here; the removal itself is part of the transaction (a member added meanwhile was not selected).
    const members = removesByFilter(req.body) ? await this.store.members(id) : [];
    let projection: Projection | undefined;
    const record = await this.directory.updateGroup(id, (current) => {
      checkIfMatch(current, req.headers.ifMatch);
      projection = this.projectionOf(req);
      const { memberOps, otherOps } = splitMemberOperations(parsePatchRequest(req.body));
      const named = memberOps.reduce(
        (sum, op) =>
          sum +
          (op.kind === 'add' || op.kind === 'replace'
            ? op.members.length
            : op.kind === 'remove'
              ? op.values.length
              : 0),
        0,
      );
      if (named > SCIM_LIMITS.maxMembersPerRequest) throw tooManyMembers(named);
      const work = new PatchWork(); // one budget for the whole request, member operations included
      let data: Record<string, unknown> | undefined;
      if (otherOps.length > 0) {
        const patched = applyPatch({ id, ...current.data }, otherOps, groupResourceType, work);
        data = sanitizeResource(patched, groupResourceType).data;
      }
      const steps = memberOps.flatMap((op) =>
        toStep(op, work, (filter) => membersMatching(members, filter, work, req.baseUrl)),
      );
      return { ...(data ? { data } : {}), members: steps };
    });
    // A 2,000-member group is not re-sent on every membership batch unless the client asks for it.
    if (req.query.attributes === undefined && req.query.excludedAttributes === undefined) {
      return { status: 204, headers: { ETag: etagOf(record) } };
    }
    return this.respond(req, record, 200, projection);
  }

  async remove(req: ScimRequest, id: string): Promise<ScimResponse> {
    await this.directory.deleteGroup(id, (current) => checkIfMatch(current, req.headers.ifMatch));
    return { status: 204, headers: {} };
  }

  private projectionOf(req: ScimRequest): Projection {
    return compileProjection(groupResourceType, req.query.attributes, req.query.excludedAttributes);
  }

  private async render(
    record: ResourceRecord,
    baseUrl: string,
    withMemberships: boolean,
  ): Promise<Record<string, unknown>> {
    return renderGroup(record, baseUrl, withMemberships ? await this.store.members(record.id) : undefined);
  }

  /** Every operation that returns the group honours attributes/excludedAttributes (RFC 7644 §3.9). */
  private async respond(
    req: ScimRequest,
    record: ResourceRecord,
    status: 200 | 201,
    projection = this.projectionOf(req),
  ): Promise<ScimResponse> {
    const resource = await this.render(record, req.baseUrl, projection.keeps('members'));
    const location = status === 201 ? `${req.baseUrl}/Groups/${record.id}` : undefined;
    return ok(status, projection.apply(resource), etagOf(record), location);
  }
}

/** Whether a PATCH body removes members selected by a filter (a body that does not parse is refused later). */
function removesByFilter(body: unknown): boolean {
  try {
    return splitMemberOperations(parsePatchRequest(body)).memberOps.some((op) => op.kind === 'removeWhere');
  } catch {
    return false;
  }
}

/** The members a value filter selects, evaluated on each member as SCIM shows it. */
function membersMatching(
  members: readonly MemberEntry[],
  filter: FilterNode,
  work: PatchWork,
  baseUrl: string,
): string[] {
  const matches = compileValueFilter(MEMBERS_ATTRIBUTE, filter, { baseUrl });
  work.chargeFilter(members.length, filter);
  const values: string[] = [];
  for (const member of members) {
    const element: Record<string, unknown> = { value: member.value, type: member.type };
    if (member.display !== undefined) element.display = member.display;
    if (matches(element)) values.push(member.value);
  }
  return values;
}

function toStep(op: MemberOperation, work: PatchWork, matching: (filter: FilterNode) => string[]): MembershipStep[] {
  const members =
    op.kind === 'add' || op.kind === 'replace' ? op.members.length : op.kind === 'remove' ? op.values.length : 0;
  work.charge(WORK.operation + members * WORK.member);
  switch (op.kind) {
    case 'add':
      return [{ kind: 'add', members: op.members }];
    case 'replace':
      return [{ kind: 'clear' }, { kind: 'add', members: op.members }];
    case 'removeAll':
      return [{ kind: 'clear' }];
    case 'remove':
      return [{ kind: 'remove', values: op.values }];
    case 'removeWhere':
      return [{ kind: 'remove', values: matching(op.filter) }];
  }
}

const MEMBERS_ATTRIBUTE = findAttribute(groupResourceType.schema.attributes, 'members')!;

function parseMembers(value: unknown): Member[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest('invalidValue', 'members must be an array.');
  if (value.length > SCIM_LIMITS.maxMembersPerRequest) throw tooManyMembers(value.length);
  return value.map((item, i) => {
    if (!isRecord(item) || typeof item.value !== 'string' || item.value === '') {
      throw badRequest('invalidValue', `members[${i}] needs a string "value" (the member's id).`);
    }
    if (item.value.length > SCIM_LIMITS.maxStringLength) throw stringTooLong(`members[${i}].value`, item.value.length);
    const member: Member = { value: item.value };
    if (typeof item.display === 'string') {
      if (item.display.length > SCIM_LIMITS.maxStringLength)
        throw stringTooLong(`members[${i}].display`, item.display.length);
      member.display = item.display;
    }
    return member;
  });
}
