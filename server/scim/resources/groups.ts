import type { Directory, MembershipStep } from '../../directory/directory.js';
import type { Member, ResourceRecord } from '../../store/types.js';
import { badRequest } from '../errors.js';
import { compileValueFilter, type FilterNode } from '../filter/index.js';
import { SCIM_LIMITS, stringTooLong, tooManyMembers } from '../limits.js';
import { PatchWork, WORK, applyPatch, parsePatchRequest, splitMemberOperations, type MemberOperation } from '../patch/index.js';
import type { ScimRequest, ScimResponse } from '../protocol/types.js';
import { findAttribute, groupResourceType } from '../schemas/index.js';
import { indexedCandidates, parseListQuery, runList, type ListQuery, type ListSource } from './listing.js';
import { checkIfMatch, notModified } from './preconditions.js';
import { compileProjection, type Projection } from './projection.js';
import { etagOf, renderGroup } from './representation.js';
import { sanitizeResource } from './sanitize.js';
import { ok } from './users.js';
import { isRecord } from '../../util/is-record.js';

/** /Groups: Okta group push and Entra group provisioning; members are stored apart from the group. */
export class GroupsResource {
  constructor(private readonly directory: Directory) {}

  private get repo() {
    return this.directory.repo;
  }

  list(req: ScimRequest, params: Record<string, unknown> = req.query): ScimResponse {
    const query = parseListQuery(groupResourceType, params);
    return ok(200, runList(this.listSource(req, query), query, (resource) => resource));
  }

  /** The groups as a list query reads them (root searches read them too). */
  listSource(req: ScimRequest, query: ListQuery): ListSource<Record<string, unknown>> {
    // Large groups: members are only assembled when returned or filtered on (wso2/product-is #8498).
    const filterNeedsMembers = JSON.stringify(query.filter ?? null).toLowerCase().includes('"members"');
    const withMemberships = query.projection.keeps('members') || filterNeedsMembers;
    return {
      type: groupResourceType,
      allIds: () => this.repo.groupIds(),
      indexedIds: (filter) =>
        indexedCandidates(filter, {
          id: (v) => (this.repo.getGroup(v) ? [v] : []),
          displayName: (v) => {
            const id = this.repo.findGroupIdByDisplayName(v);
            return id === undefined ? [] : [id];
          },
          externalId: (v) => this.repo.findGroupIdsByExternalId(v),
        }),
      load: (id) => {
        const record = this.repo.getGroup(id);
        return record && renderGroup(this.repo, record, req.baseUrl, { withMemberships });
      },
    };
  }

  get(req: ScimRequest, id: string): ScimResponse {
    const record = this.directory.requireGroup(id);
    if (notModified(record, req.headers.ifNoneMatch)) return { status: 304, headers: { ETag: etagOf(record) } };
    return this.respond(req, record, 200);
  }

  async create(req: ScimRequest): Promise<ScimResponse> {
    const projection = this.projectionOf(req); // a bad attributes parameter fails before the write
    const { data, members } = sanitizeResource(req.body, groupResourceType);
    const { record, done } = this.directory.createGroup(data, parseMembers(members), req.tokenId);
    await done;
    return this.respond(req, record, 201, projection);
  }

  async replace(req: ScimRequest, id: string): Promise<ScimResponse> {
    checkIfMatch(this.directory.requireGroup(id), req.headers.ifMatch);
    const projection = this.projectionOf(req);
    const { data, members } = sanitizeResource(req.body, groupResourceType);
    const steps: MembershipStep[] = [{ kind: 'clear' }, { kind: 'add', members: parseMembers(members) }];
    const { record, done } = this.directory.updateGroup(id, { data, members: steps });
    await done;
    return this.respond(req, record, 200, projection);
  }

  async patch(req: ScimRequest, id: string): Promise<ScimResponse> {
    const current = this.directory.requireGroup(id);
    checkIfMatch(current, req.headers.ifMatch);
    const projection = this.projectionOf(req);
    const { memberOps, otherOps } = splitMemberOperations(parsePatchRequest(req.body));
    const named = memberOps.reduce((sum, op) => sum + (op.kind === 'add' || op.kind === 'replace' ? op.members.length : op.kind === 'remove' ? op.values.length : 0), 0);
    if (named > SCIM_LIMITS.maxMembersPerRequest) throw tooManyMembers(named);
    const work = new PatchWork(); // one budget for the whole request, member operations included
    let data: Record<string, unknown> | undefined;
    if (otherOps.length > 0) {
      const patched = applyPatch({ id, ...current.data }, otherOps, groupResourceType, work);
      data = sanitizeResource(patched, groupResourceType).data;
    }
    const steps = memberOps.map((op) => this.toStep(id, op, work)).flat();
    const { record, done } = this.directory.updateGroup(id, { ...(data ? { data } : {}), members: steps });
    await done;
    // A 2,000-member group is not re-sent on every membership batch unless the client asks for it.
    if (req.query.attributes === undefined && req.query.excludedAttributes === undefined) {
      return { status: 204, headers: { ETag: etagOf(record) } };
    }
    return this.respond(req, record, 200, projection);
  }

  async remove(req: ScimRequest, id: string): Promise<ScimResponse> {
    checkIfMatch(this.directory.requireGroup(id), req.headers.ifMatch);
    await this.directory.deleteGroup(id);
    return { status: 204, headers: {} };
  }

  private projectionOf(req: ScimRequest): Projection {
    return compileProjection(groupResourceType, req.query.attributes, req.query.excludedAttributes);
  }

  /** Every operation that returns the group honours attributes/excludedAttributes (RFC 7644 §3.9). */
  private respond(req: ScimRequest, record: ResourceRecord, status: 200 | 201, projection = this.projectionOf(req)): ScimResponse {
    const resource = renderGroup(this.repo, record, req.baseUrl, { withMemberships: projection.keeps('members') });
    const location = status === 201 ? `${req.baseUrl}/Groups/${record.id}` : undefined;
    return ok(status, projection.apply(resource), etagOf(record), location);
  }

  private toStep(groupId: string, op: MemberOperation, work: PatchWork): MembershipStep[] {
    const members = op.kind === 'add' || op.kind === 'replace' ? op.members.length : op.kind === 'remove' ? op.values.length : 0;
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
        return [{ kind: 'remove', values: this.membersMatching(groupId, op.filter, work) }];
    }
  }

  /** `members[display eq "x"]` and other filters that do not name the value: evaluate on each member. */
  private membersMatching(groupId: string, filter: FilterNode, work: PatchWork): string[] {
    const matches = compileValueFilter(MEMBERS_ATTRIBUTE, filter);
    const members = this.repo.members(groupId);
    work.chargeFilter(members.size, filter);
    const values: string[] = [];
    for (const member of members.values()) {
      if (matches({ ...member, type: member.type ?? 'User' })) values.push(member.value);
    }
    return values;
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
      if (item.display.length > SCIM_LIMITS.maxStringLength) throw stringTooLong(`members[${i}].display`, item.display.length);
      member.display = item.display;
    }
    return member;
  });
}
