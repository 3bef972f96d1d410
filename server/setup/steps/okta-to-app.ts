/** Steps 3 and 5: what Okta's "To App" settings send, checked as the requests arrive. */
import type { ScimActivity } from '../../activity/types.js';
import { describeRequest, isNewer, requestEvidence, stateEvidence } from '../evidence.js';
import type { SetupFacts } from '../setup-facts.js';
import { done, failed, todo, waiting, type StepDefinition, type StepOutcome } from './step.js';

/** Okta's "Email" username format gives `local@domain.tld`. */
export function looksLikeEmail(userName: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(userName);
}

const connected = (facts: SetupFacts) => facts.summary.authenticated !== undefined;

function notYet(facts: SetupFacts, action: string): StepOutcome {
  return connected(facts) ? waiting(action) : todo(`First get the connector test through (step 4). Then: ${action}`);
}

export const usernameFormatStep: StepDefinition = {
  id: 'username-format',
  title: 'Okta Sign On tab: Application username format = Email',
  check: 'traffic',
  confirmable: false,
  evaluate(facts) {
    const created = facts.summary.succeeded['user-create']?.last;
    if (facts.users.length === 0) {
      return notYet(facts, 'On the app\'s Sign On tab set Application username format to Email; it is checked when the first user arrives.');
    }
    const bad = facts.users.filter((u) => !looksLikeEmail(u.userName));
    if (bad.length > 0) {
      const names = bad.slice(0, 3).map((u) => `"${u.userName}"`).join(', ');
      return failed(
        `On the app's Sign On tab set Application username format to Email, then update the users in Okta (Assignments > Edit) so they arrive again with email userNames.`,
        stateEvidence(`${bad.length} of ${facts.users.length} userNames are not emails: ${names}${bad.length > 3 ? ', ...' : ''}.`, created?.time ?? null),
      );
    }
    const summary = `All ${facts.users.length} userNames look like emails.`;
    return done(created ? requestEvidence(created, summary) : stateEvidence(summary));
  },
};

/** A signal's outcome from the summary: done on success, failed when the newest attempt failed. */
function signalOutcome(facts: SetupFacts, signal: 'user-create' | 'user-deactivate', describe: (entry: ScimActivity) => string, fixOnFailure: string): StepOutcome | undefined {
  const success = facts.summary.succeeded[signal]?.last;
  const failure = facts.summary.failed[signal]?.last;
  if (failure && isNewer(failure, success)) return failed(fixOnFailure, requestEvidence(failure));
  if (success) return done(requestEvidence(facts.summary.succeeded[signal]!.first, describe(facts.summary.succeeded[signal]!.first)));
  return undefined;
}

export const createUsersStep: StepDefinition = {
  id: 'create-users',
  title: 'Okta To App: Create Users (assign a user to the app)',
  check: 'traffic',
  confirmable: false,
  evaluate(facts) {
    return (
      signalOutcome(
        facts,
        'user-create',
        (e) => `First user created: ${e.resourceName ?? e.resourceId ?? ''} (${describeRequest(e)}).`,
        'Okta\'s last user creation failed: open it in the activity view for the reason (a 409 means the userName already exists here).',
      ) ?? notYet(facts, 'In Okta: Provisioning > To App > Edit, enable Create Users, Save; then assign a user (Assignments > Assign to People).')
    );
  },
};

export const updateUsersStep: StepDefinition = {
  id: 'update-users',
  title: 'Okta To App: Update User Attributes',
  check: 'traffic',
  // Okta only sends an update when a profile changes; the admin may not want to touch a real profile.
  confirmable: true,
  evaluate(facts) {
    const update = facts.evidence.lastProfileUpdate;
    if (update) return done(requestEvidence(update, `A profile update arrived: ${update.resourceName ?? update.resourceId ?? ''} (${describeRequest(update)}).`));
    return notYet(facts, 'Enable Update User Attributes in Provisioning > To App, then change an assigned user\'s profile (e.g. the title) in Okta.');
  },
};

export const deactivateUsersStep: StepDefinition = {
  id: 'deactivate-users',
  title: 'Okta To App: Deactivate Users',
  check: 'traffic',
  confirmable: true,
  evaluate(facts) {
    return (
      signalOutcome(
        facts,
        'user-deactivate',
        (e) => `A deactivation arrived: ${e.resourceName ?? e.resourceId ?? ''} (${describeRequest(e)}).`,
        'Okta\'s last deactivation failed: open it in the activity view for the reason.',
      ) ?? notYet(facts, 'Enable Deactivate Users in Provisioning > To App; unassigning a test user from the app sends it.')
    );
  },
};

export const syncPasswordStep: StepDefinition = {
  id: 'sync-password-off',
  title: 'Okta To App: leave Sync Password off',
  check: 'traffic',
  confirmable: true,
  evaluate(facts) {
    const password = newestPasswordRequest(facts);
    if (password) {
      return failed(
        'Clumio does not support Sync Password: turn it off in Provisioning > To App > Edit. SCIM Desk never stores the password it received.',
        requestEvidence(password, `Okta sent a password (${describeRequest(password)}): Sync Password is on.`),
      );
    }
    const created = facts.summary.succeeded['user-create'];
    if (created) return done(requestEvidence(created.last, `${created.count} user creation(s) arrived without a password.`));
    return todo('Leave Sync Password off in Provisioning > To App (Clumio does not support it); checked when users arrive.');
  },
};

export function newestPasswordRequest(facts: SetupFacts): ScimActivity | undefined {
  const ok = facts.summary.succeeded['password-sent']?.last;
  const ko = facts.summary.failed['password-sent']?.last;
  return isNewer(ko, ok) ? ko : ok;
}
