/**
 * The Entra steps (docs/entra.md), settled from the traffic the Entra provisioning service sends: its Test
 * Connection probe, the initial cycle's lookups and creates, its deactivations. The words are the Entra
 * profile's (identity-providers/profiles/entra/entra.ts).
 */
import type { ScimActivity, ScimSignal } from '../../activity/types.js';
import { fillWords } from '../../identity-providers/fill.js';
import { generatedNameReason } from '../../rules/group-name-warnings.js';
import { describeRequest, newest, requestEvidence, stateEvidence } from '../evidence.js';
import type { SetupFacts } from '../setup-facts.js';
import { connectionFailure } from './connector-test.js';
import { deactivationFinding, looksLikeEmail } from './okta-to-app.js';
import { canCall, done, failed, notYet, todo, waiting, type StepEvidenceSource } from './step.js';

const succeeded = (facts: SetupFacts, signal: ScimSignal) => facts.summary.succeeded[signal];

/**
 * "The next incremental cycle is due around 10:45" (or "nothing has arrived for longer than a cycle"), for a
 * profile whose identity provider sends changes in cycles; '' for one that sends them as they happen.
 */
export function cycleHint(facts: SetupFacts): string {
  const minutes = facts.profile.traits.incrementalCycleMinutes;
  const words = facts.profile.notes['entra-cycle-interval'];
  const last = facts.summary.authenticated?.last;
  if (minutes === null || !words || !last) return '';
  const lastAt = Date.parse(last.time);
  const next = lastAt + minutes * 60_000;
  const overdue = Date.parse(facts.now) > next + 20 * 60_000;
  const template = overdue ? words.overdue : words.due;
  return template ? fillWords(template, facts.profile.words, { minutes, last: clock(lastAt), next: clock(next) }) : '';
}

/** "14:05 UTC": the server's texts cannot know the admin's time zone. */
function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

export const entraCreateAppStep: StepEvidenceSource = {
  id: 'entra-create-app',
  check: 'traffic',
  // Creating the app sends nothing; the first request from its provisioning job shows it exists.
  confirmable: true,
  says: ['not-yet'],
  settle(facts) {
    const first = facts.summary.authenticated?.first;
    if (first)
      return done(
        requestEvidence(
          first,
          `The enterprise app's provisioning job calls this endpoint (${describeRequest(first)}).`,
        ),
      );
    return todo('not-yet');
  },
};

export const entraCredentialsStep: StepEvidenceSource = {
  id: 'entra-credentials',
  check: 'traffic',
  confirmable: false,
  says: ['no-token', 'waiting'],
  settle(facts) {
    const success = facts.summary.authenticated?.last;
    const failure = connectionFailure(facts, success);
    if (failure) return failure;
    const first = facts.summary.authenticated?.first;
    if (first)
      return done(
        requestEvidence(
          first,
          `${facts.profile.words.short} reached /scim/v2 with the SCIM Desk token (${describeRequest(first)}).`,
        ),
      );
    if (!canCall(facts)) return todo('no-token');
    return waiting('waiting', { url: facts.tunnel.publicScimUrl ?? '(the public SCIM URL, ending in /scim/v2)' });
  },
};

export const entraTestConnectionStep: StepEvidenceSource = {
  id: 'entra-test-connection',
  check: 'traffic',
  confirmable: false,
  says: ['no-token', 'waiting'],
  settle(facts) {
    const probes = succeeded(facts, 'guid-probe');
    const success = newest(probes?.last, facts.summary.authenticated?.last);
    const failure = connectionFailure(facts, success);
    if (failure) return failure;
    if (probes) {
      return done(
        requestEvidence(
          probes.first,
          `${facts.profile.words.short}'s Test Connection looked up a random GUID and got an empty list, as it expects (${describeRequest(probes.first)}).`,
        ),
      );
    }
    if (success)
      return done(
        requestEvidence(
          success,
          `An authenticated request from ${facts.profile.words.short} arrived (${describeRequest(success)}).`,
        ),
      );
    if (!canCall(facts)) return todo('no-token');
    return waiting('waiting');
  },
};

export const entraAssignmentStep: StepEvidenceSource = {
  id: 'entra-assignment',
  check: 'traffic',
  // Entra's assignments and scope are not sent; users arriving show that someone is in scope.
  confirmable: true,
  says: ['not-yet'],
  settle(facts) {
    const arrival = [
      succeeded(facts, 'user-lookup')?.first,
      succeeded(facts, 'external-id-lookup')?.first,
      succeeded(facts, 'user-create')?.first,
    ].reduce<ScimActivity | undefined>((best, e) => (e && (!best || e.id < best.id) ? e : best), undefined);
    if (arrival)
      return done(
        requestEvidence(
          arrival,
          `Assigned users are being provisioned: ${arrival.resourceName ?? describeRequest(arrival)} (${describeRequest(arrival)}).`,
        ),
      );
    return notYet(facts, 'not-yet');
  },
};

export interface GroupNameFinding {
  id: string;
  displayName: string;
  reason: 'uuid' | 'mail-nickname';
}

