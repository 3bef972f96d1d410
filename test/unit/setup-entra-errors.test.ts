/** Entra's Test Connection messages and provisioning-log codes (issue 12), mapped to a cause, a fix, a source,
 * and what SCIM Desk saw. */
import { describe, expect, it } from 'vitest';
import { diagnoseError, errorCatalogue } from '../../server/setup/error-explainer.js';

const ids = (text: string) => diagnoseError(text, undefined, 'entra').filter((m) => m.idp === 'entra').map((m) => m.id);

describe("diagnosing Entra's provisioning errors", () => {
  it.each([
    ['SystemForCrossDomainIdentityManagementCredentialValidationUnavailable', 'entra-credential-validation-unavailable'],
    ['Error code: SystemForCrossDomainIdentityManagementCredentialValidationFailure', 'entra-credential-validation-failure'],
    ['SystemForCrossDomainIdentityManagementBadResponse: the response could not be parsed', 'entra-bad-response'],
    ['SystemForCrossDomainIdentityManagementServiceIncompatible', 'entra-service-incompatible'],
    ['SystemForCrossDomainIdentityManagementServiceIncompatibleFiltering', 'entra-service-incompatible-filtering'],
    ['The provisioning job is in quarantine: EncounteredQuarantineException', 'entra-quarantine'],
    ['HybridSynchronizationActiveDirectoryInvalidGroupType', 'entra-invalid-group-type'],
    ['You appear to have entered invalid credentials. Please confirm you are using the correct information for an administrative account.', 'entra-invalid-credentials'],
  ])('%s', (text, id) => {
    expect(ids(text)).toContain(id);
    expect(ids(text)[0]).toBe(id);
  });

  it('answers the current profile first, and the other one after it', () => {
    const both = diagnoseError('Error authenticating: Unauthorized. The connector configuration could not be tested.', undefined, 'entra');
    expect(both.length).toBeGreaterThan(0);
    expect(both.every((m) => m.idp === 'okta')).toBe(true);
    expect(diagnoseError('CredentialValidationUnavailable', undefined, 'okta').map((m) => m.idp)).toEqual(['entra']);
  });

  it('offers at least 10 entries, each with cause, fix and a public source, each recognised from its own title', () => {
    const catalogue = errorCatalogue('entra');
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
