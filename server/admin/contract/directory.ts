/** The directory as the admin browses it: users with their access, groups with their members. */
import type { AccessConflict, UserAccessGrant } from '../../access/access-types.js';
import type { ScimResource } from './common.js';

/**
 * `GET /api/users` → `Page<UserListItem>`, in creation order. Search and filters combine (AND).
 * Defaults: offset 0, limit 50; limit at most 500.
 */
export interface UsersQuery {
  /** Case-insensitive substring of userName, displayName, given/family name or an email. */
  q?: string;
  offset?: number;
  limit?: number;
  active?: boolean;
  /** `any`: has some access; `none`: has no access. */
  access?: 'any' | 'none';
  /** Member of this group (group id). */
  group?: string;
}

export interface UserListItem {
  id: string;
  userName: string;
  displayName: string | null;
  email: string | null; // the primary (or first) email
  active: boolean;
  groupCount: number;
  /** What the rules give the user; each grant's `in_effect` is false while auto user provisioning is off. */
  access: UserAccessGrant[];
}

export interface GroupRef {
  id: string;
  displayName: string;
}

/** `GET /api/users/:id`. `user` is the SCIM resource (enterprise extension included; never a password). */
export interface UserDetail {
  user: ScimResource;
  groups: GroupRef[];
  /** What the rules give the user; each grant's `in_effect` is false while auto user provisioning is off. */
  access: UserAccessGrant[];
  conflicts: AccessConflict[];
}

/** `GET /api/groups` → `Page<GroupListItem>` (sorted by displayName). Defaults: offset 0, limit 50, max 500. */
export interface GroupsQuery {
  /** Case-insensitive substring of displayName. */
  q?: string;
  offset?: number;
  limit?: number;
}

export interface GroupListItem {
  id: string;
  displayName: string;
  externalId: string | null;
  memberCount: number;
}

/** `GET /api/groups/:id`. `group` is the SCIM resource without `members`; `members` lists the first 1000. */
export interface GroupDetail {
  group: ScimResource;
  memberCount: number;
  members: { id: string; userName: string; displayName: string | null; active: boolean }[];
}
