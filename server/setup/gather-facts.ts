/** Reads the live system into SetupFacts: the one impure part of the wizard's checks. */
import { directoryUsers } from '../access/directory-users.js';
import { autoUserProvisioningEnabled, generalSettings } from '../access/stored-config.js';
import type { ScimActivity } from '../activity/types.js';
import type { Services } from '../core/services.js';
import { isRehearsalTokenLabel } from '../rehearsal/rehearsal-token.js';
import { GLOBAL_OU_ID } from '../rules/organizational-units.js';
import { checkLockoutGuard, superAdminRules } from '../rules/guard.js';
import { SUPER_ADMIN_ROLE_ID } from '../rules/roles.js';
import { readConfirmations } from './confirmations.js';
import type { AdminRuleCoverage, SetupFacts, SetupGroup, TunnelFacts } from './setup-facts.js';

export const NO_TUNNEL: TunnelFacts = { publicScimUrl: null, probe: null, urlChanged: false, oktaBaseUrl: null };

export function gatherSetupFacts(services: Services, tunnel: TunnelFacts = NO_TUNNEL): SetupFacts {
  const { store, activity } = services;
  const requests: ScimActivity[] = [];
  for (const entry of activity.entries()) if (entry.kind === 'scim') requests.push(entry);

  const groups: SetupGroup[] = [];
  for (const id of store.groupIds()) {
    const name = store.getGroup(id)?.data.displayName;
    if (typeof name === 'string') groups.push({ id, displayName: name, memberCount: store.members(id).size });
  }
  const settings = generalSettings(store);
  return {
    summary: activity.summary(),
    requests,
    users: [...directoryUsers(store)],
    groups,
    tokens: services.tokens.list().map((t) => ({ id: t.id, label: t.label, state: t.state, createdAt: t.createdAt, rehearsal: isRehearsalTokenLabel(t.label) })),
    currentAdmin: settings.current_admin,
    provisioningMethod: settings.provisioning_method,
    autoProvisioningEnabled: autoUserProvisioningEnabled(store),
    rules: ruleCoverage(services, settings.current_admin),
    tunnel,
    confirmations: readConfirmations(store),
  };
}

function ruleCoverage(services: Services, currentAdmin: string | null): AdminRuleCoverage {
  const index = services.access.index;
  const rules = index.rules;
  const admin = currentAdmin === null ? undefined : index.findUserByUserName(currentAdmin);
  const adminCovered =
    admin === undefined
      ? null
      : index.accessOf(admin.id).some((a) => a.organizational_unit_id === GLOBAL_OU_ID && a.role_id === SUPER_ADMIN_ROLE_ID);
  const verdict = checkLockoutGuard({ enabled: true, currentAdmin, rules, users: index, roles: services.access.roles });
  return {
    superAdminRules: superAdminRules(rules).map((r) => ({ rule_id: r.rule_id, name: r.name })),
    adminCovered,
    guardRefusal: verdict.ok ? null : verdict.reason,
  };
}
