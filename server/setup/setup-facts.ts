/**
 * Everything the wizard's checks read, gathered once per `GET /api/setup` (see gather-facts.ts). The
 * checks themselves are pure functions of this object, so tests build it by hand.
 */
import type { AdminLockout, ProvisioningTarget } from '../access/access-types.js';
import type { RealAccountLockout } from '../clumio-account/account-types.js';
import type { TenantSnapshot } from '../tenants/facts/tenant-snapshot.js';
import type { IdentityProfile } from '../identity-providers/profile.js';
import type { TunnelProbeResult } from '../tunnel/tunnel-types.js';
import type { SetupStepId } from './setup-types.js';
import type { ActivitySummary, WizardEvidenceState } from '../activity/wizard-evidence.js';

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
  /** When it was created here (ISO 8601). */
  created: string;
}

export interface SetupToken {
  id: string;
  label: string;
  state: 'active' | 'expired' | 'revoked';
  createdAt: string;
  /** Created for a rehearsal (not the admin's own token for Okta or Entra). */
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
  /** The identity provider calls another public URL than the current one (it must be updated there). */
  urlChanged: boolean;
  /** The public URL the identity provider is known to call: its requests arrived through it, or the admin said so. */
  oktaBaseUrl: string | null;
}

export interface SetupFacts {
  /** The identity profile: whose checklist applies, in whose words (identity-providers/registry.ts). */
  profile: IdentityProfile;
  /** false until the admin picked the profile (the console asks). */
  identityProviderChosen: boolean;
  /** Everything remembered about the traffic, whatever the size of the activity window (wizard-evidence.ts). */
  evidence: Readonly<WizardEvidenceState>;
  /** `evidence.summary`. */
  summary: Readonly<ActivitySummary>;
  /** When the facts were gathered (ISO 8601): "nothing for 50 minutes" needs a now. */
  now: string;
  users: readonly SetupUser[];
  groups: readonly SetupGroup[];
  tokens: readonly SetupToken[];
  currentAdmin: string | null;
  provisioningMethod: 'scim' | 'saml' | 'none';
  autoProvisioningEnabled: boolean;
  rules: AdminRuleCoverage;
  /** Set while the identity provider has locked the current admin out (auto user provisioning on); absent or
   * null otherwise. */
  adminLockout?: AdminLockout | null;
  tunnel: TunnelFacts;
  /** Steps the admin confirmed, with when (those of the current target's checklist). */
  confirmations: Partial<Record<SetupStepId, string>>;
  /** Where the identity provider provisions to (absent: this endpoint), and whether the admin chose it. */
  provisioningTarget?: ProvisioningTarget;
  provisioningTargetChosen?: boolean;
  /** With the `clumio` target: the connections and the latest read of them (absent otherwise). */
  tenants?: TenantFacts;
}

/** What the `clumio` target's checklist reads: the connections and the one snapshot of both services. */
export interface TenantFacts {
  /** The saved Okta connection (never its token); null: not connected. */
  oktaOrg: { orgUrl: string; app: { id: string; label: string } | null } | null;
  clumioAccount: { baseUrl: string } | null;
  /** The latest read; null before the first, or since a connection changed. */
  snapshot: TenantSnapshot | null;
  reading: boolean;
  /** The real-account lock-out alarm on that read; null while nothing threatens the admin. */
  lockout: RealAccountLockout | null;
}
