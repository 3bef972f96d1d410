/**
 * Everything the real-tenant checklist and the rules preview read from the admin's Okta org and Clumio
 * account, as one snapshot. Each item is a Reading: the value with its evidence, or why it could not be read.
 */
import type { DirectoryUser } from '../../rules/access.js';
import type { Rule } from '../../rules/rule.js';
import type {
  ClumioAutoUserProvisioning,
  ClumioOrganizationalUnit,
  ClumioRole,
  ClumioUser,
} from '../clumio/clumio-types.js';
import type {
  OktaApp,
  OktaAppGroup,
  OktaAppUser,
  OktaConnection,
  OktaProvisioning,
  OktaProvisioningFailures,
  OktaUser,
} from '../okta/okta-types.js';
import type { Reading } from './reading.js';

/** A member of a pushed group's source group in Okta. */
export interface PushedGroupMember {
  oktaUserId: string;
  login: string;
  /** The Okta user's status (ACTIVE, DEPROVISIONED, …). */
  status: string;
  /** Assigned to the app (only assigned members are pushed); null when the assignments could not be read. */
  assigned: boolean | null;
  /** The username Clumio receives, when assigned. */
  userName: string | null;
}

export interface PushedGroup {
  mappingId: string;
  /** ACTIVE | INACTIVE | ERROR */
  status: string;
  errorSummary: string | null;
  lastPush: string | null;
  sourceGroup: { id: string; name: string | null };
  /**
   * The group's name in Clumio, which rule conditions match: the pushed (target) group's name in Okta; the
   * source group's name when Okta has no target group to show (Okta pushes under the source name).
   */
  clumioName: string | null;
  clumioNameFrom: 'target-group' | 'source-group' | null;
  members: readonly PushedGroupMember[];
}

export interface OktaAssignments {
  users: readonly OktaAppUser[];
  groups: readonly OktaAppGroup[];
}

export interface OktaAdminFacts {
  /** The admin's Okta login, as configured. */
  login: string;
  /** null: Okta has no user with that login. */
  user: OktaUser | null;
  /** The admin's assignment to the app; null: not assigned. */
  assignment: OktaAppUser | null;
  /** Names of all the admin's Okta groups. */
  groups: readonly string[];
  /** Clumio names of the pushed groups (ACTIVE mappings) the admin is a member of. */
  pushedGroups: readonly string[];
}

export interface OktaFacts {
  orgUrl: string;
  appId: string;
  app: Reading<OktaApp>;
  provisioning: Reading<OktaProvisioning>;
  connection: Reading<OktaConnection>;
  pushedGroups: Reading<readonly PushedGroup[]>;
  assignments: Reading<OktaAssignments>;
  /** null when no admin login is configured. */
  admin: Reading<OktaAdminFacts> | null;
  failures: Reading<OktaProvisioningFailures>;
  /**
   * The app's assigned users as Clumio sees them (the rules preview's population): the username Clumio
   * receives and the Clumio names of the pushed groups they are in. Only ACTIVE mappings count: an INACTIVE
   * one is not pushed, and an ERROR one's latest push failed, so Clumio may not hold what Okta has.
   */
  population: Reading<readonly DirectoryUser[]>;
}

/** One role on one OU, with names where Clumio gave them. */
export interface RoleOnUnit {
  roleId: string;
  roleName: string | null;
  organizationalUnitId: string;
  organizationalUnitName: string | null;
}

export interface ClumioUserFacts extends ClumioUser {
  roleOnUnits: readonly RoleOnUnit[];
  superAdminOnGlobal: boolean;
}

export interface ClumioFacts {
  baseUrl: string;
  rules: Reading<readonly Rule[]>;
  /** Rules giving Super Admin on the Global OU (read with the rules). */
  superAdminRules: Reading<readonly Rule[]>;
  roles: Reading<readonly ClumioRole[]>;
  organizationalUnits: Reading<readonly ClumioOrganizationalUnit[]>;
  users: Reading<readonly ClumioUserFacts[]>;
  autoUserProvisioning: Reading<ClumioAutoUserProvisioning>;
  /** The Super Admin role's id and the Global OU's id, as this account names them. */
  superAdminRoleId: string;
  globalOrganizationalUnitId: string;
}

export interface ClumioAdminFacts {
  /** The addresses tried, in order: what Okta sends as the admin's username first. */
  candidates: readonly { email: string; from: 'app username' | 'okta email' | 'okta login' | 'configured login' }[];
  /** null: no Clumio user has any of them. */
  user: ClumioUserFacts | null;
  matchedBy: ClumioAdminFacts['candidates'][number]['from'] | null;
  superAdminOnGlobal: boolean;
}

export interface TenantSnapshot {
  /** When the read started and ended (ISO 8601). */
  startedAt: string;
  readAt: string;
  /** null: no Okta connection. */
  okta: OktaFacts | null;
  /** null: no Clumio connection. */
  clumio: ClumioFacts | null;
  /** The admin's own Clumio user; null without a Clumio connection or an admin login. */
  clumioAdmin: Reading<ClumioAdminFacts> | null;
}
