/**
 * The Microsoft Entra ID profile's own steps (issue 12, docs/entra.md), in the Entra admin center's words
 * and in the order that works, each settled from the traffic the Entra provisioning service sends. Sources:
 * Microsoft's "Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID" (the
 * steps, Test Connection, the 40-minute cycle), "How Application Provisioning works" (initial and
 * incremental cycles, security groups), "On-demand provisioning" (the five steps) and "Known issues ...
 * SCIM 2.0 protocol compliance" (the aadOptscim062020 dialect).
 */
import type { ScimActivity, ScimSignal } from '../../activity/types.js';
import type { AuthFailureReason } from '../../auth/auth-result.js';
import { generatedNameReason } from '../../rules/group-name-warnings.js';
import { describeRequest, isNewer, newest, requestEvidence, stateEvidence } from '../evidence.js';
import type { SetupFacts } from '../setup-facts.js';
import { newestConnectionProblem } from './connector-test.js';
import { looksLikeEmail } from './okta-to-app.js';
import { done, failed, oktaCanCall, todo, waiting, type StepDefinition, type StepOutcome } from './step.js';

/** Microsoft: incremental cycles "occur approximately every 40 minutes as long as the service is running". */
export const ENTRA_CYCLE_MINUTES = 40;

const ENTRA_REASONS: Record<AuthFailureReason, { label: string; fix: string }> = {
  missing: {
    label: 'no token was sent',
    fix: 'The Secret Token field was left empty, so Entra sent a token of its own. In Provisioning > Admin Credentials, paste the SCIM Desk token as the Secret Token, then Test Connection.',
  },
  malformed: {
    label: 'the Authorization header is malformed',
    fix: 'Paste the token alone (no "Bearer ", no quotes or spaces) into the Secret Token field: Entra adds "Bearer " itself.',
  },
  unknown: {
    label: 'the token is not a SCIM Desk token',
    fix: 'Entra sent a token this endpoint never issued (mistyped, or from another data folder). Generate a token here and paste it as the Secret Token, then Test Connection.',
  },
  revoked: {
    label: 'the token was revoked',
    fix: 'Generate a new token, paste it as the Secret Token (Provisioning > Admin Credentials), Test Connection, Save; Entra leaves quarantine at its next cycle.',
  },
  expired: {
    label: 'the token expired',
    fix: 'Generate a new token (with a longer lifetime if needed), paste it as the Secret Token, Test Connection, Save.',
  },
};

function problemOutcome(problem: ScimActivity, facts: SetupFacts): StepOutcome {
  if (problem.authFailure !== undefined) {
    const reason = ENTRA_REASONS[problem.authFailure];
    const from = problem.userAgent ? ` from ${problem.userAgent}` : '';
    const fix = problem.authHint ? `${problem.authHint} ${reason.fix}` : reason.fix;
    return failed(fix, requestEvidence(problem, `Token rejected: ${reason.label} (${describeRequest(problem)}${from}).`));
  }
  const base = facts.tunnel.publicScimUrl ?? 'https://<public host>/scim/v2';
  return failed(
    `The Tenant URL must be exactly ${base} (nothing after /scim/v2 but, if you want it, ?aadOptscim062020). Fix it in Provisioning > Admin Credentials and Test Connection again.`,
    requestEvidence(problem, `Wrong Tenant URL: a request arrived for ${problem.method} ${problem.path}, which is not a SCIM endpoint here.`),
  );
}

/** The connection's newest problem, when it is newer than the newest success. */
function connectionFailure(facts: SetupFacts, success: ScimActivity | undefined): StepOutcome | undefined {
  const problem = newestConnectionProblem(facts);
  return problem && isNewer(problem, success) ? problemOutcome(problem, facts) : undefined;
}

const succeeded = (facts: SetupFacts, signal: ScimSignal) => facts.summary.succeeded[signal];
const connected = (facts: SetupFacts) => facts.summary.authenticated !== undefined;

function notYet(facts: SetupFacts, action: string): StepOutcome {
  return connected(facts) ? waiting(action) : todo(`First get Test Connection through. Then: ${action}`);
}

