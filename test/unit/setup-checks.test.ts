/**
 * The wizard's checks as pure functions over constructed facts: activity entries go through the real
 * ActivityLog (so signals and aggregates are the ones the server computes); directory, rules, settings,
 * tunnel and confirmations are written by hand. Every state of every step, and every diagnosis.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SetupStep, SetupStepId } from '../../server/admin/contract.js';
import { profileFor } from '../../server/identity-providers/registry.js';
import type { SetupFacts } from '../../server/setup/setup-facts.js';
import { computeSetupState } from '../../server/setup/setup-state.js';
import {
  OKTA_CONNECTOR_TEST as connectorTest,
  OKTA_TOKEN,
  openSetupFacts,
  type ArrivedRequest as Arrived,
  type SetupFactsFixture,
} from '../helpers/setup-facts.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Facts of a fresh install with one active Okta token and no public URL yet. */
let setup: SetupFactsFixture;
beforeEach(async () => {
  setup = await openSetupFacts({ tokens: [OKTA_TOKEN] });
});
afterEach(() => setup.close());

const facts = (overrides?: Partial<SetupFacts>) => setup.facts(overrides);
const arrive = (...requests: Arrived[]) => setup.arrive(...requests);
const step = (f: SetupFacts, id: SetupStepId): SetupStep => computeSetupState(f).steps.find((s) => s.id === id)!;

const createAda: Arrived = {
  method: 'POST',
  path: '/scim/v2/Users',
  status: 201,
  resourceId: 'u1',
  requestBody: { userName: 'ada@example.com' },
};

describe('endpoint', () => {
  const probe = (outcome: 'ok' | 'not-https' | 'unreachable' | 'someone-else') =>
    facts({
      tunnel: {
        publicScimUrl: 'https://a.loca.lt/scim/v2',
        probe: {
          outcome,
          reachedThisEndpoint: outcome === 'ok',
          url: 'https://a.loca.lt/scim/v2/ServiceProviderConfig',
          status: 200,
          message: `probe says ${outcome}`,
          at: '2026-03-01T10:00:00.000Z',
        },
        urlChanged: false,
        oktaBaseUrl: null,
      },
    });

  it('is to do without a public URL, waits for the probe, and follows its outcome', () => {
    expect(step(facts(), 'endpoint').state).toBe('todo');
    expect(
      step(
        facts({
          tunnel: { publicScimUrl: 'https://a.loca.lt/scim/v2', probe: null, urlChanged: false, oktaBaseUrl: null },
        }),
        'endpoint',
      ).state,
    ).toBe('waiting');
    expect(step(probe('ok'), 'endpoint')).toMatchObject({
      state: 'done',
      evidence: { summary: 'probe says ok', activityId: null },
    });
    expect(step(probe('not-https'), 'endpoint').fix).toMatch(/only calls HTTPS/);
    expect(step(probe('unreachable'), 'endpoint').fix).toMatch(
      /could not reach the public URL \(the evidence says why\)/,
    );
    expect(step(probe('someone-else'), 'endpoint').fix).toMatch(/Something else answered/);
  });

  it('can be confirmed while open (an ingress this machine cannot call), never over a failure', () => {
    const confirmations = { endpoint: '2026-03-01T11:00:00.000Z' };
    expect(
      step(
        facts({
          confirmations,
          tunnel: { publicScimUrl: 'https://x/scim/v2', probe: null, urlChanged: false, oktaBaseUrl: null },
        }),
        'endpoint',
      ).state,
    ).toBe('confirmed');
    expect(step({ ...probe('unreachable'), confirmations }, 'endpoint').state).toBe('failed');
  });
});

