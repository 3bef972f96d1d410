/**
 * The Okta steps of the rollout, each read from the app as Okta's Management API states it in the latest read:
 * the connection and the app, the Sign On username format, the API integration and the To App settings (Okta's
 * features API, where Okta answers it for the app; otherwise the admin confirms), the group push mappings, the
 * admin's own user and the last day's provisioning failures. Texts Okta reports (a mapping's `errorSummary`, a
 * failure's reason) are explained by the current profile's catalogue, in its rollout words.
 */
import type { OktaLogEvent, OktaProvisioning } from '../../tenants/okta/okta-types.js';
import type { Evidence, Reading } from '../../tenants/facts/reading.js';
import type { OktaFacts, PushedGroup } from '../../tenants/facts/tenant-snapshot.js';
import type { IdentityProfile } from '../../identity-providers/profile.js';
import { explainRolloutError } from '../error-explainer.js';
import type { SetupFacts } from '../setup-facts.js';
import { done, failed, todo, waiting, type Finding, type StepEvidenceSource } from '../steps/step.js';
import { adminNotRead, apiEvidence, oktaSide, quoted, unreadable } from './api-findings.js';

/** App users in these states are no longer active in the app. */
const INACTIVE_ASSIGNMENT = new Set(['DEPROVISIONED', 'INACTIVE', 'REVOKED', 'SUSPENDED', 'UNASSIGNED']);

const appLabel = (okta: OktaFacts) => (okta.app.ok ? `"${okta.app.value.label}"` : 'the app');

/** A finding read from an answer: a confirmation no longer applies to it. */
const answered = (finding: Finding): Finding => ({ ...finding, confirmable: false });

/** "Okta says" in Okta's own words, quoted, with a full stop only when Okta's text has none. */
const inQuotes = (text: string) => `"${text}"${/[.!?]$/.test(text) ? '' : '.'}`;

/** What Okta said in its own words, explained by the profile's catalogue (rollout words) when it knows it. */
function explained(text: string, profile: IdentityProfile): string {
  const known = explainRolloutError(text, profile);
  return known
    ? `${known.cause} ${known.fix}`
    : `SCIM Desk does not know this text: open it in ${profile.words.short} for the details.`;
}

export const oktaConnectionStep: StepEvidenceSource = {
  id: 'okta-connection',
  check: 'okta-api',
  confirmable: false,
  says: ['not-connected', 'no-app', 'app-inactive'],
  settle(facts) {
    const connection = facts.tenants?.oktaOrg ?? null;
    if (!connection) return todo('not-connected');
    if (!connection.app)
      return todo(
        'no-app',
        {},
        {
          summary: `Okta org ${connection.orgUrl} connected; no app picked.`,
          at: null,
          activityId: null,
          userAgent: null,
        },
      );
    const side = oktaSide(facts);
    if (!side.ok) return side.finding;
    const app = side.value.app;
    if (!app.ok) return unreadable(app, 'the app');
    const evidence = apiEvidence(
      app.evidence,
      `Okta org ${side.value.orgUrl}: app "${app.value.label}" (${app.value.status}).`,
    );
    if (app.value.status !== 'ACTIVE')
      return failed('app-inactive', { app: app.value.label, status: app.value.status }, evidence);
    return done(evidence);
  },
};

export const usernameFormatApiStep: StepEvidenceSource = {
  id: 'username-format',
  check: 'okta-api',
  confirmable: false,
  says: ['not-email', 'no-format'],
  settle(facts) {
    const side = oktaSide(facts);
    if (!side.ok) return side.finding;
    const app = side.value.app;
    if (!app.ok) return unreadable(app, 'the app');
    const rollout = facts.profile.rollout;
    const template = app.value.userNameTemplate?.template;
    const label = `"${app.value.label}"`;
    if (!template)
      return failed('no-format', {}, apiEvidence(app.evidence, `Okta: ${label} has no Application username format.`));
    const name = rollout?.usernameFormats[template];
    const format = name ? `"${name}" (${template})` : template;
    const summary = `Okta: the Application username format of ${label} is ${format}.`;
    if (template === rollout?.emailUsernameFormat) return done(apiEvidence(app.evidence, summary));
    return failed('not-email', { format }, apiEvidence(app.evidence, summary));
  },
};

