/**
 * The lock-out alarm of the real account: while auto user provisioning is on in Clumio, do the account's rules
 * still give the admin Super Admin on the Global OU on what Okta says now? Okta is the source of truth and
 * cannot be refused, so a removal from the admin group, a deactivation or a push mapping in ERROR is not a
 * change SCIM Desk guards: it is a state to raise at once, with the Okta facts that lead there, before Okta's
 * next push takes the role away in Clumio. The check is the lockout guard's own, on the account's facts.
 */
import { guardRefusal, guardVerdict } from '../access/lockout-guard.js';
import { superAdminRules } from '../rules/guard.js';
import { GLOBAL_OU_NAME } from '../rules/organizational-units.js';
import type { TenantSnapshot } from '../tenants/facts/tenant-snapshot.js';
import type { AccountFacts } from './account-facts.js';
import type { RealAccountLockout } from './account-types.js';

const INACTIVE_ASSIGNMENT = new Set(['DEPROVISIONED', 'INACTIVE', 'REVOKED', 'SUSPENDED', 'UNASSIGNED']);

/** Ends with a full stop unless Okta's own words already do. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** What Okta says about the admin that keeps the rules from giving them Super Admin. */
function oktaCauses(account: AccountFacts, login: string): string[] {
  const causes: string[] = [];
  const admin = account.okta.admin?.ok ? account.okta.admin.value : null;
  if (!admin) return causes;
  const app = account.okta.app.ok ? `"${account.okta.app.value.label}"` : 'the Clumio app';
  if (admin.user === null) return [`Okta has no user ${login}.`];
  if (admin.user.status !== 'ACTIVE') causes.push(`${admin.user.login} is ${admin.user.status} in Okta.`);
  if (admin.assignment === null) causes.push(`${admin.user.login} is not assigned to ${app} in Okta.`);
  else if (INACTIVE_ASSIGNMENT.has(admin.assignment.status))
    causes.push(`${admin.user.login}'s assignment to ${app} is ${admin.assignment.status}.`);
  for (const group of account.pushedGroups) {
    if (!group.members.some((member) => member.oktaUserId === admin.user!.id)) continue;
    const name = group.clumioName ?? group.sourceGroup.name ?? group.sourceGroup.id;
    if (group.status === 'ERROR')
      causes.push(sentence(`The push of "${name}" is in ERROR${group.errorSummary ? `: ${group.errorSummary}` : ''}`));
    else if (group.status !== 'ACTIVE') causes.push(`The push of "${name}" is ${group.status}: Okta does not push it.`);
  }
  if (admin.pushedGroups.length === 0 && admin.user.status === 'ACTIVE')
    causes.push(`${admin.user.login} is in none of the groups Okta pushes to Clumio.`);
  return causes;
}

/** The alarm, or null while the admin keeps Super Admin (or auto user provisioning is off, or no admin is set). */
export function realAccountLockout(
  account: AccountFacts,
  snapshot: TenantSnapshot,
  configuredLogin: string | null,
): RealAccountLockout | null {
  const { facts } = account;
  if (!facts.autoUserProvisioning() || configuredLogin === null) return null;
  const verdict = guardVerdict(facts, {});
  if (verdict.ok) return null;
  const refusal = guardRefusal(facts, {}, verdict);
  const clumioAdmin = snapshot.clumioAdmin?.ok ? snapshot.clumioAdmin.value : null;
  const noRule = superAdminRules(facts.rules()).length === 0;
  return {
    reason: refusal.reason,
    message: noRule
      ? `No rule of the Clumio account gives Super Admin on the ${GLOBAL_OU_NAME} while auto user provisioning is on.`
      : refusal.message,
    causes: oktaCauses(account, configuredLogin),
    rules: superAdminRules(facts.rules()).map((rule) => ({ rule_id: rule.rule_id, name: rule.name })),
    current_admin: facts.currentAdmin(),
    clumio_still_super_admin: clumioAdmin?.user ? clumioAdmin.superAdminOnGlobal : null,
    read_at: snapshot.readAt,
  };
}
