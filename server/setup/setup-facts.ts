/**
 * Everything the wizard's checks read, gathered once per `GET /api/setup` (see gather-facts.ts). The
 * checks themselves are pure functions of this object, so tests build it by hand.
 */
import type { SetupStepId, TunnelProbeResult } from '../admin/contract.js';
import type { ActivitySummary } from '../activity/activity-summary.js';
import type { ScimActivity } from '../activity/types.js';

export interface SetupUser {
  id: string;
  userName: string;
  active: boolean;
  /** Display names of the groups the user is a direct member of. */
  groups: readonly string[];
}

export interface SetupGroup {
  id: string;
  displayName: string;
  memberCount: number;
}

export interface SetupToken {
  id: string;
  label: string;
  state: 'active' | 'expired' | 'revoked';
  createdAt: string;
  /** Created for the Okta rehearsal (not the admin's Okta token). */
  rehearsal: boolean;
}

/** What the rules say about the current admin, computed by the rules engine. */
export interface AdminRuleCoverage {
  /** Rules giving Super Admin on the Global OU. */
  superAdminRules: readonly { rule_id: string; name: string }[];
  /** The admin has Super Admin on the Global OU now; null when that cannot be known (no admin, not provisioned). */
  adminCovered: boolean | null;
  /** Why the lockout guard would refuse enabling auto user provisioning; null when it would allow it. */
  guardRefusal: string | null;
}

export interface TunnelFacts {
  publicScimUrl: string | null;
  probe: TunnelProbeResult | null;
  urlChanged: boolean;
  oktaBaseUrl: string | null;
}

export interface SetupFacts {
  summary: Readonly<ActivitySummary>;
  /** SCIM requests in memory, oldest first (without bodies). */
  requests: readonly ScimActivity[];
  users: readonly SetupUser[];
  groups: readonly SetupGroup[];
  tokens: readonly SetupToken[];
  currentAdmin: string | null;
  provisioningMethod: 'scim' | 'saml' | 'none';
  autoProvisioningEnabled: boolean;
  rules: AdminRuleCoverage;
  tunnel: TunnelFacts;
  /** Steps the admin confirmed, with when. */
  confirmations: Partial<Record<SetupStepId, string>>;
}
