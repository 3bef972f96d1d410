import type { GroupEntry, MemberEntry } from '../../store/directory-store.js';
import type { ResourceRecord } from '../../store/types.js';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../schemas/index.js';

/** Weak ETag from the record version (RFC 7644 §3.14). */
export const etagOf = (record: ResourceRecord) => `W/"${record.meta.version}"`;

function meta(record: ResourceRecord, resourceType: 'User' | 'Group', location: string) {
  return {
    resourceType,
    created: record.meta.created,
    lastModified: record.meta.lastModified,
    location,
    version: etagOf(record),
  };
}

/**
 * A user as SCIM returns it. `groups` are the store's memberships of the user (`groupsOf`); leave them out
 * when the client excluded `groups` (no lookup for what is not sent), or for a representation without them.
 */
export function renderUser(record: ResourceRecord, baseUrl: string, groups?: readonly GroupEntry[]) {
  const schemas = ENTERPRISE_USER_SCHEMA in record.data ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA];
  const resource: Record<string, unknown> = { schemas, id: record.id, ...record.data };
  if (groups && groups.length > 0) {
    resource.groups = groups.map((group) => ({
      value: group.id,
      $ref: `${baseUrl}/Groups/${group.id}`,
      display: group.displayName,
      type: 'direct',
    }));
  }
  resource.meta = meta(record, 'User', `${baseUrl}/Users/${record.id}`);
  return resource;
}

/** A group as SCIM returns it; `members` (the store's `members`) only when the client asked for them. */
export function renderGroup(record: ResourceRecord, baseUrl: string, members?: readonly MemberEntry[]) {
  const resource: Record<string, unknown> = { schemas: [GROUP_SCHEMA], id: record.id, ...record.data };
  if (members) {
    resource.members = members.map((member) => {
      const path = member.type === 'Group' ? 'Groups' : 'Users';
      const out: Record<string, unknown> = {
        value: member.value,
        $ref: `${baseUrl}/${path}/${member.value}`,
        type: member.type,
      };
      const display = member.display ?? member.name;
      if (display !== undefined) out.display = display;
      return out;
    });
  }
  resource.meta = meta(record, 'Group', `${baseUrl}/Groups/${record.id}`);
  return resource;
}
