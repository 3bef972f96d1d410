/** Steps 6-7: groups pushed with their memberships, and the admin's own account synced into one. */
import { findUserCreation } from '../../activity/wizard-evidence.js';
import { describeRequest, isNewer, requestEvidence, stateEvidence } from '../evidence.js';
import { done, failed, IDP_NAMES, todo, waiting, type StepDefinition } from './step.js';

export const pushGroupsStep: StepDefinition = {
  id: 'push-groups',
  title: 'Okta Push Groups: push the groups (separate from the assignment group)',
  check: 'traffic',
  confirmable: false,
  evaluate(facts) {
    const { succeeded, failed: failures } = facts.summary;
    const created = succeeded['group-create'];
    const createFailure = failures['group-create']?.last;
    const memberships = succeeded['membership-change'];
    if (createFailure && isNewer(createFailure, created?.last)) {
      const exists = createFailure.status === 409;
      return failed(
        exists
          ? `A group named "${createFailure.resourceName ?? '?'}" already exists here and Okta cannot link to it: rename the group in Okta or remove the existing one, then push again.`
          : 'Okta\'s last group push failed: open it in the activity view for the reason.',
        requestEvidence(createFailure),
      );
    }
    if (!created) {
      return (facts.summary.authenticated ? waiting : todo)(
        'In Okta: Push Groups > + Push Groups > Find groups by name (or by rule), pick a group that is NOT the one assigning the app, Save. Keep "Push group memberships immediately" checked.',
      );
    }
    if (!memberships) {
      return waiting(
        `${created.count} group(s) arrived but no memberships yet: a pushed group's members arrive only when they are also assigned to the app in Okta.`,
        requestEvidence(created.last, `Group pushed: ${created.last.resourceName ?? ''} (${describeRequest(created.last)}).`),
      );
    }
    return done(
      requestEvidence(
        memberships.last,
        `${facts.groups.length} group(s) pushed; memberships arrived (${describeRequest(memberships.last)}).`,
      ),
    );
  },
};

const ADMIN_WORDS = {
  okta: {
    name: 'Okta userName',
    assign: 'assign yourself to the app in Okta (Assignments > Assign to People) and add yourself to the pushed admin group',
    lost: 'Okta deactivated or unassigned it. Reassign it to the app in Okta.',
    group: 'in Okta and push that group',
    noGroup: 'no pushed group',
  },
  entra: {
    name: 'Entra userPrincipalName',
    assign: 'assign yourself (or a security group you are in) to the app in Entra (Users and groups > + Add user/group) and add yourself to the admin group; it arrives with the next cycle, or at once with Provision on demand',
    lost: 'Entra disabled it (unassigned, blocked, or soft-deleted). Assign it to the app again in Entra.',
    group: 'in Entra (a security group assigned to the app)',
    noGroup: 'no group',
  },
} as const;

export const adminAccountStep: StepDefinition = {
  id: 'admin-account',
  title: 'Your own account synced and in the group that gets Super Admin',
  titles: { entra: 'Your own account synced into the Super Admin group' },
  check: 'traffic',
  confirmable: false,
  evaluate(facts) {
    const words = ADMIN_WORDS[facts.identityProvider];
    const idp = IDP_NAMES[facts.identityProvider];
    const name = facts.currentAdmin;
    if (name === null) {
      return todo(`Enter your own ${words.name} as the current admin (Settings): it is the account that must keep Super Admin.`);
    }
    const admin = facts.users.find((u) => u.userName.toLowerCase() === name.toLowerCase());
    if (!admin) {
      return waiting(`Your account ${name} has not arrived from ${idp} yet: ${words.assign}.`);
    }
    const arrived = findUserCreation(facts.evidence, admin.id, admin.userName);
    if (!admin.active) {
      return failed(
        `Your account ${admin.userName} is deactivated here: ${words.lost}`,
        arrived ? requestEvidence(arrived) : stateEvidence(`${admin.userName} is inactive.`),
      );
    }
    if (admin.groups.length === 0) {
      return waiting(
        `Your account ${admin.userName} arrived but is in ${words.noGroup}: add it to the group that gets Super Admin (e.g. "Clumio Admins") ${words.group}.`,
        arrived ? requestEvidence(arrived, `${admin.userName} arrived (${describeRequest(arrived)}).`) : null,
      );
    }
    const membership = facts.summary.succeeded['membership-change']?.last;
    const summary = `${admin.userName} is active and in ${admin.groups.map((g) => `"${g}"`).join(', ')}.`;
    return done(membership ? requestEvidence(membership, summary) : arrived ? requestEvidence(arrived, summary) : stateEvidence(summary));
  },
};
