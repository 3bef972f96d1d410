/** Reads the live system into SetupFacts: the one impure part of the wizard's checks. */
import type { AccessService } from '../access/access-service.js';
import type { AdminLockoutWatch } from '../access/lockout-watch.js';
import { adminLockout } from '../access/admin-lockout.js';
import {
  autoUserProvisioningEnabled,
  generalSettings,
  identityProviderChosen,
  provisioningTargetChosen,
} from '../access/stored-config.js';
import type { ActivityLog } from '../activity/activity-log.js';
import type { TokenService } from '../auth/token-service.js';
import type { ClumioAccountService } from '../clumio-account/account-service.js';
import type { ConnectionsService } from '../connections/connections-service.js';
import type { TenantSnapshots } from '../connections/tenant-snapshots.js';
import { profileFor } from '../identity-providers/registry.js';
import { isRehearsalTokenLabel } from '../rehearsal/rehearsal-token.js';
import type { DirectoryUser } from '../rules/access.js';
import { GLOBAL_OU_ID } from '../rules/organizational-units.js';
import { checkLockoutGuard, superAdminRules } from '../rules/guard.js';
import { SUPER_ADMIN_ROLE_ID } from '../rules/roles.js';
import type { DirectoryStore, DocumentReader } from '../store/directory-store.js';
import { everyRecord } from '../access/directory-users.js';
import { readConfirmations } from './confirmations.js';
import type { AdminRuleCoverage, SetupFacts, SetupGroup, TenantFacts, TunnelFacts } from './setup-facts.js';

/** What the wizard reads and drives: one data folder's services (server/core wires them). */
export interface SetupServices {
  dataDir: string;
  store: DirectoryStore;
  /** The settings as this node keeps them. */
  documents: DocumentReader;
  tokens: TokenService;
  activity: ActivityLog;
  access: AccessService;
  /** Remembers what locked the admin out; its `documentsNow` show the record as this node knows it. */
  lockout: Pick<AdminLockoutWatch, 'documentsNow'>;
  /** The rollout's checklist reads the connections and their one snapshot, never the services themselves. */
  connections: ConnectionsService;
  tenants: TenantSnapshots;
  clumioAccount: ClumioAccountService;
}

export const NO_TUNNEL: TunnelFacts = { publicScimUrl: null, probe: null, urlChanged: false, oktaBaseUrl: null };

export async function gatherSetupFacts(services: SetupServices, tunnel: TunnelFacts = NO_TUNNEL): Promise<SetupFacts> {
  const { store, documents, activity } = services;
  // The evidence, never the activity window: a restart or a busy day must not un-do a step.
  // On several nodes, the evidence they share: any node's wizard settles a step from traffic any node got.
  const evidence = await activity.evidenceNow();

  const groups: SetupGroup[] = [];
  for await (const group of everyRecord((query) => store.listGroups(query))) {
    const name = group.data.displayName;
    if (typeof name === 'string')
      groups.push({
        id: group.id,
        displayName: name,
        memberCount: (await store.members(group.id)).length,
        created: group.meta.created,
      });
  }
  const settings = generalSettings(documents);
  const target = settings.provisioning_target;
  return {
    provisioningTarget: target,
    provisioningTargetChosen: provisioningTargetChosen(documents),
    ...(target === 'clumio' ? { tenants: tenantFacts(services) } : {}),
    profile: currentProfile(documents),
    identityProviderChosen: identityProviderChosen(documents),
    evidence,
    summary: evidence.summary,
    now: new Date().toISOString(),
    users: await everyUser(services),
    groups,
    tokens: services.tokens.list().map((t) => ({
      id: t.id,
      label: t.label,
      state: t.state,
      createdAt: t.createdAt,
      rehearsal: isRehearsalTokenLabel(t.label),
    })),
    currentAdmin: settings.current_admin,
    provisioningMethod: settings.provisioning_method,
    autoProvisioningEnabled: autoUserProvisioningEnabled(documents),
    rules: ruleCoverage(services, settings.current_admin),
    adminLockout: adminLockout(services.lockout.documentsNow, services.access),
    tunnel,
    confirmations: readConfirmations(documents, target),
  };
}

/**
 * Every user as the rules see them (the wizard's checks of userNames, deactivations, the admin's groups): the
 * embedded store's access index holds them; on PostgreSQL they are read for the request, a page at a time.
 */
async function everyUser(services: SetupServices): Promise<DirectoryUser[]> {
  const users: DirectoryUser[] = [];
  for await (const page of services.access.everyone()) users.push(...page);
  return users;
}

/** What the rollout's checklist reads: what is connected and the latest read of it, without calling either service. */
function tenantFacts(services: SetupServices): TenantFacts {
  const okta = services.connections.oktaConnection();
  const clumio = services.connections.clumioConnection();
  return {
    oktaOrg: okta ? { orgUrl: okta.org_url, app: okta.app } : null,
    clumioAccount: clumio ? { baseUrl: clumio.base_url } : null,
    snapshot: services.tenants.current(),
    reading: services.tenants.reading(),
    lockout: services.clumioAccount.status().lockout,
  };
}

/** The identity profile the settings pick: `identity_provider`, and `okta_app` for Okta. */
export function currentProfile(documents: DocumentReader) {
  const settings = generalSettings(documents);
  return profileFor(settings.identity_provider, settings.apps);
}

function ruleCoverage(services: SetupServices, currentAdmin: string | null): AdminRuleCoverage {
  const index = services.access.index;
  const rules = index.rules;
  const admin = currentAdmin === null ? undefined : index.findUserByUserName(currentAdmin);
  const adminCovered =
    admin === undefined
      ? null
      : index
          .accessOf(admin.id)
          .some((a) => a.organizational_unit_id === GLOBAL_OU_ID && a.role_id === SUPER_ADMIN_ROLE_ID);
  const verdict = checkLockoutGuard({ enabled: true, currentAdmin, rules, users: index, roles: services.access.roles });
  return {
    superAdminRules: superAdminRules(rules).map((r) => ({ rule_id: r.rule_id, name: r.name })),
    adminCovered,
    guardRefusal: verdict.ok ? null : verdict.reason,
  };
}