describe('token', () => {
  it('is done with an active token of the admin, failed when all are gone, and ignores rehearsal tokens', () => {
    expect(step(facts(), 'token').state).toBe('done');
    expect(step(facts({ tokens: [] }), 'token').state).toBe('todo');
    expect(
      step(facts({ tokens: [{ id: 't', label: 'Okta', state: 'revoked', createdAt: 'x', rehearsal: false }] }), 'token')
        .state,
    ).toBe('failed');
    expect(
      step(
        facts({ tokens: [{ id: 'r', label: 'Okta rehearsal', state: 'active', createdAt: 'x', rehearsal: true }] }),
        'token',
      ).state,
    ).toBe('todo');
  });
});

describe('connector test', () => {
  it('waits for Okta, then is done with the request as evidence', () => {
    expect(step(facts({ tokens: [] }), 'connector-test').state).toBe('todo');
    expect(step(facts(), 'connector-test').state).toBe('waiting');
    const [test] = arrive(connectorTest);
    expect(step(facts(), 'connector-test')).toMatchObject({
      state: 'done',
      evidence: { activityId: test!.id, userAgent: 'Okta SCIM Client 1.0.0', at: test!.time },
      fix: null,
    });
  });

  it.each([
    [
      'missing',
      /no token was sent/,
      /^Okta sent no token: paste the SCIM Desk token into the Clumio app's SCIM API token field/,
    ],
    ['malformed', /Authorization header is malformed/, /Paste the token alone/],
    ['unknown', /not a SCIM Desk token/, /Generate a token here/],
    ['revoked', /token was revoked/, /Retry|retry/],
    ['expired', /token expired/, /longer lifetime/],
  ] as const)(
    'names a %s token as "token rejected", what arrived, and the fix in the app\'s words',
    (reason, summary, fix) => {
      arrive({
        ...connectorTest,
        status: 401,
        tokenId: null,
        tokenLabel: null,
        authFailure: reason,
        authHint: `Hint for ${reason}.`,
      });
      const connector = step(facts(), 'connector-test');
      expect(connector.state).toBe('failed');
      expect(connector.evidence?.summary).toMatch(/^Token rejected: /);
      expect(connector.evidence?.summary).toMatch(summary);
      expect(connector.evidence?.summary).toMatch(new RegExp(`Hint for ${reason}\\.$`));
      expect(connector.fix).toMatch(fix);
    },
  );

  it("says the custom app's fix in that screen's words: HTTP Header, Authorization, Test Connector Configuration", () => {
    arrive({
      ...connectorTest,
      status: 401,
      tokenId: null,
      tokenLabel: null,
      authFailure: 'missing',
      authHint: 'No Authorization header.',
    });
    const custom = step(facts({ profile: profileFor('okta', { okta_app: 'custom-scim' }) }), 'connector-test');
    expect(custom.fix).toBe(
      'Okta sent no token: in Provisioning → Integration → Edit, set Authentication Mode to HTTP Header and paste the SCIM Desk token alone into Authorization, then Test Connector Configuration again.',
    );
    expect(custom.title).toBe('Okta: SCIM connection settings and Test Connector Configuration');
  });

  it('names a wrong path with the base URL to paste', () => {
    arrive({
      method: 'GET',
      path: '/Users',
      query: 'startIndex=1&count=2',
      status: 404,
      tokenId: null,
      tokenLabel: null,
    });
    const connector = step(
      facts({
        tunnel: { publicScimUrl: 'https://a.loca.lt/scim/v2', probe: null, urlChanged: false, oktaBaseUrl: null },
      }),
      'connector-test',
    );
    expect(connector.state).toBe('failed');
    expect(connector.fix).toContain('must be exactly https://a.loca.lt/scim/v2');
  });

  it('lets the newest event decide: a success after a failure settles it, a failure after a success reopens it', () => {
    arrive({ ...connectorTest, status: 401, tokenId: null, authFailure: 'unknown', authHint: 'x' }, connectorTest);
    expect(step(facts(), 'connector-test').state).toBe('done');
    arrive({ ...connectorTest, status: 401, tokenId: null, authFailure: 'revoked', authHint: 'y' });
    expect(step(facts(), 'connector-test').state).toBe('failed');
  });
});

