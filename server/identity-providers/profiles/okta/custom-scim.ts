/**
 * Okta with an app integration of the admin's own, SCIM provisioning added in the App Integration Wizard
 * (Okta, "Add SCIM provisioning to app integrations"): General → App Settings → Provisioning: SCIM, then
 * Provisioning → Integration → SCIM connector base URL, Unique identifier field for users, Supported
 * provisioning actions, Authentication Mode HTTP Header → Authorization, Test Connector Configuration. Such apps
 * send every user update as PUT (Okta's SCIM 2.0 reference), which its rehearsal plays.
 */
import type { IdentityProfile } from '../../profile.js';
import { OKTA_CLUMIO_CATALOG } from './clumio-catalog.js';
import { OKTA_CONNECTION, OKTA_WORDS, oktaRollout } from './okta-common.js';

const catalogSteps = OKTA_CLUMIO_CATALOG.steps;

export const OKTA_CUSTOM_SCIM: IdentityProfile = {
  ...OKTA_CLUMIO_CATALOG,
  app: 'custom-scim',
  words: {
    ...OKTA_WORDS,
    appName: 'A custom SCIM 2.0 app integration',
    appBlurb:
      'Applications → Create App Integration (SAML 2.0 or SWA), Provisioning: SCIM on the General tab; connected with Test Connector Configuration.',
    urlField: 'SCIM connector base URL',
    tokenField: 'Authorization',
    tokenWhere: 'the Authorization field (Authentication Mode: HTTP Header)',
    connectorTest: 'Test Connector Configuration',
  },
  steps: catalogSteps.map((step) =>
    step.id !== 'connector-test'
      ? step
      : {
          id: 'connector-test',
          title: 'Okta: SCIM connection settings and Test Connector Configuration',
          console: 'identity-provider',
          instructions: [
            {
              path: [
                'Applications',
                'Applications',
                'your app',
                'General',
                'App Settings',
                'Edit',
                '**Provisioning**: SCIM',
                'Save',
              ],
            },
            { path: ['Provisioning', 'Integration', 'Edit'] },
            '**SCIM connector base URL**: {base-url}',
            '**Unique identifier field for users**: `userName`',
            '**Supported provisioning actions**: **Push New Users**, **Push Profile Updates**, **Push Groups**',
            '**Authentication Mode**: **HTTP Header**. **Authorization**: the token from step 2, alone: Okta sends it as "Bearer <token>", so do not type Bearer.',
            "Click **Test Connector Configuration**, then **Save**. This step turns done when Okta's test request arrives and is authenticated.",
          ],
          cautions: [
            'SCIM provisioning can be added to a SAML 2.0 or SWA app integration, not to an OpenID Connect one (Okta).',
            'An app integration of your own sends every user update, deactivations included, as PUT; SCIM Desk accepts PUT and PATCH alike.',
          ],
          says: {
            'no-token':
              'Generate a token first, then paste the SCIM connector base URL and the token into Okta (Provisioning → Integration → Edit).',
            waiting:
              'In Okta: Provisioning → Integration → Edit: SCIM connector base URL {url}, Unique identifier field for users userName, Supported provisioning actions Push New Users, Push Profile Updates and Push Groups, Authentication Mode HTTP Header with the token in Authorization, then Test Connector Configuration and Save.',
          },
        },
  ),
  connection: {
    ...OKTA_CONNECTION,
    missing:
      'Okta sent no token: in Provisioning → Integration → Edit, set Authentication Mode to HTTP Header and paste the SCIM Desk token alone into Authorization, then Test Connector Configuration again.',
  },
  rollout: oktaRollout({
    id: 'api-integration',
    title: "Okta: the app's SCIM connection to Clumio",
    console: 'identity-provider',
    instructions: [
      {
        path: [
          'Applications',
          'Applications',
          'your app',
          'General',
          'App Settings',
          'Edit',
          '**Provisioning**: SCIM',
          'Save',
        ],
      },
      { path: ['Provisioning', 'Integration', 'Edit'] },
      '**SCIM connector base URL**: the SCIM base URL Clumio showed under Configure SCIM',
      '**Unique identifier field for users**: `userName`',
      '**Supported provisioning actions**: **Push New Users**, **Push Profile Updates**, **Push Groups**',
      '**Authentication Mode**: **HTTP Header**. **Authorization**: the SCIM API token Clumio generated, alone: Okta sends it as "Bearer <token>", so do not type Bearer.',
      'Click **Test Connector Configuration**, then **Save**.',
    ],
    says: {
      'integration-off':
        "The app's SCIM provisioning is not enabled: in Okta, General → App Settings → Edit, Provisioning: SCIM, Save; then Provisioning → Integration → Edit: Clumio's SCIM base URL, Authentication Mode HTTP Header with Clumio's token in Authorization, Test Connector Configuration, Save.",
      'not-said':
        "Okta's API does not say for this app whether its SCIM connection is enabled: check Provisioning → Integration in Okta (Test Connector Configuration passes), then confirm it here.",
    },
  }),
  rehearsal: {
    ...OKTA_CLUMIO_CATALOG.rehearsal,
    script: 'okta-app-integration-wizard',
    blurb:
      'A simulated Okta sends the requests a custom app integration sends (connector test, assignments, group push, and every update as PUT: a profile change, memberships, a rename, a deactivation)',
  },
};