/** The provisioning settings when Okta states them for the app; else the finding that says why not. */
function provisioningOf(
  facts: SetupFacts,
  notSaidSummary: string,
):
  | { okta: OktaFacts; features: Extract<OktaProvisioning, { answer: 'features' }>; evidence: Evidence }
  | { finding: Finding } {
  const side = oktaSide(facts);
  if (!side.ok) return { finding: side.finding };
  const reading = side.value.provisioning;
  if (!reading.ok) return { finding: unreadable(reading, "the app's provisioning settings") };
  const value = reading.value;
  if (value.answer === 'features') return { okta: side.value, features: value, evidence: reading.evidence };
  if (value.answer === 'integration-off') {
    return {
      finding: answered(
        failed(
          'integration-off',
          {},
          apiEvidence(reading.evidence, `Okta: "${value.reason}" (${appLabel(side.value)}).`),
        ),
      ),
    };
  }
  return { finding: notSaid(reading.evidence, `${notSaidSummary} Okta answered: ${value.reason}`) };
}

/** Okta does not answer the features API for this app: say so, and let the admin confirm what they checked. */
function notSaid(evidence: Evidence, summary: string): Finding {
  return { state: 'todo', say: 'not-said', values: {}, evidence: apiEvidence(evidence, summary), confirmable: true };
}

export const apiIntegrationStep: StepEvidenceSource = {
  id: 'api-integration',
  check: 'okta-api',
  confirmable: true,
  says: ['integration-off', 'not-said'],
  settle(facts) {
    const read = provisioningOf(
      facts,
      "Okta's features API does not say for this app whether its API integration is enabled.",
    );
    if ('features' in read) {
      const summary = `Okta: provisioning (USER_PROVISIONING) is ${read.features.enabled ? 'ENABLED' : 'DISABLED'} for ${appLabel(read.okta)}.`;
      return answered(
        read.features.enabled
          ? done(apiEvidence(read.evidence, summary))
          : failed('integration-off', {}, apiEvidence(read.evidence, summary)),
      );
    }
    if (read.finding.say !== 'not-said') return read.finding;
    // The features API is silent; the default provisioning connection may still say it.
    const side = oktaSide(facts);
    const connection = side.ok ? side.value.connection : null;
    if (connection?.ok && connection.value.answer === 'connection') {
      const summary = `Okta: the app's provisioning connection is ${connection.value.status}.`;
      return answered(
        connection.value.status === 'ENABLED'
          ? done(apiEvidence(connection.evidence, summary))
          : failed('integration-off', {}, apiEvidence(connection.evidence, summary)),
      );
    }
    return read.finding;
  },
};

type Capability = 'createUsers' | 'updateUserAttributes' | 'deactivateUsers';

function toAppStep(
  id: 'create-users' | 'update-users' | 'deactivate-users',
  capability: Capability,
  setting: string,
): StepEvidenceSource {
  return {
    id,
    check: 'okta-api',
    confirmable: true,
    says: ['off', 'integration-off', 'not-said'],
    settle(facts) {
      const read = provisioningOf(facts, `Okta's features API does not say for this app whether ${setting} is on.`);
      if (!('features' in read)) return read.finding;
      const on = read.features[capability];
      const evidence = apiEvidence(
        read.evidence,
        `Okta: ${setting} is ${on ? 'on' : 'off'} for ${appLabel(read.okta)}.`,
      );
      if (!read.features.enabled) return answered(failed('integration-off', {}, evidence));
      return answered(on ? done(evidence) : failed('off', {}, evidence));
    },
  };
}

export const createUsersApiStep = toAppStep('create-users', 'createUsers', 'Create Users');
export const updateUsersApiStep = toAppStep('update-users', 'updateUserAttributes', 'Update User Attributes');
export const deactivateUsersApiStep = toAppStep('deactivate-users', 'deactivateUsers', 'Deactivate Users');

