/** Okta's error texts, pasted whole or in fragments, mapped to a cause and a fix. */
import { describe, expect, it } from 'vitest';
import { profileFor } from '../../server/identity-providers/registry.js';
import { diagnoseError, errorCatalogue } from '../../server/setup/error-explainer.js';

const okta = profileFor('okta');
/** The Okta catalogue's matches (another identity provider's are tested on their own). */
const ids = (text: string) =>
  diagnoseError(text, undefined, okta)
    .filter((m) => m.idp === 'okta')
    .map((m) => m.id);

describe("diagnosing Okta's error messages", () => {
  it.each([
    [
      'Error authenticating: Unauthorized. The connector configuration could not be tested. Make sure that the URL, Authentication Parameters are correct',
      'unauthorized',
    ],
    ['Error authenticating: null. The connector configuration could not be tested.', 'authenticating-null'],
    [
      'Error authenticating: Connect to scim.example.com:443 [scim.example.com/10.0.0.5] failed: Connect timed out',
      'connect-timed-out',
    ],
    ['Error authenticating: No Route To Host (Host unreachable)', 'no-route-to-host'],
    [
      'Automatic provisioning of user Ada Lovelace to app Clumio failed: Error while creating user ada@example.com: Create new user returned empty user.',
      'empty-user',
    ],
    ['Errors reported by remote server: Resource [GROUP]: with displayName already exists.', 'display-name-exists'],
    [
      'Automatic provisioning of user Ada to app Clumio failed: Error while verifying if user ada@example.com exists: Unauthorized',
      'verify-user-unauthorized',
    ],
    [
      'Automatic provisioning of user jane@corp.com to app Clumio failed: Error while creating user jane@corp.com: Conflict. Errors reported by remote server: A user with userName already exists',
      'user-create-conflict',
    ],
    ['Conflict. Errors reported by remote server: User already exists', 'user-create-conflict'],
    [
      'Unable to update Group Push mapping target App group Backup Team: Error while creating user group Backup Team: Conflict',
      'display-name-exists',
    ],
    [
      'Unable to update Group Push mapping target App group Backup Team: Error while creating user group Backup Team: Bad Request',
      'group-create-failed',
    ],
    [
      'Unable to update Group Push mapping target App group Backup Team: Error while updating user group membership for group Backup Team',
      'group-membership-update-failed',
    ],
    ['Automatic provisioning of user Ada to app Clumio failed: User account is inactive', 'user-account-inactive'],
    ['Automatic deactivation of user ada@example.com in app Clumio failed', 'deactivation-not-sent'],
    [
      'Error while trying to push profile update for ada@example.com: Bad Request. Errors reported by remote server: title must be a string',
      'push-profile-bad-request',
    ],
  ])('%s', (text, id) => {
    expect(ids(text)).toEqual([id]);
  });

  it('tolerates line breaks, case and fragments', () => {
    expect(ids('error AUTHENTICATING:\n   null')).toEqual(['authenticating-null']);
    expect(ids('connect timed out')).toEqual(['connect-timed-out']);
  });

  it('answers nothing for unrelated or empty text', () => {
    expect(ids('Everything went fine')).toEqual([]);
    expect(ids('   ')).toEqual([]);
  });

  it('offers every entry with a cause and a fix as the pick list', () => {
    const catalogue = errorCatalogue(okta);
    expect(catalogue.length).toBeGreaterThanOrEqual(15);
    expect(new Set(catalogue.map((e) => e.id)).size).toBe(catalogue.length);
    for (const entry of catalogue) {
      expect(entry.cause.length).toBeGreaterThan(20);
      expect(entry.fix.length).toBeGreaterThan(20);
      expect(entry.source).toMatch(/^https:\/\//);
      // Each title, pasted back, is recognised as itself.
      expect(ids(entry.title.replace('<host>', 'x.example.com'))[0]).toBe(entry.id);
    }
  });
});
