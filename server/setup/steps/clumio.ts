/** Steps 8-9: the Super Admin rule, the provisioning method, and enabling auto user provisioning. */
import { stateEvidence } from '../evidence.js';
import { done, failed, IDP_NAMES, todo, waiting, type StepDefinition } from './step.js';

export const superAdminRuleStep: StepDefinition = {
  id: 'super-admin-rule',
  title: 'Rules: a Super Admin rule on the Global OU that covers you',
  check: 'state',
  confirmable: false,
  evaluate(facts) {
    const { rules, currentAdmin } = facts;
    const names = rules.superAdminRules.map((r) => `"${r.name}"`).join(', ');
    if (rules.superAdminRules.length === 0) {
      return todo('Create a rule giving Super Admin on the Global OU to the admin group (e.g. user.groups $eq "Clumio Admins"), and preview it.');
    }
    if (rules.adminCovered === true) return done(stateEvidence(`${currentAdmin ?? 'The current admin'} gets Super Admin on the Global OU through ${names}.`));
    if (rules.adminCovered === null) {
      return waiting(`Rule ${names} exists; it is checked against your account once the current admin is set and has arrived from ${IDP_NAMES[facts.identityProvider]}.`);
    }
    return failed(rules.guardRefusal ?? `Rule ${names} does not give ${currentAdmin} Super Admin: check the group name in its condition.`);
  },
};

export const provisioningMethodStep: StepDefinition = {
  id: 'provisioning-method',
  title: 'Provisioning method: SCIM',
  check: 'state',
  confirmable: false,
  evaluate({ provisioningMethod }) {
    if (provisioningMethod === 'scim') return done(stateEvidence('The provisioning method is SCIM.'));
    return failed(`The provisioning method is ${provisioningMethod.toUpperCase()}: set it to SCIM (Settings) so SCIM groups feed the rules.`);
  },
};

export const enableStep: StepDefinition = {
  id: 'enable-auto-provisioning',
  title: 'Enable Auto User Provisioning',
  check: 'state',
  confirmable: false,
  evaluate({ autoProvisioningEnabled, rules }) {
    if (autoProvisioningEnabled) return done(stateEvidence('Auto user provisioning is enabled.'));
    if (rules.guardRefusal) return todo(`Not ready to enable yet: ${rules.guardRefusal}`);
    return todo('Preview who gains access, then enable auto user provisioning (Rules page).');
  },
};