export const syncPasswordApiStep: StepEvidenceSource = {
  id: 'sync-password-off',
  check: 'okta-api',
  confirmable: true,
  says: ['on', 'integration-off', 'not-said'],
  settle(facts) {
    const read = provisioningOf(facts, "Okta's features API does not say for this app whether Sync Password is on.");
    if (!('features' in read))
      return read.finding.say === 'integration-off' ? { ...read.finding, state: 'todo' } : read.finding;
    const on = read.features.syncPassword;
    const evidence = apiEvidence(
      read.evidence,
      `Okta: Sync Password is ${on ? 'on' : 'off'} for ${appLabel(read.okta)}.`,
    );
    if (!read.features.enabled) return answered(todo('integration-off', {}, evidence));
    return answered(on ? failed('on', {}, evidence) : done(evidence));
  },
};

/** The name a pushed group has in Clumio (what rules match), else the best Okta has. */
const groupName = (group: PushedGroup) => group.clumioName ?? group.sourceGroup.name ?? group.sourceGroup.id;

export const pushGroupsApiStep: StepEvidenceSource = {
  id: 'push-groups',
  check: 'okta-api',
  confirmable: false,
  says: ['none', 'error', 'inactive', 'assignment-group'],
  settle(facts) {
    const side = oktaSide(facts);
    if (!side.ok) return side.finding;
    const okta = side.value;
    const groups = okta.pushedGroups;
    if (!groups.ok) return unreadable(groups, "the app's group push mappings");
    const said = (summary: string) => apiEvidence(groups.evidence, summary);
    if (groups.value.length === 0) return todo('none', {}, said(`Okta: ${appLabel(okta)} has no group push mappings.`));
    const listed = groups.value.map((g) => `"${groupName(g)}" ${g.status}`).join(', ');

    const errors = groups.value.filter((g) => g.status === 'ERROR');
    if (errors.length > 0) {
      const texts = errors.map((g) => {
        const summary = g.errorSummary ?? 'no error summary';
        return `For "${groupName(g)}" Okta says: ${inQuotes(summary)} ${g.errorSummary ? explained(g.errorSummary, facts.profile) : ''}`.trim();
      });
      return failed(
        'error',
        { groups: quoted(errors.map(groupName)), errors: texts.join(' ') },
        said(`Okta's push mappings: ${listed}.`),
      );
    }
    const inactive = groups.value.filter((g) => g.status !== 'ACTIVE');
    if (inactive.length > 0)
      return failed('inactive', { groups: quoted(inactive.map(groupName)) }, said(`Okta's push mappings: ${listed}.`));

    // Okta does not support pushing the group that assigns the app.
    if (okta.assignments.ok) {
      const assigned = new Set(okta.assignments.value.groups.map((g) => g.id));
      const both = groups.value.filter((g) => assigned.has(g.sourceGroup.id));
      if (both.length > 0) {
        const evidence = apiEvidence(
          { ...groups.evidence, calls: [...groups.evidence.calls, ...okta.assignments.evidence.calls] },
          `Okta: ${quoted(both.map(groupName))} is pushed and assigns the app.`,
        );
        return failed('assignment-group', { groups: quoted(both.map(groupName)) }, evidence);
      }
    }
    return done(
      said(
        `Okta pushes ${groups.value.length} group(s) to Clumio, every mapping ACTIVE: ${quoted(groups.value.map(groupName))}.`,
      ),
    );
  },
};

