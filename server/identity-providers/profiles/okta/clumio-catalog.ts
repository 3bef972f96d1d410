/**
 * Okta with the Clumio app from the Okta Integration Network catalog, as Clumio's article sets it up
 * (help.clumio.com, "Configuring SCIM User Provisioning with Okta"): Provisioning → Configure API Integration →
 * Enable API Integration → the Clumio app's own fields → Test API Credentials. The default Okta profile.
 */
import type { IdentityProfile } from '../../profile.js';
import { CLUMIO_STEPS, ENDPOINT_STEP, GENERAL_CHECKS, TOKEN_STEP } from '../shared-steps.js';
import { OKTA_ERRORS, OKTA_RECOGNISED_BY } from './okta-errors.js';
import {
  ADMIN_ACCOUNT_STEP,
  CREATE_USERS_STEP,
  DEACTIVATE_USERS_STEP,
  OKTA_CONNECTION,
  OKTA_LOCKOUT,
  OKTA_WARNINGS,
  OKTA_WORDS,
  oktaRollout,
  PUSH_GROUPS_STEP,
  SYNC_PASSWORD_STEP,
  UPDATE_USERS_STEP,
  USERNAME_FORMAT_STEP,
} from './okta-common.js';

export const OKTA_CLUMIO_CATALOG: IdentityProfile = {
  idp: 'okta',
  app: 'clumio-catalog',
  words: {
    ...OKTA_WORDS,
    appName: 'The Clumio app from the Okta Integration Network catalog',
    appBlurb:
      "Applications → Browse App Catalog → Clumio, as Clumio's article sets it up: Provisioning → Configure API Integration → Test API Credentials.",
    // The Clumio app's own fields, as Clumio's article names them.
    urlField: 'SCIM Connector Base URL',
    tokenField: 'SCIM API token',
    tokenWhere: "the Clumio app's SCIM API token field",
    connectorTest: 'Test API Credentials',
  },
  steps: [
    ENDPOINT_STEP,
    TOKEN_STEP,
    USERNAME_FORMAT_STEP,
    {
      id: 'connector-test',
      title: 'Okta: Configure API Integration and Test API Credentials',
      console: 'identity-provider',
      instructions: [
        { path: ['Applications', 'Applications', 'Clumio', 'Provisioning', 'Configure API Integration'] },
        'Check **Enable API Integration**.',
        "The Clumio app's fields: **SCIM Connector Base URL** = {base-url}",
        '**SCIM API token** = the token from step 2, alone (no "Bearer ", no quotes).',
        "Click **Test API Credentials**, then **Save**. This step turns done when Okta's test request arrives and is authenticated.",
      ],
      cautions: [
        'These are the fields of the Clumio app from the catalog. An app integration of your own has another Provisioning screen: if that is yours, choose "A custom SCIM 2.0 app integration" above (Switch).',
      ],
      says: {
        'no-token':
          'Generate a token first, then paste the SCIM Connector Base URL and the token into the Clumio app (Provisioning → Configure API Integration).',
        waiting:
          'In Okta: Applications → Clumio → Provisioning → Configure API Integration, check Enable API Integration, SCIM Connector Base URL {url}, SCIM API token, then Test API Credentials and Save.',
      },
    },
    CREATE_USERS_STEP,
    UPDATE_USERS_STEP,
    DEACTIVATE_USERS_STEP,
    SYNC_PASSWORD_STEP,
    PUSH_GROUPS_STEP,
    ADMIN_ACCOUNT_STEP,
    ...CLUMIO_STEPS,
  ],
  connection: OKTA_CONNECTION,
  warnings: OKTA_WARNINGS,
  notes: {},
  errors: OKTA_ERRORS,
  recognisedBy: OKTA_RECOGNISED_BY,
  checks: GENERAL_CHECKS,
  rehearsal: {
    script: 'okta-integration-network',
    name: 'Okta rehearsal',
    tokenLabel: 'Okta rehearsal',
    blurb:
      'A simulated Okta sends the requests a real one would (connector test, assignments, a profile update, group push, a rename, a deactivation)',
  },
  lockout: OKTA_LOCKOUT,
  traits: { mailNicknameGroupNames: false, incrementalCycleMinutes: null },
  rollout: oktaRollout({
    id: 'api-integration',
    title: "Okta: Configure API Integration with Clumio's SCIM base URL and token",
    console: 'identity-provider',
    instructions: [
      { path: ['Applications', 'Applications', 'Clumio', 'Provisioning', 'Configure API Integration'] },
      'Check **Enable API Integration**.',
      'The Clumio app\'s fields: **SCIM Connector Base URL** = the SCIM base URL Clumio showed under Configure SCIM; **SCIM API token** = the token Clumio generated, alone (no "Bearer ", no quotes).',
      'Click **Test API Credentials**, then **Save**.',
    ],
    says: {
      'integration-off':
        "The app's API integration is not enabled: in Okta, Applications → Clumio → Provisioning → Configure API Integration, check Enable API Integration, paste Clumio's SCIM base URL and SCIM API token, Test API Credentials, Save.",
      'not-said':
        "Okta's API does not say for this app whether its API integration is enabled: check Provisioning → Configure API Integration → Enable API Integration in Okta (Test API Credentials passes), then confirm it here.",
    },
  }),
};