/** "The last request from Entra arrived at 10:05; the next incremental cycle is due around 10:45." */
export function cycleHint(facts: SetupFacts): string {
  const last = facts.summary.authenticated?.last;
  if (!last) return '';
  const lastAt = Date.parse(last.time);
  const next = lastAt + ENTRA_CYCLE_MINUTES * 60_000;
  const overdue = Date.parse(facts.now) > next + 20 * 60_000;
  return overdue
    ? ` Nothing has arrived since ${clock(lastAt)}, longer than Entra's ${ENTRA_CYCLE_MINUTES}-minute incremental cycle: check the provisioning status in Entra (Overview: stopped, or in quarantine?).`
    : ` Entra sends changes with its next incremental cycle, about every ${ENTRA_CYCLE_MINUTES} minutes (the last request arrived at ${clock(lastAt)}, so the next is due around ${clock(next)}), or at once with Provision on demand.`;
}

/** "14:05 UTC": the server's texts cannot know the admin's time zone. */
function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

export const entraCreateAppStep: StepDefinition = {
  id: 'entra-create-app',
  title: 'Entra admin center: Enterprise apps > New application > Create your own application',
  check: 'traffic',
  // Creating the app sends nothing; the first request from its provisioning job shows it exists.
  confirmable: true,
  evaluate(facts) {
    const first = facts.summary.authenticated?.first;
    if (first) return done(requestEvidence(first, `The enterprise app's provisioning job calls this endpoint (${describeRequest(first)}).`));
    return todo(
      'In the Microsoft Entra admin center: Entra ID > Enterprise apps > + New application > + Create your own application; name it, choose "Integrate any other application you don\'t find in the gallery (Non-gallery)", Create.',
    );
  },
};

export const entraCredentialsStep: StepDefinition = {
  id: 'entra-credentials',
  title: 'Provisioning > New configuration: Tenant URL and Secret Token',
  check: 'traffic',
  confirmable: false,
  evaluate(facts) {
    const success = facts.summary.authenticated?.last;
    const failure = connectionFailure(facts, success);
    if (failure) return failure;
    if (success) {
      return done(requestEvidence(facts.summary.authenticated!.first, `Entra reached /scim/v2 with the SCIM Desk token (${describeRequest(facts.summary.authenticated!.first)}).`));
    }
    if (!oktaCanCall(facts)) return todo('Generate a token first: it is the Secret Token.');
    return waiting(
      `Provisioning > + New configuration: Tenant URL ${facts.tunnel.publicScimUrl ?? '(the public SCIM URL, ending in /scim/v2)'}, Secret Token: the token. Appending ?aadOptscim062020 to the Tenant URL makes Entra send RFC 7644-compliant PATCH requests; SCIM Desk accepts both.`,
    );
  },
};

export const entraTestConnectionStep: StepDefinition = {
  id: 'entra-test-connection',
  title: 'Test Connection',
  check: 'traffic',
  confirmable: false,
  evaluate(facts) {
    const probe = succeeded(facts, 'guid-probe')?.last;
    const success = newest(probe, facts.summary.authenticated?.last);
    const failure = connectionFailure(facts, success);
    if (failure) return failure;
    if (probe) {
      return done(requestEvidence(succeeded(facts, 'guid-probe')!.first, `Entra's Test Connection looked up a random GUID and got an empty list, as it expects (${describeRequest(succeeded(facts, 'guid-probe')!.first)}).`));
    }
    if (success) return done(requestEvidence(success, `An authenticated request from Entra arrived (${describeRequest(success)}).`));
    if (!oktaCanCall(facts)) return todo('Generate a token, paste it as the Secret Token with the Tenant URL, then select Test Connection.');
    return waiting('Select Test Connection: Entra looks up a user with a random GUID (GET /Users?filter=userName eq "<GUID>") and expects 200 with an empty list. Then select Create.');
  },
};

export const entraAssignmentStep: StepDefinition = {
  id: 'entra-assignment',
  title: 'Users and groups: assign users and security groups ("Sync only assigned users and groups")',
  check: 'traffic',
  // Entra's assignments and scope are not sent; users arriving show that someone is in scope.
  confirmable: true,
  evaluate(facts) {
    const arrival = [succeeded(facts, 'user-lookup')?.first, succeeded(facts, 'external-id-lookup')?.first, succeeded(facts, 'user-create')?.first].reduce<ScimActivity | undefined>(
      (best, e) => (e && (!best || e.id < best.id) ? e : best),
      undefined,
    );
    if (arrival) return done(requestEvidence(arrival, `Assigned users are being provisioned: ${arrival.resourceName ?? describeRequest(arrival)} (${describeRequest(arrival)}).`));
    return notYet(
      facts,
      'Users and groups > + Add user/group: assign the users, and the security groups (SecurityEnabled = True) whose names the rules will use. Provisioning > Settings > Scope: "Sync only assigned users and groups". Nested groups are not provisioned.',
    );
  },
};

