/** Every catalogued error text cites its public source in the docs, so the catalogue and the
 * pages admins read cannot drift apart. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appsOf, profileFor } from '../../server/identity-providers/registry.js';
import { errorCatalogue } from '../../server/setup/error-explainer.js';

const DOCS = { okta: 'docs/setup-wizard.md', entra: 'docs/entra.md' } as const;

describe('the error catalogues in the docs', () => {
  it("names each Okta app's Provisioning screen in its own words, with the sources", () => {
    const page = readFileSync('docs/setup-wizard.md', 'utf8');
    for (const profile of appsOf('okta')) {
      for (const word of [
        profile.words.appName,
        profile.words.urlField,
        profile.words.tokenField,
        profile.words.connectorTest,
      ])
        expect(page, profile.app).toContain(word);
    }
    expect(page).toContain('<https://help.clumio.com/docs/configuring-scim-user-provisioning-with-okta>');
    expect(page).toContain(
      '<https://help.okta.com/oie/en-us/Content/Topics/Apps/Apps_App_Integration_Wizard_SCIM.htm>',
    );
  });

  it.each(['okta', 'entra'] as const)('%s: every entry appears with its source', (idp) => {
    const page = readFileSync(DOCS[idp], 'utf8');
    for (const entry of errorCatalogue(profileFor(idp))) {
      expect(page, entry.id).toContain(entry.title.replace(/\|/g, '\\|'));
      expect(page, entry.id).toContain(`<${entry.source}>`);
    }
  });
});
