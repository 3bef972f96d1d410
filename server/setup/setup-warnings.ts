/**
 * Where setups commonly go wrong, as far as the data shows it now: the one place the wizard's warnings are
 * computed. Each is derived from the directory, the evidence and the tunnel as they are at this moment (a
 * warning about a group that has since been removed is gone with it), and said in the profile's words; a
 * profile without words for a warning never shows it.
 */
import type { WarningKind } from '../identity-providers/profile.js';
import { fillWords, type WordValues } from '../identity-providers/fill.js';
import type { SetupEvidence, SetupWarning } from './setup-types.js';
import { describeRequest, requestEvidence, stateEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { generatedGroupNames } from './steps/entra.js';
import { standingGroupNameConflicts } from './steps/groups-and-admin.js';
import { looksLikeEmail, newestPasswordRequest } from './steps/okta-to-app.js';

/** Below this many users a group holding all of them says little (a fresh setup has one or two). */
const MIN_USERS_FOR_ASSIGNMENT_HEURISTIC = 3;

interface Observed {
  kind: WarningKind;
  values: WordValues;
  evidence: SetupEvidence | null;
}

const quoted = (names: readonly string[], limit: number) =>
  `${names
    .slice(0, limit)
    .map((n) => `"${n}"`)
    .join(', ')}${names.length > limit ? ', …' : ''}`;

function observe(facts: SetupFacts): Observed[] {
  const observed: Observed[] = [];
  const password = newestPasswordRequest(facts);
  if (password) observed.push({ kind: 'sync-password-on', values: {}, evidence: requestEvidence(password) });

  // Okta cannot use one group for assignment and push; we cannot see assignments, but a pushed group
  // that contains every provisioned user is what that mistake looks like from here.
  const active = facts.users.filter((u) => u.active);
  if (active.length >= MIN_USERS_FOR_ASSIGNMENT_HEURISTIC) {
    for (const group of facts.groups) {
      if (active.every((u) => u.groups.includes(group.displayName))) {
        observed.push({
          kind: 'group-used-for-assignment',
          values: { group: group.displayName, count: active.length },
          evidence: stateEvidence(
            `"${group.displayName}" has ${group.memberCount} members; ${active.length} active users are provisioned.`,
          ),
        });
      }
    }
  }

  for (const entry of standingGroupNameConflicts(facts)) {
    observed.push({
      kind: 'group-name-exists',
      values: { group: entry.resourceName ?? '?' },
      evidence: requestEvidence(entry, `${describeRequest(entry)}: the group name already exists.`),
    });
  }

  const generated = generatedGroupNames(facts);
  if (generated.length > 0) {
    const uuids = generated.filter((g) => g.reason === 'uuid').map((g) => g.displayName);
    const nicknames = generated.filter((g) => g.reason === 'mail-nickname').map((g) => g.displayName);
    const found = [
      uuids.length > 0 ? `Group names that look like object IDs (UUIDs): ${quoted(uuids, 5)}.` : '',
      nicknames.length > 0
        ? `Group names that look like mail nicknames (words joined without spaces): ${quoted(nicknames, 5)}.`
        : '',
    ]
      .filter(Boolean)
      .join(' ');
    observed.push({
      kind: 'group-name-generated',
      values: { found },
      evidence: stateEvidence(`${generated.length} of ${facts.groups.length} groups.`),
    });
  }

  const notEmail = facts.users.filter((u) => !looksLikeEmail(u.userName));
  if (notEmail.length > 0) {
    observed.push({
      kind: 'username-not-email',
      values: {
        count: notEmail.length,
        names: quoted(
          notEmail.map((u) => u.userName),
          3,
        ),
      },
      evidence: stateEvidence(`${notEmail.length} of ${facts.users.length} users.`),
    });
  }

  const { tunnel } = facts;
  if (tunnel.urlChanged && tunnel.publicScimUrl && tunnel.oktaBaseUrl) {
    observed.push({
      kind: 'public-url-changed',
      values: { url: tunnel.publicScimUrl, old: tunnel.oktaBaseUrl },
      evidence: null,
    });
  }
  if (tunnel.publicScimUrl?.startsWith('http://'))
    observed.push({ kind: 'not-https', values: { url: tunnel.publicScimUrl }, evidence: null });
  return observed;
}

export function setupWarnings(facts: SetupFacts): SetupWarning[] {
  const { words, warnings } = facts.profile;
  const said = new Set<string>();
  const result: SetupWarning[] = [];
  for (const { kind, values, evidence } of observe(facts)) {
    const text = warnings[kind];
    if (!text) continue;
    const message = fillWords(text.message, words, values);
    // Several 409s for one name say the same thing once.
    if (said.has(`${kind}:${message}`)) continue;
    said.add(`${kind}:${message}`);
    result.push({ id: kind, message, fix: fillWords(text.fix, words, values), evidence });
  }
  return result;
}
