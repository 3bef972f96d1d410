/**
 * The explainer on a text it does not know: it says so (no match) and lists the general checks that fit what
 * SCIM Desk saw, newest trouble first, in the profile's words. And on Okta's conflict texts: Okta's entry, with
 * what SCIM Desk saw, never Entra's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profileFor } from '../../server/identity-providers/registry.js';
import { generalChecks } from '../../server/setup/diagnose-checks.js';
import { diagnoseError } from '../../server/setup/error-explainer.js';
import type { SetupFacts } from '../../server/setup/setup-facts.js';
import {
  OKTA_CONNECTOR_TEST as connectorTest,
  openSetupFacts,
  type ArrivedRequest as Arrived,
  type SetupFactsFixture,
} from '../helpers/setup-facts.js';

/** Facts of an install with a public URL and no token yet. */
let setup: SetupFactsFixture;
beforeEach(async () => {
  setup = await openSetupFacts({
    tunnel: { publicScimUrl: 'https://scim.example.com/scim/v2', probe: null, urlChanged: false, oktaBaseUrl: null },
  });
});
afterEach(() => setup.close());

const facts = (overrides?: Partial<SetupFacts>) => setup.facts(overrides);
const arrive = (...requests: Arrived[]) => setup.arrive(...requests);

const ids = (f: SetupFacts) => generalChecks(f).map((c) => c.id);
const refused: Arrived = {
  ...connectorTest,
  status: 401,
  tokenId: null,
  tokenLabel: null,
  authFailure: 'revoked',
  authHint: 'The token was revoked.',
};

describe('general checks for a text the explainer does not know', () => {
  it('before anything: no public URL, nothing arrived', () => {
    const checks = generalChecks(
      facts({ tunnel: { publicScimUrl: null, probe: null, urlChanged: false, oktaBaseUrl: null } }),
    );
    expect(checks.map((c) => c.id)).toEqual(['no-public-url', 'nothing-arrived']);
    expect(checks[1]!.message).toBe(
      'No request has reached this endpoint yet: check that the SCIM Connector Base URL in Okta is exactly https://<public host>/scim/v2, then Test API Credentials.',
    );
  });

  it('a failed self-probe, in its words', () => {
    const probe = {
      outcome: 'unreachable' as const,
      reachedThisEndpoint: false,
      url: 'https://scim.example.com/scim/v2/ServiceProviderConfig',
      status: null,
      message: 'It did not answer.',
      at: new Date(setup.now()).toISOString(),
    };
    expect(
      generalChecks(
        facts({
          tunnel: { publicScimUrl: 'https://scim.example.com/scim/v2', probe, urlChanged: false, oktaBaseUrl: null },
        }),
      )[0],
    ).toMatchObject({
      id: 'probe-failed',
      message:
        'The last self-probe of the public URL failed: It did not answer. Until it passes, Okta cannot reach this endpoint either.',
    });
  });

  it('requests but no valid token yet; then a refused token, with the fix of the app in use', () => {
    arrive(refused);
    expect(ids(facts())).toEqual(['not-connected', 'token-refused']);
    const custom = generalChecks(facts({ profile: profileFor('okta', { okta_app: 'custom-scim' }) })).find(
      (c) => c.id === 'token-refused',
    )!;
    expect(custom.message).toMatch(
      /^The newest request was refused at .*: the token was revoked\. Generate a new token and paste it into the Authorization field \(Authentication Mode: HTTP Header\)/,
    );
    expect(custom.evidence?.activityId).toEqual(expect.any(String));
    // A success after the refusal: the refusal is history, not a check.
    arrive(connectorTest);
    expect(ids(facts())).toEqual(['all-answered']);
  });

  it('409s and other refusals, each said with its cause', () => {
    arrive(
      connectorTest,
      { method: 'POST', path: '/scim/v2/Users', status: 409, requestBody: { userName: 'jane@corp.com' } },
      { method: 'PUT', path: '/scim/v2/Users/u9', status: 404, requestBody: { userName: 'x@corp.com' } },
    );
    const checks = generalChecks(facts());
    expect(checks.map((c) => c.id)).toEqual(['conflicts', 'failures']);
    expect(checks[0]!.message).toMatch(
      /^SCIM Desk answered 409 \(already exists\) to a creation, the newest for jane@corp\.com at /,
    );
    expect(checks[1]!.message).toMatch(
      /PUT \/scim\/v2\/Users\/u9 → 404 at .*: SCIM Desk answered 404, that user does not exist here/,
    );
  });
});

describe("Okta's conflict texts", () => {
  const issueText =
    'Automatic provisioning of user jane@corp.com to app Clumio failed: Error while creating user jane@corp.com: Conflict. Errors reported by remote server: A user with userName already exists';

  it("are Okta's entry, sourced from Okta, never Entra's EntryConflict", () => {
    arrive({ method: 'POST', path: '/scim/v2/Users', status: 409, requestBody: { userName: 'jane@corp.com' } });
    const f = facts({ users: [{ id: 'u1', userName: 'jane@corp.com', active: true, groups: [] }] });
    const matches = diagnoseError(issueText, f);
    expect(matches.map((m) => [m.idp, m.id])).toEqual([['okta', 'user-create-conflict']]);
    expect(matches[0]!.source).toMatch(/^https:\/\/support\.okta\.com\//);
    expect(matches[0]!.seen).toMatch(
      /^SCIM Desk answered 409 to the creation of jane@corp\.com at .*\. jane@corp\.com is here now \(active\)\.$/,
    );
    expect(diagnoseError('Conflict … User already exists', f).map((m) => m.id)).toEqual(['user-create-conflict']);
  });
});