/** Groups whose names look generated: UUIDs always, mail nicknames where the profile's identity provider maps them. */
export function generatedGroupNames(facts: Pick<SetupFacts, 'groups' | 'profile'>): GroupNameFinding[] {
  const findings: GroupNameFinding[] = [];
  for (const group of facts.groups) {
    const reason = generatedNameReason(group.displayName, {
      mailNicknames: facts.profile.traits.mailNicknameGroupNames,
    });
    if (reason) findings.push({ id: group.id, displayName: group.displayName, reason });
  }
  return findings;
}

const listNames = (names: readonly string[]) =>
  `${names
    .slice(0, 3)
    .map((n) => `"${n}"`)
    .join(', ')}${names.length > 3 ? `, and ${names.length - 3} more` : ''}`;

export const entraAttributeMappingStep: StepEvidenceSource = {
  id: 'entra-attribute-mapping',
  check: 'traffic',
  confirmable: false,
  says: ['generated', 'not-email', 'not-yet', 'no-groups'],
  settle(facts) {
    const generated = generatedGroupNames(facts);
    const created = succeeded(facts, 'group-create')?.first;
    if (generated.length > 0) {
      return failed(
        'generated',
        {},
        stateEvidence(
          `${generated.length} group name(s) look generated: ${listNames(generated.map((g) => g.displayName))}.`,
          created?.time ?? null,
        ),
      );
    }
    const badUsers = facts.users.filter((u) => !looksLikeEmail(u.userName));
    if (badUsers.length > 0) {
      return failed(
        'not-email',
        {},
        stateEvidence(
          `${badUsers.length} of ${facts.users.length} userNames are not e-mail addresses: ${listNames(badUsers.map((u) => u.userName))}.`,
        ),
      );
    }
    const userCreate = succeeded(facts, 'user-create');
    if (!userCreate) return notYet(facts, 'not-yet');
    if (!created)
      return waiting(
        'no-groups',
        {},
        requestEvidence(
          userCreate.first,
          `${userCreate.count} user(s) arrived (${describeRequest(userCreate.first)}).`,
        ),
      );
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

export const entraProvisionOnDemandStep: StepEvidenceSource = {
  id: 'entra-provision-on-demand',
  check: 'traffic',
  // On-demand and the first cycle send the same requests; the admin may vouch for having run it.
  confirmable: true,
  says: ['not-yet'],
  settle(facts) {
    const created = succeeded(facts, 'user-create')?.first;
    if (created)
      return done(
        requestEvidence(
          created,
          `A user went through to "Perform action": ${created.resourceName ?? ''} was created (${describeRequest(created)}).`,
        ),
      );
    return notYet(facts, 'not-yet');
  },
};

/** The initial cycle shows itself by looking groups up and creating them (on-demand provisioning of one user does not). */
function groupTraffic(facts: SetupFacts): ScimActivity | undefined {
  const lookup = succeeded(facts, 'group-lookup')?.first;
  const create = succeeded(facts, 'group-create')?.first;
  return !lookup ? create : !create ? lookup : lookup.id < create.id ? lookup : create;
}

export const entraStartProvisioningStep: StepEvidenceSource = {
  id: 'entra-start-provisioning',
  check: 'traffic',
  confirmable: true,
  says: ['not-yet'],
  settle(facts) {
    const first = groupTraffic(facts);
    if (first)
      return done(
        requestEvidence(first, `The initial cycle runs: groups are being provisioned (${describeRequest(first)}).`),
      );
    return notYet(facts, 'not-yet');
  },
};

export const entraFirstCycleStep: StepEvidenceSource = {
  id: 'entra-first-cycle',
  check: 'traffic',
  confirmable: false,
  says: ['not-yet'],
  settle(facts) {
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
      const withoutExclusion =
        groupLookup && !/excludedAttributes=members/i.test(decodeURIComponent(groupLookup.query));
      return done(
        requestEvidence(
          last,
          `Seen: user lookups, creates, group lookups${withoutExclusion ? '' : ' with excludedAttributes=members'}, empty group creates and member adds (${describeRequest(last)}).`,
        ),
      );
    }
    const seen = parts.filter(([, e]) => e !== undefined).map(([name]) => name);
    const progress =
      seen.length > 0
        ? `Seen so far: ${seen.join(', ')}. Still to come: ${missing.join(', ')}.`
        : 'Nothing of the first cycle yet.';
    return notYet(facts, 'not-yet', { progress, cycle: cycleHint(facts) });
  },
};

export const entraDeactivationStep: StepEvidenceSource = {
  id: 'entra-deactivation',
  check: 'traffic',
  // Only an unassignment or a disabled account sends it: the admin may not want to touch a real one.
  confirmable: true,
  says: ['failed', 'not-yet'],
  settle(facts) {
    const describe = (first: ScimActivity) => {
      const form = first.signals.includes('active-as-string') ? 'active "False" (the default job)' : 'active false';
      return `A deactivation arrived with ${form}: ${first.resourceName ?? first.resourceId ?? ''} (${describeRequest(first)}).`;
    };
    return deactivationFinding(facts, describe) ?? notYet(facts, 'not-yet', { cycle: cycleHint(facts) });
  },
};