describe('Okta To App', () => {
  it('checks userNames when users arrive: done for emails, failed naming the others', () => {
    expect(step(facts(), 'username-format').state).toBe('todo');
    arrive(connectorTest, createAda);
    expect(step(facts(), 'username-format').state).toBe('waiting');
    const ada = { id: 'u1', userName: 'ada@example.com', active: true, groups: [] };
    expect(step(facts({ users: [ada] }), 'username-format').state).toBe('done');
    const bad = step(
      facts({ users: [ada, { id: 'u2', userName: 'grace', active: true, groups: [] }] }),
      'username-format',
    );
    expect(bad.state).toBe('failed');
    expect(bad.evidence?.summary).toBe('1 of 2 userNames are not emails: "grace".');
    expect(bad.fix).toMatch(/Application username format to Email/);
  });

  it('sees creations, profile updates (not deactivations) and deactivations', () => {
    arrive(connectorTest);
    for (const id of ['create-users', 'update-users', 'deactivate-users'] as const)
      expect(step(facts(), id).state, id).toBe('waiting');
    arrive(createAda, {
      method: 'PATCH',
      path: '/scim/v2/Users/u1',
      requestBody: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] },
    });
    expect(step(facts(), 'create-users')).toMatchObject({ state: 'done' });
    expect(step(facts(), 'create-users').evidence?.summary).toMatch(/^First user created: ada@example.com/);
    expect(step(facts(), 'deactivate-users').state).toBe('done');
    expect(step(facts(), 'update-users').state).toBe('waiting');
    arrive({
      method: 'PUT',
      path: '/scim/v2/Users/u1',
      requestBody: { userName: 'ada@example.com', title: 'Engineer', active: true },
    });
    expect(step(facts(), 'update-users').state).toBe('done');
  });

  it('fails a step whose newest request failed, saying why in words', () => {
    arrive(connectorTest, createAda, {
      ...createAda,
      status: 400,
      resourceId: undefined,
      requestBody: { userName: 'b@example.com' },
    });
    const create = step(facts(), 'create-users');
    expect(create.state).toBe('failed');
    expect(create.fix).toMatch(
      /^Okta's last user creation failed: SCIM Desk answered 400, the body is not valid SCIM for this endpoint/,
    );
  });

  it('takes a duplicate creation (409, as Okta meets in re-assignments) for what it is: Create Users works', () => {
    arrive(connectorTest, createAda, { ...createAda, status: 409, resourceId: undefined });
    expect(step(facts(), 'create-users')).toMatchObject({ state: 'done', fix: null });
    expect(step(facts(), 'create-users').evidence?.summary).toMatch(/^First user created: ada@example.com/);
  });

  it('is done on a lone 409 too: the creation arrived, the userName was taken', () => {
    arrive(connectorTest, { ...createAda, status: 409, resourceId: undefined });
    const create = step(facts(), 'create-users');
    expect(create.state).toBe('done');
    expect(create.evidence?.summary).toMatch(
      /the last one, for ada@example.com, met a userName that already exists here/,
    );
  });

  it('Sync Password: done when users arrive without one, failed (and warned) when one arrives', () => {
    expect(step(facts(), 'sync-password-off').state).toBe('todo');
    expect(
      step(facts({ confirmations: { 'sync-password-off': '2026-03-01T10:00:00.000Z' } }), 'sync-password-off').state,
    ).toBe('confirmed');
    arrive(createAda);
    expect(step(facts(), 'sync-password-off').state).toBe('done');
    arrive({ ...createAda, resourceId: 'u2', requestBody: { userName: 'b@example.com', password: 'secret' } });
    const state = computeSetupState(facts());
    expect(state.steps.find((s) => s.id === 'sync-password-off')).toMatchObject({ state: 'failed' });
    expect(state.warnings.map((w) => w.id)).toEqual(['sync-password-on']);
    // Turned off since: the next creation arrives without a password, and the step and the warning follow.
    arrive({ ...createAda, resourceId: 'u3', requestBody: { userName: 'c@example.com' } });
    const after = computeSetupState(facts());
    expect(after.steps.find((s) => s.id === 'sync-password-off')).toMatchObject({ state: 'done' });
    expect(after.warnings).toEqual([]);
  });
});