export interface GroupNameFinding {
  id: string;
  displayName: string;
  reason: 'uuid' | 'mail-nickname';
}

/** Groups whose names look generated: UUIDs always, mail nicknames in the Entra profile. */
export function generatedGroupNames(facts: Pick<SetupFacts, 'groups' | 'identityProvider'>): GroupNameFinding[] {
  const findings: GroupNameFinding[] = [];
  for (const group of facts.groups) {
    const reason = generatedNameReason(group.displayName, { mailNicknames: facts.identityProvider === 'entra' });
    if (reason) findings.push({ id: group.id, displayName: group.displayName, reason });
  }
  return findings;
}

const listNames = (names: readonly string[]) => `${names.slice(0, 3).map((n) => `"${n}"`).join(', ')}${names.length > 3 ? `, and ${names.length - 3} more` : ''}`;

export const entraAttributeMappingStep: StepDefinition = {
  id: 'entra-attribute-mapping',
  title: 'Attribute mapping: Matching attribute, user and group mappings on, mailNickname removed',
  check: 'traffic',
  confirmable: false,
  evaluate(facts) {
    const generated = generatedGroupNames(facts);
    const created = succeeded(facts, 'group-create')?.first;
    if (generated.length > 0) {
      return failed(
        'In Provisioning > Mappings > Provision Microsoft Entra ID Groups, delete the mapping from mailNickname (Clumio: "group names may be changed to their corresponding UUIDs", which breaks rule evaluation), keep displayName > displayName, Save, then Restart provisioning. Write no rule against these names.',
        stateEvidence(`${generated.length} group name(s) look generated: ${listNames(generated.map((g) => g.displayName))}.`, created?.time ?? null),
      );
    }
    const badUsers = facts.users.filter((u) => !looksLikeEmail(u.userName));
    if (badUsers.length > 0) {
      return failed(
        'In Provisioning > Mappings > Provision Microsoft Entra ID Users, map userPrincipalName to userName (the default), Save, and Restart provisioning: Clumio signs users in by e-mail.',
        stateEvidence(`${badUsers.length} of ${facts.users.length} userNames are not e-mail addresses: ${listNames(badUsers.map((u) => u.userName))}.`),
      );
    }
    const userCreate = succeeded(facts, 'user-create');
    if (!userCreate) {
      return notYet(facts, 'Provisioning > Mappings: keep "Provision Microsoft Entra ID Users" and "Provision Microsoft Entra ID Groups" enabled, userName matched from userPrincipalName (Matching precedence 1), and remove the mailNickname mapping from the group mapping. Checked as users and groups arrive.');
    }
    if (!created) {
      return waiting(
        'Users arrive but no group yet: enable "Provision Microsoft Entra ID Groups" in Provisioning > Mappings (and remove its mailNickname mapping), and assign the groups to the app.',
        requestEvidence(userCreate.first, `${userCreate.count} user(s) arrived (${describeRequest(userCreate.first)}).`),
      );
    }
    const lookup = newest(succeeded(facts, 'user-lookup')?.last, succeeded(facts, 'external-id-lookup')?.last);
    const matching = lookup?.signals.includes('external-id-lookup') ? 'externalId' : 'userName';
    return done(
      requestEvidence(
        lookup ?? userCreate.first,
        `Users are matched by ${matching}${lookup ? ` (${describeRequest(lookup)})` : ''}; ${facts.users.length} userName(s) are e-mail addresses and ${facts.groups.length} group name(s) look like display names.`,
      ),
    );
  },
};

