/** Where setups commonly go wrong (DOMAIN §3.1, §3.4; docs/entra.md), as far as the traffic shows it. */
import type { SetupWarning } from './setup-types.js';
import { describeRequest, requestEvidence, stateEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { generatedGroupNames } from './steps/entra.js';
import { looksLikeEmail, newestPasswordRequest } from './steps/okta-to-app.js';
import { IDP_NAMES } from './steps/step.js';

/** Below this many users a group holding all of them says little (a fresh setup has one or two). */
const MIN_USERS_FOR_ASSIGNMENT_HEURISTIC = 3;

export function setupWarnings(facts: SetupFacts): SetupWarning[] {
  const warnings: SetupWarning[] = [];
  const okta = facts.identityProvider === 'okta';
  const idp = IDP_NAMES[facts.identityProvider];
  const password = newestPasswordRequest(facts);
  if (password) {
    warnings.push({
      id: 'sync-password-on',
      message: okta ? 'Okta sends passwords: Sync Password is on. Clumio does not support it.' : `${idp} sends passwords: a password attribute is mapped. Clumio does not support it.`,
      fix: okta
        ? 'Turn Sync Password off in Okta (Provisioning > To App > Edit). SCIM Desk never stores the passwords.'
        : 'Remove the password mapping from Provisioning > Mappings in Entra. SCIM Desk never stores the passwords.',
      evidence: requestEvidence(password),
    });
  }

  // Okta cannot use one group for assignment and push; we cannot see assignments, but a pushed group
  // that contains every provisioned user is what that mistake looks like from here.
  const active = facts.users.filter((u) => u.active);
  if (okta && active.length >= MIN_USERS_FOR_ASSIGNMENT_HEURISTIC) {
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

  for (const entry of facts.evidence.groupNameConflicts) {
    {
      warnings.push({
        id: 'group-name-exists',
        message: okta
          ? `Okta pushed a group named "${entry.resourceName ?? '?'}" that already exists here ("displayName already exists" in Okta).`
          : `${idp} created a group named "${entry.resourceName ?? '?'}" that already exists here.`,
        fix: okta
          ? 'Rename the group in Okta, or remove the existing group (rehearsal data can be removed in one step), then push again. Enhanced Group Push (linking) is not supported by Clumio.'
          : 'Entra looks groups up by displayName before creating them: a 409 means the lookup missed it. Remove the existing group (rehearsal data can be removed in one step) or rename one of them.',
        evidence: requestEvidence(entry, `${describeRequest(entry)}: the group name already exists.`),
      });
    }
  }
  const generated = generatedGroupNames(facts);
  if (generated.length > 0) {
    const uuids = generated.filter((g) => g.reason === 'uuid').map((g) => `"${g.displayName}"`);
    const nicknames = generated.filter((g) => g.reason === 'mail-nickname').map((g) => `"${g.displayName}"`);
    warnings.push({
      id: 'group-name-generated',
      message: [
        uuids.length > 0 ? `Group names that look like Entra object IDs (UUIDs): ${uuids.slice(0, 5).join(', ')}${uuids.length > 5 ? ', …' : ''}.` : '',
        nicknames.length > 0 ? `Group names that look like mail nicknames (words joined without spaces): ${nicknames.slice(0, 5).join(', ')}${nicknames.length > 5 ? ', …' : ''}.` : '',
        'Rules match group names exactly: do not write rules against these names.',
      ]
        .filter(Boolean)
        .join(' '),
      fix: 'Clumio: remove the mailNickname mapping from the group mapping in Entra (Provisioning > Mappings > Provision Microsoft Entra ID Groups), or group names can arrive as UUIDs and rule evaluation breaks. Then Restart provisioning. If a name really is the group\'s name, ignore this.',
      evidence: stateEvidence(`${generated.length} of ${facts.groups.length} groups.`),
    });
  }
  if (!okta) {
    const notEmail = facts.users.filter((u) => !looksLikeEmail(u.userName));
    if (notEmail.length > 0) {
      warnings.push({
        id: 'username-not-email',
        message: `${notEmail.length} userName(s) are not e-mail addresses: ${notEmail.slice(0, 3).map((u) => `"${u.userName}"`).join(', ')}${notEmail.length > 3 ? ', …' : ''}.`,
        fix: 'Map userPrincipalName to userName in Provisioning > Mappings > Provision Microsoft Entra ID Users (the default), then Restart provisioning: Clumio signs users in by e-mail.',
        evidence: stateEvidence(`${notEmail.length} of ${facts.users.length} users.`),
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
      message: `The public URL changed to ${tunnel.publicScimUrl}; ${idp} still has ${tunnel.oktaBaseUrl ?? 'the old one'}.`,
      fix: okta
        ? 'Paste the new base URL into Okta (Provisioning > Integration > Edit), test the credentials, then acknowledge it on the endpoint page.'
        : 'Paste the new URL as the Tenant URL in Entra (Provisioning > Admin Credentials), Test Connection, Save, then acknowledge it on the endpoint page.',
      evidence: null,
    });
  }
  if (tunnel.publicScimUrl?.startsWith('http://')) {
    unique.push({
      id: 'not-https',
      message: `The public URL ${tunnel.publicScimUrl} is not HTTPS; ${idp} requires HTTPS.`,
      fix: 'Use an https:// public URL: the built-in tunnel, cloudflared and ngrok give one; a reverse proxy needs a certificate.',
      evidence: null,
    });
  }
  return unique;
}
