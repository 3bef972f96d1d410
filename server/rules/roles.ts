/**
 * Clumio's built-in roles (docs/clumio.md#roles) and their privilege order (docs/decisions.md#role-privilege-order).
 *
 * Ids: Super Admin, Organizational Unit Admin and Backup Admin use the fixed ids Clumio's own
 * acceptance tests use against the live API. Clumio publishes no id for Application Admin, Helpdesk Admin
 * and Reporting/Audit Admin, so the `a0000000-`, `b0000000-` and `c0000000-` ids below are OURS: stable
 * within SCIM Desk, not Clumio's. (`20000000-…` is a real Clumio role whose name is unknown, so we stay
 * clear of the `N0000000-` pattern Clumio uses.)
 *
 * Privilege order (rank, higher = more privileged), used when two rules give one user different roles
 * on the same OU. Clumio documents no order; ours follows the documented scope of each role:
 *   Super Admin          everything, organization-wide settings included;
 *   Application Admin    everything except organization-wide settings, across all OUs;
 *   OU Admin             the same as Application Admin but only inside the OU it is given on;
 *   Backup Admin         policies, data sources, backups; no granular record retrieval, no admin functions;
 *   Helpdesk Admin       API tokens, tasks, alerts, audit logs, on-demand backup/restore; otherwise view only;
 *   Reporting/Audit      view only, reports.
 * Application Admin ranks above OU Admin because on a given OU both have the same powers and Application
 * Admin is not confined to it; Backup Admin ranks above Helpdesk Admin because it can change policies and
 * data sources, which Helpdesk can only view.
 */
import { SUPER_ADMIN_ROLE_ID } from './well-known-ids.js';

export interface Role {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Privilege order: higher wins a conflict on one OU. */
  readonly rank: number;
}

export { SUPER_ADMIN_ROLE_ID };
export const ORGANIZATIONAL_UNIT_ADMIN_ROLE_ID = '10000000-0000-0000-0000-000000000000';
export const BACKUP_ADMIN_ROLE_ID = '30000000-0000-0000-0000-000000000000';
/** Our id (Clumio publishes none). */
export const APPLICATION_ADMIN_ROLE_ID = 'a0000000-0000-0000-0000-000000000000';
/** Our id (Clumio publishes none). */
export const HELPDESK_ADMIN_ROLE_ID = 'b0000000-0000-0000-0000-000000000000';
/** Our id (Clumio publishes none). */
export const REPORTING_AUDIT_ADMIN_ROLE_ID = 'c0000000-0000-0000-0000-000000000000';

/** Most privileged first. */
export const BUILT_IN_ROLES: readonly Role[] = Object.freeze([
  {
    id: SUPER_ADMIN_ROLE_ID,
    name: 'Super Admin',
    description:
      'Full access to all operations within the UI, including organization-wide settings and granular record retrieval.',
    rank: 600,
  },
  {
    id: APPLICATION_ADMIN_ROLE_ID,
    name: 'Application Admin',
    description: 'Full access to all operations within the UI, with the exception of organization-wide settings.',
    rank: 500,
  },
  {
    id: ORGANIZATIONAL_UNIT_ADMIN_ROLE_ID,
    name: 'Organizational Unit Admin',
    description:
      'Within their assigned organizational unit, full access to all operations, with the exception of organization-wide settings.',
    rank: 400,
  },
  {
    id: BACKUP_ADMIN_ROLE_ID,
    name: 'Backup Admin',
    description: 'Can create policies, manage data sources, and schedule backups; cannot do granular record retrieval.',
    rank: 300,
  },
  {
    id: HELPDESK_ADMIN_ROLE_ID,
    name: 'Helpdesk Admin',
    description:
      'Full access to API tokens, tasks, alerts, and audit logs; can run on-demand backups and restores; view access to policies, data sources, and reports.',
    rank: 200,
  },
  {
    id: REPORTING_AUDIT_ADMIN_ROLE_ID,
    name: 'Reporting/Audit Admin',
    description: 'View-only access to the UI; can generate reports.',
    rank: 100,
  },
] satisfies Role[]);

export function findRole(roles: readonly Role[], id: string): Role | undefined {
  return roles.find((role) => role.id === id);
}

/** Rank of a role id; unknown ids rank below every known role so a known role always wins. */
export function roleRank(roles: readonly Role[], id: string): number {
  return findRole(roles, id)?.rank ?? -1;
}

/** The display name of a role id, or the id itself in quotes when unknown (for messages). */
export function roleName(roles: readonly Role[], id: string): string {
  return findRole(roles, id)?.name ?? `unknown role "${id}"`;
}
