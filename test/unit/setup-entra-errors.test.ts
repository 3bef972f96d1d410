/** Entra's Test Connection messages and provisioning-log codes (docs/entra.md#entras-error-texts), mapped to a
 * cause, a fix, a source, and what SCIM Desk saw. */
import { describe, expect, it } from 'vitest';
import { profileFor } from '../../server/identity-providers/registry.js';
import { diagnoseError, errorCatalogue } from '../../server/setup/error-explainer.js';

const entra = profileFor('entra');
const okta = profileFor('okta');
const ids = (text: string) =>
  diagnoseError(text, undefined, entra)
    .filter((m) => m.idp === 'entra')
    .map((m) => m.id);

describe("diagnosing Entra's provisioning errors", () => {
  it.each([
    [
      'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
      'entra-credential-validation-unavailable',
    ],
    [
      'Error code: SystemForCrossDomainIdentityManagementCredentialValidationFailure',
      'entra-credential-validation-failure',
    ],
    ['SystemForCrossDomainIdentityManagementBadResponse: the response could not be parsed', 'entra-bad-response'],
    ['SystemForCrossDomainIdentityManagementServiceIncompatible', 'entra-service-incompatible'],
    ['SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering', 'entra-service-incompatible-filtering'],
    ['The provisioning job is in quarantine: EncounteredQuarantineException', 'entra-quarantine'],
    ['HybridSynchronizationActiveDirectoryInvalidGroupType', 'entra-invalid-group-type'],
    [
      'You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account.',
      'entra-invalid-credentials',
    ],
  ])('%s', (text, id) => {
    expect(ids(text)).toContain(id);
    expect(ids(text)[0]).toBe(id);
  });

  it("answers another identity provider's entries only for a text that is clearly its, and names whose they are", () => {
    const oktaText = diagnoseError(
      'Error authenticating: Unauthorized. The connector configuration could not be tested.',
      undefined,
      entra,
    );
    expect(oktaText.length).toBeGreaterThan(0);
    expect(oktaText.every((m) => m.idp === 'okta' && m.idpName === 'Okta')).toBe(true);
    expect(diagnoseError('CredentialValidationUnavailable', undefined, okta).map((m) => [m.idp, m.idpName])).toEqual([
      ['entra', 'Microsoft Entra ID'],
    ]);
    // "Conflict" and "already exists" alone are no one's in particular: the current profile's catalogue only.
    expect(diagnoseError('Conflict: userName already exists', undefined, okta).map((m) => m.idp)).toEqual(['okta']);
    expect(diagnoseError('EntryConflict', undefined, okta).map((m) => [m.idp, m.id])).toEqual([
      ['entra', 'entra-conflict'],
    ]);
  });

  it('offers at least 10 entries, each with cause, fix and a public source, each recognised from its own title', () => {
    const catalogue = errorCatalogue(entra);
    expect(catalogue.length).toBeGreaterThanOrEqual(10);
    expect(new Set(catalogue.map((e) => e.id)).size).toBe(catalogue.length);
    for (const entry of catalogue) {
      expect(entry.idp).toBe('entra');
      expect(entry.cause.length, entry.id).toBeGreaterThan(20);
      expect(entry.fix.length, entry.id).toBeGreaterThan(20);
      expect(entry.source, entry.id).toMatch(/^https:\/\//);
      expect(ids(entry.title), entry.id).toContain(entry.id);
    }
  });
});
