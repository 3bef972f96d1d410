/** Clumio's steps: the Super Admin rule, the provisioning method, and enabling auto user provisioning. */
import { stateEvidence } from '../evidence.js';
import { done, failed, todo, waiting, type StepEvidenceSource } from './step.js';

export const superAdminRuleStep: StepEvidenceSource = {
  id: 'super-admin-rule',
  check: 'state',
  confirmable: false,
  says: ['no-rule', 'admin-unknown', 'guard-refuses', 'not-covered'],
  settle(facts) {
    const { rules, currentAdmin } = facts;
    const names = rules.superAdminRules.map((r) => `"${r.name}"`).join(', ');
    if (rules.superAdminRules.length === 0) return todo('no-rule');
    if (rules.adminCovered === true)
      return done(
        stateEvidence(`${currentAdmin ?? 'The current admin'} gets Super Admin on the Global OU through ${names}.`),
      );
    if (rules.adminCovered === null) return waiting('admin-unknown', { names });
    return rules.guardRefusal
      ? failed('guard-refuses', { reason: rules.guardRefusal })
      : failed('not-covered', { names, admin: currentAdmin ?? 'the current admin' });
  },
};

export const provisioningMethodStep: StepEvidenceSource = {
  id: 'provisioning-method',
  check: 'state',
  confirmable: false,
  says: ['not-scim'],
  settle({ provisioningMethod }) {
    if (provisioningMethod === 'scim') return done(stateEvidence('The provisioning method is SCIM.'));
    return failed('not-scim', { method: provisioningMethod.toUpperCase() });
  },
};

export const enableStep: StepEvidenceSource = {
  id: 'enable-auto-provisioning',
  check: 'state',
  confirmable: false,
  says: ['not-ready', 'ready'],
  settle({ autoProvisioningEnabled, rules }) {
    if (autoProvisioningEnabled) return done(stateEvidence('Auto user provisioning is enabled.'));
    return rules.guardRefusal ? todo('not-ready', { reason: rules.guardRefusal }) : todo('ready');
  },
};
