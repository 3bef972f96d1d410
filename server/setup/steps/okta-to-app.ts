/** The username format and what Okta's "To App" settings send, checked as the requests arrive. */
import type { ScimActivity } from '../../activity/types.js';
import { describeRequest, failureCause, isNewer, requestEvidence, stateEvidence } from '../evidence.js';
import type { SetupFacts } from '../setup-facts.js';
import { done, failed, notYet, todo, type Finding, type StepEvidenceSource } from './step.js';

/** Okta's "Email" username format gives `local@domain.tld`. */
export function looksLikeEmail(userName: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(userName);
}

export const usernameFormatStep: StepEvidenceSource = {
  id: 'username-format',
  check: 'traffic',
  confirmable: false,
  says: ['before-users', 'not-email'],
  settle(facts) {
    const created = facts.summary.succeeded['user-create']?.last;
    if (facts.users.length === 0) return notYet(facts, 'before-users');
    const bad = facts.users.filter((u) => !looksLikeEmail(u.userName));
    if (bad.length > 0) {
      const names = bad
        .slice(0, 3)
        .map((u) => `"${u.userName}"`)
        .join(', ');
      return failed(
        'not-email',
        {},
        stateEvidence(
          `${bad.length} of ${facts.users.length} userNames are not emails: ${names}${bad.length > 3 ? ', ...' : ''}.`,
          created?.time ?? null,
        ),
      );
    }
    const summary = `All ${facts.users.length} userNames look like emails.`;
    return done(created ? requestEvidence(created, summary) : stateEvidence(summary));
  },
};

export const createUsersStep: StepEvidenceSource = {
  id: 'create-users',
  check: 'traffic',
  confirmable: false,
  says: ['not-yet', 'failed'],
  settle(facts) {
    const success = facts.summary.succeeded['user-create'];
    const failure = facts.summary.failed['user-create']?.last;
    if (failure && isNewer(failure, success?.last) && failure.status !== 409) {
      return failed('failed', { cause: failureCause(failure) }, requestEvidence(failure));
    }
    if (success)
      return done(
        requestEvidence(
          success.first,
          `First user created: ${success.first.resourceName ?? success.first.resourceId ?? ''} (${describeRequest(success.first)}).`,
        ),
      );
    // A userName that exists here already (a re-assignment, a rehearsal's user): creations arrive, so Create
    // Users is on; the conflict itself is the explainer's "Conflict … already exists".
    if (failure?.status === 409) {
      return done(
        requestEvidence(
          failure,
          `${facts.profile.words.short} sends creations: the last one, for ${failure.resourceName ?? 'a user'}, met a userName that already exists here (${describeRequest(failure)}), so nothing was created.`,
        ),
      );
    }
    return notYet(facts, 'not-yet');
  },
};

export const updateUsersStep: StepEvidenceSource = {
  id: 'update-users',
  check: 'traffic',
  // Okta only sends an update when a profile changes; the admin may not want to touch a real profile.
  confirmable: true,
  says: ['not-yet'],
  settle(facts) {
    const update = facts.evidence.lastProfileUpdate;
    if (update)
      return done(
        requestEvidence(
          update,
          `A profile update arrived: ${update.resourceName ?? update.resourceId ?? ''} (${describeRequest(update)}).`,
        ),
      );
    return notYet(facts, 'not-yet');
  },
};

/** Deactivations: done on success, failed (with the cause) when the newest attempt failed. */
export function deactivationFinding(facts: SetupFacts, describe: (first: ScimActivity) => string): Finding | undefined {
  const success = facts.summary.succeeded['user-deactivate'];
  const failure = facts.summary.failed['user-deactivate']?.last;
  if (failure && isNewer(failure, success?.last))
    return failed('failed', { cause: failureCause(failure) }, requestEvidence(failure));
  return success ? done(requestEvidence(success.first, describe(success.first))) : undefined;
}

export const deactivateUsersStep: StepEvidenceSource = {
  id: 'deactivate-users',
  check: 'traffic',
  confirmable: true,
  says: ['not-yet', 'failed'],
  settle(facts) {
    return (
      deactivationFinding(
        facts,
        (e) => `A deactivation arrived: ${e.resourceName ?? e.resourceId ?? ''} (${describeRequest(e)}).`,
      ) ?? notYet(facts, 'not-yet')
    );
  },
};

export const syncPasswordStep: StepEvidenceSource = {
  id: 'sync-password-off',
  check: 'traffic',
  confirmable: true,
  says: ['password-sent', 'not-yet'],
  settle(facts) {
    const password = newestPasswordRequest(facts);
    if (password) {
      return failed(
        'password-sent',
        {},
        requestEvidence(
          password,
          `${facts.profile.words.short} sent a password (${describeRequest(password)}): Sync Password is on.`,
        ),
      );
    }
    const created = facts.summary.succeeded['user-create'];
    if (created)
      return done(requestEvidence(created.last, `${created.count} user creation(s) arrived without a password.`));
    return todo('not-yet');
  },
};

/**
 * The newest request that carried a password, while it still says how Okta is set: a user creation that
 * arrived after it without a password shows Sync Password was turned off since (Okta sends the password with
 * every creation while it is on).
 */
export function newestPasswordRequest(facts: SetupFacts): ScimActivity | undefined {
  const ok = facts.summary.succeeded['password-sent']?.last;
  const ko = facts.summary.failed['password-sent']?.last;
  const password = isNewer(ko, ok) ? ko : ok;
  const created = facts.summary.succeeded['user-create']?.last;
  if (password && created && isNewer(created, password) && !created.signals.includes('password-sent')) return undefined;
  return password;
}
