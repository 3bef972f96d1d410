/**
 * The fake Okta Management API and the fake Clumio REST API (test/fakes), started together on 127.0.0.1 for
 * tests that connect a real SCIM Desk to them. They are the only stand-ins in those tests: Okta and Clumio
 * cannot be reached from this machine, and the fakes follow the reference of both APIs.
 */
import { ClumioFake } from '../fakes/clumio/clumio-fake.js';
import { clumioAccount, type ClumioScenario } from '../fakes/clumio/clumio-account.js';
import { OktaFake } from '../fakes/okta/okta-fake.js';
import { CLUMIO_APP_ID, oktaOrg, type OktaScenario } from '../fakes/okta/okta-org.js';

export const OKTA_TOKEN = '00oktaSSWSapiTokenForTheConsole0123456789';
export const CLUMIO_TOKEN = 'eyJclumio.apiToken.forTheConsole.0123456789';
export const ADMIN_LOGIN = 'ada.admin@example.com';

export interface TenantFakes {
  okta: OktaFake;
  clumio: ClumioFake;
  /** `PUT /api/connections/okta` for the fake org, the Clumio app picked. */
  oktaConnect: { org_url: string; api_token: string; app_id: string };
  clumioConnect: { base_url: string; api_token: string };
  close(): Promise<void>;
}

export async function startTenantFakes(
  setup: { okta?: OktaScenario[]; clumio?: ClumioScenario[]; now?: () => number } = {},
): Promise<TenantFakes> {
  const now = setup.now ?? Date.now;
  const [okta, clumio] = await Promise.all([
    new OktaFake({ org: oktaOrg(now(), ...(setup.okta ?? [])), token: OKTA_TOKEN, now }).listen(),
    new ClumioFake({ account: clumioAccount(...(setup.clumio ?? [])), token: CLUMIO_TOKEN, now }).listen(),
  ]);
  return {
    okta,
    clumio,
    oktaConnect: { org_url: okta.origin, api_token: OKTA_TOKEN, app_id: CLUMIO_APP_ID },
    clumioConnect: { base_url: clumio.origin, api_token: CLUMIO_TOKEN },
    close: async () => {
      await Promise.all([okta.close(), clumio.close()]);
    },
  };
}
