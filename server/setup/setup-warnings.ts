/** Where Okta setups commonly go wrong (DOMAIN §3.1, §3.4), as far as the traffic shows it. */
import type { SetupWarning } from '../admin/contract.js';
import { describeRequest, requestEvidence, stateEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { newestPasswordRequest } from './steps/okta-to-app.js';

/** Below this many users a group holding all of them says little (a fresh setup has one or two). */
const MIN_USERS_FOR_ASSIGNMENT_HEURISTIC = 3;

export function setupWarnings(facts: SetupFacts): SetupWarning[] {
  const warnings: SetupWarning[] = [];
  const password = newestPasswordRequest(facts);
  if (password) {
    warnings.push({
      id: 'sync-password-on',
      message: 'Okta sends passwords: Sync Password is on. Clumio does not support it.',
      fix: 'Turn Sync Password off in Okta (Provisioning > To App > Edit). SCIM Desk never stores the passwords.',
      evidence: requestEvidence(password),
    });
  }

  // Okta cannot use one group for assignment and push; we cannot see assignments, but a pushed group
  // that contains every provisioned user is what that mistake looks like from here.
  const active = facts.users.filter((u) => u.active);
  if (active.length >= MIN_USERS_FOR_ASSIGNMENT_HEURISTIC) {
    for (const group of facts.groups) {
      if (active.every((u) => u.groups.includes(group.displayName))) {
        warnings.push({
          id: 'group-used-for-assignment',
          message: `The pushed group "${group.displayName}" contains every provisioned user (${active.length}). If it is also the group that assigns the app in Okta, Okta does not support that: removed users stay in the pushed group.`,
          fix: 'In Okta, assign the app with one group and push a separate group (e.g. "Clumio Admins") for the rules.',
          evidence: stateEvidence(`"${group.displayName}" has ${group.memberCount} members; ${active.length} active users are provisioned.`),
        });
      }
    }
  }

  for (const entry of facts.requests) {
    if (entry.signals.includes('group-create') && entry.status === 409) {
      warnings.push({
        id: 'group-name-exists',
        message: `Okta pushed a group named "${entry.resourceName ?? '?'}" that already exists here ("displayName already exists" in Okta).`,
        fix: 'Rename the group in Okta, or remove the existing group (rehearsal data can be removed in one step), then push again. Enhanced Group Push (linking) is not supported by Clumio.',
        evidence: requestEvidence(entry, `${describeRequest(entry)}: the group name already exists.`),
      });
    }
  }
  // Several 409s for one name say the same thing once.
  const seen = new Set<string>();
  const unique = warnings.filter((w) => {
    const key = `${w.id}:${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  const { tunnel } = facts;
  if (tunnel.urlChanged && tunnel.publicScimUrl) {
    unique.push({
      id: 'public-url-changed',
      message: `The public URL changed to ${tunnel.publicScimUrl}; Okta still has ${tunnel.oktaBaseUrl ?? 'the old one'}.`,
      fix: 'Paste the new base URL into Okta (Provisioning > Integration > Edit), test the credentials, then acknowledge it on the endpoint page.',
      evidence: null,
    });
  }
  if (tunnel.publicScimUrl?.startsWith('http://')) {
    unique.push({
      id: 'not-https',
      message: `The public URL ${tunnel.publicScimUrl} is not HTTPS; Okta requires HTTPS.`,
      fix: 'Use an https:// public URL: the built-in tunnel, cloudflared and ngrok give one; a reverse proxy needs a certificate.',
      evidence: null,
    });
  }
  return unique;
}