export const adminAccountApiStep: StepEvidenceSource = {
  id: 'admin-account',
  check: 'okta-api',
  confirmable: false,
  says: ['no-admin', 'no-user', 'deactivated', 'not-assigned', 'out-of-sync', 'syncing', 'no-group', 'push-not-active'],
  settle(facts) {
    const login = facts.currentAdmin;
    if (login === null) return todo('no-admin');
    const side = oktaSide(facts);
    if (!side.ok) return side.finding;
    const okta = side.value;
    const reading = okta.admin;
    if (reading === null || (reading.ok && reading.value.login.toLowerCase() !== login.toLowerCase()))
      return adminNotRead(side.tenants);
    if (!reading.ok) return unreadable(reading, 'your own Okta user');
    const { user, assignment, pushedGroups } = reading.value;
    const said = (summary: string) => apiEvidence(reading.evidence, summary);
    if (!user) return failed('no-user', { admin: login }, said(`Okta has no user ${login}.`));
    const admin = user.login;
    if (user.status !== 'ACTIVE')
      return failed('deactivated', { admin, status: user.status }, said(`Okta: ${admin} is ${user.status}.`));
    if (!assignment)
      return failed(
        'not-assigned',
        { admin, status: '' },
        said(`Okta: ${admin} is not assigned to ${appLabel(okta)}.`),
      );
    if (INACTIVE_ASSIGNMENT.has(assignment.status)) {
      return failed(
        'not-assigned',
        { admin, status: ` (its assignment is ${assignment.status})` },
        said(`Okta: ${admin}'s assignment to ${appLabel(okta)} is ${assignment.status}.`),
      );
    }
    const state = assignment.syncState;
    const assigned = `Okta: ${admin} is ACTIVE, assigned to ${appLabel(okta)} (${assignment.scope}, ${assignment.status}), syncState ${state ?? 'not tracked'}`;
    if (state === 'SYNCING') return waiting('syncing', { admin }, said(`${assigned}.`));
    if (state !== 'SYNCHRONIZED')
      return failed('out-of-sync', { admin, state: state ?? 'not tracked' }, said(`${assigned}.`));
    if (pushedGroups.length === 0) {
      // In a pushed group whose mapping is not ACTIVE: that mapping is what to fix, not the membership.
      const stalled = okta.pushedGroups.ok
        ? okta.pushedGroups.value.filter(
            (g) => g.status !== 'ACTIVE' && g.members.some((m) => m.oktaUserId === user.id),
          )
        : [];
      if (stalled.length > 0) {
        const groups = stalled.map((g) => `"${groupName(g)}" (${g.status})`).join(', ');
        return failed(
          'push-not-active',
          { admin, groups },
          said(`${assigned}; in ${groups}, whose push to Clumio is not ACTIVE.`),
        );
      }
      return failed('no-group', { admin }, said(`${assigned}; in none of the groups Okta pushes to Clumio.`));
    }
    return done(said(`${assigned}; in the pushed group(s) ${quoted(pushedGroups)}.`));
  },
};

/** How many failures are spelled out; the rest are counted. */
const LISTED_FAILURES = 5;

function describeFailure(event: OktaLogEvent, profile: IdentityProfile): string {
  const user = event.targets.find((t) => t.type === 'User')?.alternateId;
  const text = event.reason ?? event.displayMessage ?? event.eventType;
  return `${event.published} ${event.eventType}${user ? ` for ${user}` : ''}: ${inQuotes(text)} ${explained(text, profile)}`;
}

export const provisioningFailuresStep: StepEvidenceSource = {
  id: 'provisioning-failures',
  check: 'okta-api',
  confirmable: false,
  says: ['failures'],
  settle(facts) {
    const side = oktaSide(facts);
    if (!side.ok) return side.finding;
    const reading: Reading<{ since: string; until: string; events: readonly OktaLogEvent[]; truncated: boolean }> =
      side.value.failures;
    if (!reading.ok) return unreadable(reading, 'the System Log');
    const { since, until, events, truncated } = reading.value;
    const window = `between ${since} and ${until}`;
    if (events.length === 0)
      return done(
        apiEvidence(
          reading.evidence,
          `Okta's System Log: no provisioning failure of ${appLabel(side.value)} ${window}.`,
        ),
      );
    const count = `${events.length}${truncated ? '+' : ''}`;
    const more =
      events.length > LISTED_FAILURES
        ? ` And ${events.length - LISTED_FAILURES}${truncated ? '+' : ''} more in the System Log.`
        : '';
    const failures = `${events
      .slice(0, LISTED_FAILURES)
      .map((event) => describeFailure(event, facts.profile))
      .join(' ')}${more}`;
    return failed(
      'failures',
      { count, failures },
      apiEvidence(
        reading.evidence,
        `Okta's System Log: ${count} provisioning failure(s) of ${appLabel(side.value)} ${window}, the newest at ${events[0]!.published}.`,
      ),
    );
  },
};