describe('groups and the admin account', () => {
  const pushed: Arrived = {
    method: 'POST',
    path: '/scim/v2/Groups',
    status: 201,
    resourceId: 'g1',
    requestBody: { displayName: 'Clumio Admins', members: [] },
  };
  const members: Arrived = {
    method: 'PATCH',
    path: '/scim/v2/Groups/g1',
    status: 204,
    requestBody: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }] },
  };

  const earlier = '2026-03-01T09:00:00.000Z';

  it('push groups: waiting for groups, then for memberships, then done; a name that exists fails and warns', () => {
    arrive(connectorTest);
    expect(step(facts(), 'push-groups').state).toBe('waiting');
    arrive(pushed);
    expect(step(facts(), 'push-groups')).toMatchObject({ state: 'waiting' });
    expect(step(facts(), 'push-groups').fix).toMatch(/no memberships yet/);
    arrive(members);
    expect(
      step(
        facts({ groups: [{ id: 'g1', displayName: 'Clumio Admins', memberCount: 1, created: earlier }] }),
        'push-groups',
      ).state,
    ).toBe('done');
    arrive({ ...pushed, status: 409, resourceId: undefined, requestBody: { displayName: 'Backup Team', members: [] } });
    const state = computeSetupState(
      facts({ groups: [{ id: 'g2', displayName: 'Backup Team', memberCount: 0, created: earlier }] }),
    );
    expect(state.steps.find((s) => s.id === 'push-groups')?.fix).toMatch(/A group named "Backup Team" already exists/);
    expect(state.warnings.map((w) => w.id)).toEqual(['group-name-exists']);
  });

  it('forgets a "name exists" push once that group is gone, or was created after the refusal', () => {
    arrive(connectorTest, pushed, members, {
      ...pushed,
      status: 409,
      resourceId: undefined,
      requestBody: { displayName: 'Backup Team', members: [] },
    });
    // The group that blocked the push was removed (rehearsal data removed): nothing stands in the way now.
    const removed = computeSetupState(facts({ groups: [] }));
    expect(removed.warnings).toEqual([]);
    expect(removed.steps.find((s) => s.id === 'push-groups')).toMatchObject({
      state: 'waiting',
      fix: expect.stringMatching(/"Backup Team" that blocked the last push is gone now/),
    });
    // A group of that name created after the refusal (a clean run pushed it) is not the one that blocked it.
    const later = new Date(setup.now() + 60_000).toISOString();
    expect(
      computeSetupState(facts({ groups: [{ id: 'g9', displayName: 'Backup Team', memberCount: 2, created: later }] }))
        .warnings,
    ).toEqual([]);
  });

  it('warns when a pushed group holds every provisioned user (the assignment group pushed)', () => {
    const users = ['a', 'b', 'c'].map((n) => ({
      id: n,
      userName: `${n}@example.com`,
      active: true,
      groups: ['Everyone'],
    }));
    const state = computeSetupState(
      facts({
        users,
        groups: [{ id: 'g', displayName: 'Everyone', memberCount: 3, created: '2026-03-01T09:00:00.000Z' }],
      }),
    );
    expect(state.warnings.map((w) => w.id)).toEqual(['group-used-for-assignment']);
    expect(state.warnings[0]!.message).toMatch(/"Everyone" contains every provisioned user \(3\)/);
    // Two users in one group say nothing yet.
    expect(
      computeSetupState(
        facts({
          users: users.slice(0, 2),
          groups: [{ id: 'g', displayName: 'Everyone', memberCount: 2, created: '2026-03-01T09:00:00.000Z' }],
        }),
      ).warnings,
    ).toEqual([]);
  });

  it('admin account: needs the current admin, their arrival, active, in a pushed group — and says which is missing', () => {
    expect(step(facts(), 'admin-account')).toMatchObject({ state: 'todo' });
    expect(step(facts(), 'admin-account').fix).toMatch(/current admin/);
    expect(step(facts({ currentAdmin: 'me@example.com' }), 'admin-account')).toMatchObject({ state: 'waiting' });
    expect(step(facts({ currentAdmin: 'me@example.com' }), 'admin-account').fix).toMatch(
      /Your account me@example.com has not arrived from Okta yet/,
    );
    const me = { id: 'u1', userName: 'Me@Example.com', active: true, groups: [] as string[] };
    expect(step(facts({ currentAdmin: 'me@example.com', users: [me] }), 'admin-account').fix).toMatch(
      /arrived but is in no pushed group/,
    );
    expect(
      step(facts({ currentAdmin: 'me@example.com', users: [{ ...me, active: false }] }), 'admin-account').state,
    ).toBe('failed');
    const done = step(
      facts({ currentAdmin: 'me@example.com', users: [{ ...me, groups: ['Clumio Admins'] }] }),
      'admin-account',
    );
    expect(done).toMatchObject({
      state: 'done',
      evidence: { summary: 'Me@Example.com is active and in "Clumio Admins".' },
    });
  });
});

