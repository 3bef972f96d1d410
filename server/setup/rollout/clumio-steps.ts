/**
 * The Clumio steps of the rollout, read from the account's REST API in the latest read: the connection, a rule
 * giving Super Admin on the Global OU (and whether it reaches the admin on what Okta pushes), the admin's own
 * Clumio user holding Super Admin on the Global OU, and auto user provisioning; and Clumio's SCIM
 * configuration, which no API shows, by the admin's confirmation. Whether the rules keep the admin Super
 * Admin is the lockout guard's own check, on the account's facts (server/clumio-account).
 */
import { guardVerdict } from '../../access/lockout-guard.js';
import { accountFacts, type AccountFacts } from '../../clumio-account/account-facts.js';
import { ConnectionError } from '../../connections/connection-error.js';
import type { RoleOnUnit } from '../../tenants/facts/tenant-snapshot.js';
import type { SetupFacts } from '../setup-facts.js';
import { done, failed, todo, type StepEvidenceSource } from '../steps/step.js';
import { adminNotRead, apiEvidence, clumioSide, quoted, unreadable } from './api-findings.js';

/** Both sides of the latest read as the rules service's facts; null while a part of them is not read. */
function accountOf(facts: SetupFacts): AccountFacts | null {
  const snapshot = facts.tenants?.snapshot;
  if (!snapshot) return null;
  try {
    return accountFacts(snapshot, facts.currentAdmin);
  } catch (error) {
    if (error instanceof ConnectionError) return null;
    throw error;
  }
}

export const clumioConnectionStep: StepEvidenceSource = {
  id: 'clumio-connection',
  check: 'clumio-api',
  confirmable: false,
  says: ['not-connected'],
  settle(facts) {
    if (!facts.tenants?.clumioAccount) return todo('not-connected');
    const side = clumioSide(facts);
    if (!side.ok) return side.finding;
    // The connection's own check reads the setting: a refused token shows here first.
    const setting = side.value.autoUserProvisioning;
    if (!setting.ok) return unreadable(setting, "the account's auto user provisioning setting");
    return done(apiEvidence(setting.evidence, `Clumio account at ${side.value.baseUrl}: read.`));
  },
};

export const clumioScimConfigurationStep: StepEvidenceSource = {
  id: 'provisioning-method',
  check: 'confirmation',
  confirmable: true,
  says: ['confirm'],
  settle() {
    return todo('confirm');
  },
};

export const superAdminRuleApiStep: StepEvidenceSource = {
  id: 'super-admin-rule',
  check: 'clumio-api',
  confirmable: false,
  says: ['no-rule', 'not-covered'],
  settle(facts) {
    const side = clumioSide(facts);
    if (!side.ok) return side.finding;
    const rules = side.value.superAdminRules;
    if (!rules.ok) return unreadable(rules, "the account's rules");
    if (rules.value.length === 0)
      return todo('no-rule', {}, apiEvidence(rules.evidence, `Clumio: ${rules.evidence.said}.`));
    const names = quoted(rules.value.map((r) => r.name));
    const account = accountOf(facts);
    const verdict = account ? guardVerdict(account.facts, { enabling: true }) : null;
    const admin = account?.facts.currentAdmin() ?? facts.currentAdmin ?? 'the current admin';
    // Only "would not get it" is about the rule; an admin not assigned or deactivated is the admin step's.
    if (verdict && !verdict.ok && verdict.code === 'current-admin-loses-super-admin') {
      return failed(
        'not-covered',
        { names, admin },
        apiEvidence(rules.evidence, `Clumio: ${names} give(s) Super Admin on the Global OU. ${verdict.reason}`),
      );
    }
    const reach = verdict?.ok ? `, to ${admin} on what Okta pushes` : '';
    return done(apiEvidence(rules.evidence, `Clumio: ${names} give(s) Super Admin on the Global OU${reach}.`));
  },
};

const roleWords = (pairs: readonly RoleOnUnit[]) =>
  pairs.length === 0
    ? 'no role'
    : pairs.map((p) => `${p.roleName ?? p.roleId} on ${p.organizationalUnitName ?? p.organizationalUnitId}`).join(', ');

export const clumioAdminStep: StepEvidenceSource = {
  id: 'clumio-admin-super-admin',
  check: 'clumio-api',
  confirmable: false,
  says: ['no-admin', 'no-user', 'not-super-admin'],
  settle(facts) {
    if (facts.currentAdmin === null) return todo('no-admin');
    const side = clumioSide(facts);
    if (!side.ok) return side.finding;
    const reading = side.tenants.snapshot?.clumioAdmin ?? null;
    if (reading === null) return adminNotRead(side.tenants);
    if (!reading.ok) return unreadable(reading, "the account's users");
    const { user, candidates, superAdminOnGlobal } = reading.value;
    const said = (summary: string) => apiEvidence(reading.evidence, summary);
    if (!user) {
      const tried = candidates.map((c) => c.email).join(' or ') || facts.currentAdmin;
      return failed('no-user', { tried }, said(`Clumio: no user has ${tried}.`));
    }
    const summary = `Clumio: ${user.email} (user ${user.id}) holds ${roleWords(user.roleOnUnits)}.`;
    if (!superAdminOnGlobal)
      return failed('not-super-admin', { admin: user.email, roles: roleWords(user.roleOnUnits) }, said(summary));
    return done(said(summary));
  },
};

export const enableApiStep: StepEvidenceSource = {
  id: 'enable-auto-provisioning',
  check: 'clumio-api',
  confirmable: false,
  says: ['not-ready', 'ready'],
  settle(facts) {
    const side = clumioSide(facts);
    if (!side.ok) return side.finding;
    const setting = side.value.autoUserProvisioning;
    if (!setting.ok) return unreadable(setting, "the account's auto user provisioning setting");
    const evidence = apiEvidence(
      setting.evidence,
      `Clumio: auto user provisioning is ${setting.value.isEnabled ? 'enabled' : 'disabled'}.`,
    );
    if (setting.value.isEnabled) return done(evidence);
    const account = accountOf(facts);
    if (!account) {
      const reason =
        "SCIM Desk checks it once both the Okta org and the Clumio account are read: Okta's pushed groups decide whether the rules keep you Super Admin.";
      return todo('not-ready', { reason }, evidence);
    }
    const verdict = guardVerdict(account.facts, { enabling: true });
    return verdict.ok ? todo('ready', {}, evidence) : todo('not-ready', { reason: verdict.reason }, evidence);
  },
};