export const entraProvisionOnDemandStep: StepDefinition = {
  id: 'entra-provision-on-demand',
  title: 'Provision on demand: one user through the five steps',
  check: 'traffic',
  // On-demand and the first cycle send the same requests; the admin may vouch for having run it.
  confirmable: true,
  evaluate(facts) {
    const created = succeeded(facts, 'user-create')?.first;
    if (created) return done(requestEvidence(created, `A user went through to "Perform action": ${created.resourceName ?? ''} was created (${describeRequest(created)}).`));
    return notYet(
      facts,
      'Provision on demand: search a user who is in scope, Provision. Entra shows the five steps: Test connection, Import user, Determine if user is in scope, Match user between source and target system, Perform action. (The aadOptscim062020 flag does not apply to on-demand provisioning.)',
    );
  },
};

/** The initial cycle shows itself by looking groups up and creating them (on-demand provisioning of one user does not). */
function groupTraffic(facts: SetupFacts): ScimActivity | undefined {
  const lookup = succeeded(facts, 'group-lookup')?.first;
  const create = succeeded(facts, 'group-create')?.first;
  return !lookup ? create : !create ? lookup : lookup.id < create.id ? lookup : create;
}

export const entraStartProvisioningStep: StepDefinition = {
  id: 'entra-start-provisioning',
  title: 'Start provisioning',
  check: 'traffic',
  confirmable: true,
  evaluate(facts) {
    const first = groupTraffic(facts);
    if (first) return done(requestEvidence(first, `The initial cycle runs: groups are being provisioned (${describeRequest(first)}).`));
    return notYet(
      facts,
      'Overview > Properties: set a notification email (quarantine emails); then Start provisioning. The initial cycle takes longer than the later ones (20 minutes to several hours for a large directory).',
    );
  },
};

export const entraFirstCycleStep: StepDefinition = {
  id: 'entra-first-cycle',
  title: 'First cycle seen: lookups, creates, groups and member adds',
  check: 'traffic',
  confirmable: false,
  evaluate(facts) {
    const lookup = newest(succeeded(facts, 'user-lookup')?.first, succeeded(facts, 'external-id-lookup')?.first);
    const groupLookup = succeeded(facts, 'group-lookup')?.first;
    const parts: [string, ScimActivity | undefined][] = [
      ['user lookups', lookup],
      ['user creates', succeeded(facts, 'user-create')?.first],
      ['group lookups (excludedAttributes=members)', groupLookup],
      ['group creates', succeeded(facts, 'group-create')?.first],
      ['member adds', succeeded(facts, 'member-add')?.first],
    ];
    const missing = parts.filter(([, e]) => e === undefined).map(([name]) => name);
    if (missing.length === 0) {
      const last = succeeded(facts, 'member-add')!.first;
      const withoutExclusion = groupLookup && !/excludedAttributes=members/i.test(decodeURIComponent(groupLookup.query));
      return done(
        requestEvidence(last, `Seen: user lookups, creates, group lookups${withoutExclusion ? '' : ' with excludedAttributes=members'}, empty group creates and member adds (${describeRequest(last)}).`),
      );
    }
    const seen = parts.filter(([, e]) => e !== undefined).map(([name]) => name);
    const so = seen.length > 0 ? `Seen so far: ${seen.join(', ')}. Still to come: ${missing.join(', ')}.` : 'Nothing of the first cycle yet.';
    return notYet(facts, `${so} Groups arrive only when the group mapping is on and the groups are assigned.${cycleHint(facts)}`);
  },
};

export const entraDeactivationStep: StepDefinition = {
  id: 'entra-deactivation',
  title: 'Deactivation seen (active "False" or false)',
  check: 'traffic',
  // Only an unassignment or a disabled account sends it: the admin may not want to touch a real one.
  confirmable: true,
  evaluate(facts) {
    const success = succeeded(facts, 'user-deactivate');
    const failure = facts.summary.failed['user-deactivate']?.last;
    if (failure && isNewer(failure, success?.last)) return failed('Entra\'s last deactivation failed: open it in the activity view for the reason.', requestEvidence(failure));
    if (success) {
      const first = success.first;
      const form = first.signals.includes('active-as-string') ? 'active "False" (the default job)' : 'active false';
      return done(requestEvidence(first, `A deactivation arrived with ${form}: ${first.resourceName ?? first.resourceId ?? ''} (${describeRequest(first)}).`));
    }
    return notYet(facts, `Remove a test user from Users and groups (or block their sign-in): Entra sets active to "False" (false with aadOptscim062020); it deletes the user only when it is hard-deleted in Entra, 30 days after a soft delete.${cycleHint(facts)}`);
  },
};
