/** Groups pushed with their memberships, and the admin's own account synced into one. */
import type { ScimActivity } from '../../activity/types.js';
import { findUserCreation } from '../../activity/wizard-evidence.js';
import { describeRequest, failureCause, isNewer, requestEvidence, stateEvidence } from '../evidence.js';
import type { SetupFacts } from '../setup-facts.js';
import { done, failed, notYet, todo, waiting, type StepEvidenceSource } from './step.js';

/**
 * The "name exists" group pushes that still stand: a group of that name is here now, and it was here when the
 * push was refused. One removed since (rehearsal data removed) or created after (the push went through on a
 * retry) no longer blocks anything, whatever the evidence remembers.
 */
export function standingGroupNameConflicts(facts: Pick<SetupFacts, 'evidence' | 'groups'>): ScimActivity[] {
  return facts.evidence.groupNameConflicts.filter((conflict) => {
    const name = conflict.resourceName?.toLowerCase();
    const group = name === undefined ? undefined : facts.groups.find((g) => g.displayName.toLowerCase() === name);
    return group !== undefined && Date.parse(group.created) <= Date.parse(conflict.time);
  });
}

export const pushGroupsStep: StepEvidenceSource = {
  id: 'push-groups',
  check: 'traffic',
  confirmable: false,
  says: ['not-pushed', 'name-exists', 'name-freed', 'failed', 'no-memberships'],
  settle(facts) {
    const { succeeded, failed: failures } = facts.summary;
    const created = succeeded['group-create'];
    const createFailure = failures['group-create']?.last;
    const memberships = succeeded['membership-change'];
    if (createFailure && isNewer(createFailure, created?.last)) {
      if (createFailure.status !== 409)
        return failed('failed', { cause: failureCause(createFailure) }, requestEvidence(createFailure));
      const group = createFailure.resourceName ?? '?';
      const standing = standingGroupNameConflicts(facts).some((conflict) => conflict.id === createFailure.id);
      return standing
        ? failed('name-exists', { group }, requestEvidence(createFailure))
        : waiting('name-freed', { group }, requestEvidence(createFailure));
    }
    if (!created) return notYet(facts, 'not-pushed');
    if (!memberships) {
      return waiting(
        'no-memberships',
        { count: created.count },
        requestEvidence(
          created.last,
          `Group pushed: ${created.last.resourceName ?? ''} (${describeRequest(created.last)}).`,
        ),
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

export const adminAccountStep: StepEvidenceSource = {
  id: 'admin-account',
  check: 'traffic',
  confirmable: false,
  says: ['no-admin', 'not-arrived', 'deactivated', 'no-group'],
  settle(facts) {
    const name = facts.currentAdmin;
    if (name === null) return todo('no-admin');
    const admin = facts.users.find((u) => u.userName.toLowerCase() === name.toLowerCase());
    if (!admin) return waiting('not-arrived', { admin: name });
    const arrived = findUserCreation(facts.evidence, admin.id, admin.userName);
    if (!admin.active) {
      return failed(
        'deactivated',
        { admin: admin.userName },
        arrived ? requestEvidence(arrived) : stateEvidence(`${admin.userName} is inactive.`),
      );
    }
    if (admin.groups.length === 0) {
      return waiting(
        'no-group',
        { admin: admin.userName },
        arrived ? requestEvidence(arrived, `${admin.userName} arrived (${describeRequest(arrived)}).`) : null,
      );
    }
    const membership = facts.summary.succeeded['membership-change']?.last;
    const summary = `${admin.userName} is active and in ${admin.groups.map((g) => `"${g}"`).join(', ')}.`;
    return done(
      membership
        ? requestEvidence(membership, summary)
        : arrived
          ? requestEvidence(arrived, summary)
          : stateEvidence(summary),
    );
  },
};