describe('Clumio: rule, method, enable', () => {
  const rule = { rule_id: 'r1', name: 'Admins' };

  it("the Super Admin rule: to do, waiting for the admin, failed with the guard's reason, done", () => {
    expect(step(facts(), 'super-admin-rule').state).toBe('todo');
    expect(
      step(facts({ rules: { superAdminRules: [rule], adminCovered: null, guardRefusal: null } }), 'super-admin-rule')
        .state,
    ).toBe('waiting');
    const uncovered = step(
      facts({
        currentAdmin: 'me@example.com',
        rules: {
          superAdminRules: [rule],
          adminCovered: false,
          guardRefusal: "rule 'Admins' does not match because ...",
        },
      }),
      'super-admin-rule',
    );
    expect(uncovered).toMatchObject({ state: 'failed', fix: "rule 'Admins' does not match because ..." });
    expect(
      step(
        facts({
          currentAdmin: 'me@example.com',
          rules: { superAdminRules: [rule], adminCovered: true, guardRefusal: null },
        }),
        'super-admin-rule',
      ).state,
    ).toBe('done');
  });

  it('provisioning method and enabling', () => {
    expect(step(facts(), 'provisioning-method').state).toBe('done');
    expect(step(facts({ provisioningMethod: 'saml' }), 'provisioning-method')).toMatchObject({ state: 'failed' });
    expect(
      step(
        facts({ rules: { superAdminRules: [], adminCovered: null, guardRefusal: 'Enabling needs a rule.' } }),
        'enable-auto-provisioning',
      ).fix,
    ).toBe('Not ready to enable yet: Enabling needs a rule.');
    expect(step(facts({ autoProvisioningEnabled: true }), 'enable-auto-provisioning').state).toBe('done');
  });
});

describe('the whole state', () => {
  it('is complete only when every step is done or confirmed, and flags a changed or plain-HTTP public URL', () => {
    expect(computeSetupState(facts()).complete).toBe(false);
    const state = computeSetupState(
      facts({
        tunnel: {
          publicScimUrl: 'http://b.lt/scim/v2',
          probe: null,
          urlChanged: true,
          oktaBaseUrl: 'http://a.lt/scim/v2',
        },
      }),
    );
    expect(state.warnings.map((w) => w.id)).toEqual(['public-url-changed', 'not-https']);
  });
});
