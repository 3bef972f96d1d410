/**
 * The facts the wizard's checks read, for tests that call the checks directly. Activity goes through a real
 * ActivityLog in a temporary folder (so the evidence and the summary are the ones the server computes), on a
 * clock that moves one second per entry; everything else is written by hand: the defaults of a fresh Okta
 * install, then the defaults a test file gives, then the overrides of one call.
 *
 *   let setup: SetupFactsFixture;
 *   beforeEach(async () => (setup = await openSetupFacts({ tokens: [OKTA_TOKEN] })));
 *   afterEach(() => setup.close());
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityLog } from '../../server/activity/activity-log.js';
import type { ActivityEntry } from '../../server/activity/types.js';
import { profileFor } from '../../server/identity-providers/registry.js';
import type { SetupFacts, SetupToken } from '../../server/setup/setup-facts.js';
import { scimRequest } from './scim-activity.js';

/** A SCIM request as it arrives at the endpoint (authenticated with token-1 unless it says otherwise). */
export type ArrivedRequest = Parameters<typeof scimRequest>[0];

/** Okta's connector test: the first request it sends when the admin tests the SCIM connection. */
export const OKTA_CONNECTOR_TEST: ArrivedRequest = {
  method: 'GET',
  path: '/scim/v2/Users',
  query: 'startIndex=1&count=2',
};

/** The admin's active token for Okta, as `scimRequest` names it. */
export const OKTA_TOKEN: SetupToken = {
  id: 'token-1',
  label: 'Okta',
  state: 'active',
  createdAt: '2026-03-01T09:00:00.000Z',
  rehearsal: false,
};

export interface SetupFactsFixture {
  readonly log: ActivityLog;
  /** Logs each request as the SCIM endpoint would, one second apart; the entries, in order. */
  arrive(...requests: ArrivedRequest[]): ActivityEntry[];
  /** The facts now; an override replaces a whole field. */
  facts(overrides?: Partial<SetupFacts>): SetupFacts;
  /** The log's clock (ms since the epoch): the time of the newest entry. */
  now(): number;
  close(): Promise<void>;
}

/** Opens a fresh log at 2026-03-01T10:00:00Z; `defaults` replace the fresh install's fields for every call. */
export async function openSetupFacts(defaults: Partial<SetupFacts> = {}): Promise<SetupFactsFixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'scim-desk-setup-facts-'));
  let now = Date.parse('2026-03-01T10:00:00.000Z');
  const log = await ActivityLog.open(dataDir, { now: () => new Date((now += 1000)) });
  return {
    log,
    arrive: (...requests) => requests.map((request) => log.append(scimRequest(request))),
    facts: (overrides = {}) => ({
      profile: profileFor('okta'),
      identityProviderChosen: true,
      evidence: log.wizardEvidence.current,
      summary: log.summary(),
      now: new Date(now).toISOString(),
      users: [],
      groups: [],
      tokens: [],
      currentAdmin: null,
      provisioningMethod: 'scim',
      autoProvisioningEnabled: false,
      rules: { superAdminRules: [], adminCovered: null, guardRefusal: null },
      tunnel: { publicScimUrl: null, probe: null, urlChanged: false, oktaBaseUrl: null },
      confirmations: {},
      ...defaults,
      ...overrides,
    }),
    now: () => now,
    async close() {
      await log.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
