import type { DirectoryRepository, ResourceRecord } from '../../store/types.js';
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

export interface RenderOptions {
  /** Skip the reverse-index walk when the client excluded `groups`/`members` (large groups). */
  withMemberships: boolean;
}

export function renderUser(repo: DirectoryRepository, record: ResourceRecord, baseUrl: string, options: RenderOptions) {
  const schemas = ENTERPRISE_USER_SCHEMA in record.data ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA];
  const resource: Record<string, unknown> = { schemas, id: record.id, ...record.data };
  if (options.withMemberships) {
    const groups = [];
    for (const groupId of repo.groupIdsOfMember(record.id)) {
      const group = repo.getGroup(groupId);
      if (group) groups.push({ value: groupId, $ref: `${baseUrl}/Groups/${groupId}`, display: group.data.displayName, type: 'direct' });
    }
    if (groups.length > 0) resource.groups = groups;
  }
  resource.meta = meta(record, 'User', `${baseUrl}/Users/${record.id}`);
  return resource;
}

export function renderGroup(repo: DirectoryRepository, record: ResourceRecord, baseUrl: string, options: RenderOptions) {
  const resource: Record<string, unknown> = { schemas: [GROUP_SCHEMA], id: record.id, ...record.data };
  if (options.withMemberships) {
    const members = [];
    for (const member of repo.members(record.id).values()) {
      const type = member.type ?? 'User';
      const display = member.display ?? displayOf(repo, member.value, type);
      const path = type === 'Group' ? 'Groups' : 'Users';
      const out: Record<string, unknown> = { value: member.value, $ref: `${baseUrl}/${path}/${member.value}`, type };
      if (display !== undefined) out.display = display;
      members.push(out);
    }
    resource.members = members;
  }
  resource.meta = meta(record, 'Group', `${baseUrl}/Groups/${record.id}`);
  return resource;
}

function displayOf(repo: DirectoryRepository, id: string, type: 'User' | 'Group'): unknown {
  if (type === 'Group') return repo.getGroup(id)?.data.displayName;
  const user = repo.getUser(id);
  return user?.data.displayName ?? user?.data.userName;
}
