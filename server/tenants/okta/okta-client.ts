/**
 * The Okta Management API, read-only, through `@okta/okta-sdk-nodejs`: the calls SCIM Desk needs to check the
 * admin's Clumio app, each answered with the call as evidence. Authentication is an SSWS API token; paging
 * follows Okta's `Link: rel="next"` (the SDK's collections), and rate limits and timeouts are the request
 * executor's business (okta-request-executor.ts).
 */
import { Client } from '@okta/okta-sdk-nodejs';
import type { Answer } from '../api-call.js';
import { systemClock, type Clock } from '../../time/clock.js';
import { parseServiceUrl } from '../service-url.js';
import { TenantApiError } from '../tenant-error.js';
import { newCallContext, oktaCallContext } from './okta-call-context.js';
import { toOktaError } from './okta-errors.js';
import { OKTA_OPERATIONS, type OktaOperationName } from './okta-operations.js';
import { OktaRequestExecutor } from './okta-request-executor.js';
import {
  readApp,
  readAppGroup,
  readAppUser,
  readConnection,
  readGroup,
  readLogEvent,
  readProvisioningFeature,
  readPushMapping,
  readUser,
  type OktaApp,
  type OktaAppGroup,
  type OktaAppUser,
  type OktaConnection,
  type OktaGroup,
  type OktaProvisioning,
  type OktaProvisioningFailures,
  type OktaPushMapping,
  type OktaUser,
} from './okta-types.js';

export interface OktaClientOptions {
  /** The org URL, e.g. https://example.okta.com (http only for loopback). */
  orgUrl: string;
  /** An SSWS API token. */
  apiToken: string;
  clock?: Clock;
  /** Bound on one request (default 15 s). */
  timeoutMs?: number;
  /** 429s retried per request (default 2). */
  maxRetries?: number;
  /** Longest wait for a rate-limit reset (default 70 s: Okta's windows are a minute, plus a margin). */
  maxRateLimitWaitMs?: number;
  /** Most System Log failures read per check (default 200, newest first). */
  maxLogEvents?: number;
}

/** The System Log filter for failed provisioning, scoped to one app (it is a target of each event). */
export function provisioningFailureFilter(appId: string): string {
  return `eventType sw "application.provision" and outcome.result eq "FAILURE" and target.id eq "${appId.replace(/["\\]/g, '')}"`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

// Page sizes: each list endpoint's documented maximum, or (group members) the size Okta's docs recommend.
const PAGE = { apps: 200, appUsers: 500, appGroups: 200, mappings: 1000, groupMembers: 200, logs: 1000 } as const;

export class OktaClient {
  readonly orgUrl: string;
  readonly clock: Clock;
  readonly timeoutMs: number;
  // A true private field: util.inspect and JSON never reach the SDK client, whose configuration holds the token.
  readonly #sdk: Client;
  readonly #executor: OktaRequestExecutor;
  readonly #maxLogEvents: number;

  constructor(options: OktaClientOptions) {
    this.orgUrl = parseServiceUrl('okta', options.orgUrl);
    if (!options.apiToken.trim()) {
      throw new TenantApiError({
        service: 'okta',
        kind: 'unauthorized',
        operation: 'connect to Okta',
        serviceMessage: 'no API token was given',
      });
    }
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.#maxLogEvents = options.maxLogEvents ?? 200;
    this.#executor = new OktaRequestExecutor({
      clock: this.clock,
      timeoutMs: this.timeoutMs,
      maxRetries: options.maxRetries ?? 2,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 70_000,
    });
    this.#sdk = new Client({
      orgUrl: this.orgUrl,
      token: options.apiToken.trim(),
      authorizationMode: 'SSWS',
      // The default cache middleware answers repeated GETs from memory: the checks must see Okta's current state.
      cacheMiddleware: null,
      requestExecutor: this.#executor,
    });
  }

  listApps(): Promise<Answer<OktaApp[]>> {
    return this.run('listApps', '/api/v1/apps', async () =>
      (await collect(this.#sdk.applicationApi.listApplications({ limit: PAGE.apps }))).map(readApp),
    );
  }

  getApp(appId: string): Promise<Answer<OktaApp>> {
    return this.run('getApp', `/api/v1/apps/${encodeURIComponent(appId)}`, async () =>
      readApp(await this.#sdk.applicationApi.getApplication({ appId })),
    );
  }

  /**
   * USER_PROVISIONING for the app. Okta documents the features API for a handful of OIN apps; for others it
   * may refuse, which is an answer too ("Okta does not say for this app"), not an error.
   */
  async getProvisioning(appId: string): Promise<Answer<OktaProvisioning>> {
    const path = `/api/v1/apps/${encodeURIComponent(appId)}/features/USER_PROVISIONING`;
    try {
      return await this.run('getProvisioningFeature', path, async () =>
        readProvisioningFeature(
          await this.#sdk.applicationApi.getFeatureForApplication({ appId, name: 'USER_PROVISIONING' }),
        ),
      );
    } catch (error) {
      const refusal = refusedForThisApp(error);
      if (!refusal) throw error;
      const notEnabled = refusal.info.causes.find((cause) => /provisioning is not enabled/i.test(cause));
      const value: OktaProvisioning = notEnabled
        ? { answer: 'integration-off', reason: notEnabled }
        : { answer: 'not-said', reason: `Okta does not say for this app (${statusWords(refusal)})` };
      return { value, call: this.callOf('getProvisioningFeature', refusal) };
    }
  }

  async getDefaultConnection(appId: string): Promise<Answer<OktaConnection>> {
    const path = `/api/v1/apps/${encodeURIComponent(appId)}/connections/default`;
    try {
      return await this.run('getDefaultConnection', path, async () =>
        readConnection(await this.#sdk.applicationApi.getDefaultProvisioningConnectionForApplication({ appId })),
      );
    } catch (error) {
      const refusal = refusedForThisApp(error);
      if (!refusal) throw error;
      return {
        value: { answer: 'not-said', reason: `Okta does not say for this app (${statusWords(refusal)})` },
        call: this.callOf('getDefaultConnection', refusal),
      };
    }
  }

  listPushMappings(appId: string): Promise<Answer<OktaPushMapping[]>> {
    return this.run('listPushMappings', `/api/v1/apps/${encodeURIComponent(appId)}/group-push/mappings`, async () =>
      (await collect(this.#sdk.groupPushMappingApi.listGroupPushMappings({ appId, limit: PAGE.mappings }))).map(
        readPushMapping,
      ),
    );
  }

  listAppUsers(appId: string): Promise<Answer<OktaAppUser[]>> {
    return this.run('listAppUsers', `/api/v1/apps/${encodeURIComponent(appId)}/users`, async () =>
      (await collect(this.#sdk.applicationApi.listApplicationUsers({ appId, limit: PAGE.appUsers }))).map(readAppUser),
    );
  }

  /** The app's group assignments with each group's name (`expand=group` saves a call per group). */
  listAppGroups(appId: string): Promise<Answer<OktaAppGroup[]>> {
    return this.run('listAppGroups', `/api/v1/apps/${encodeURIComponent(appId)}/groups`, async () =>
      (
        await collect(
          this.#sdk.applicationApi.listApplicationGroupAssignments({ appId, limit: PAGE.appGroups, expand: 'group' }),
        )
      ).map(readAppGroup),
    );
  }

  /** The group, or null when Okta has none with that id. */
  findGroup(groupId: string): Promise<Answer<OktaGroup | null>> {
    return this.orNull('getGroup', `/api/v1/groups/${encodeURIComponent(groupId)}`, async () =>
      readGroup(await this.#sdk.groupApi.getGroup({ groupId })),
    );
  }

  listGroupMembers(groupId: string): Promise<Answer<OktaUser[]>> {
    return this.run('listGroupMembers', `/api/v1/groups/${encodeURIComponent(groupId)}/users`, async () =>
      (await collect(this.#sdk.groupApi.listGroupUsers({ groupId, limit: PAGE.groupMembers }))).map(readUser),
    );
  }

  /** A user by id or login, or null when Okta has none. */
  findUser(idOrLogin: string): Promise<Answer<OktaUser | null>> {
    return this.orNull('getUser', `/api/v1/users/${encodeURIComponent(idOrLogin)}`, async () =>
      readUser(await this.#sdk.userApi.getUser({ userId: idOrLogin })),
    );
  }

  listUserGroups(userId: string): Promise<Answer<OktaGroup[]>> {
    return this.run('listUserGroups', `/api/v1/users/${encodeURIComponent(userId)}/groups`, async () =>
      (await collect(this.#sdk.userApi.listUserGroups({ userId }))).map(readGroup),
    );
  }

  /**
   * Failed provisioning events of the app in a bounded window (default: the last 24 hours), newest first.
   * A bounded query (since and until) ends its paging; reading stops after `maxLogEvents`.
   */
  listProvisioningFailures(
    appId: string,
    window: { since?: Date; until?: Date } = {},
  ): Promise<Answer<OktaProvisioningFailures>> {
    const until = window.until ?? new Date(this.clock.now());
    const since = window.since ?? new Date(until.getTime() - DAY_MS);
    return this.run('listProvisioningFailures', '/api/v1/logs', async () => {
      const collection = await this.#sdk.systemLogApi.listLogEvents({
        since: since.toISOString(),
        until: until.toISOString(),
        filter: provisioningFailureFilter(appId),
        sortOrder: 'DESCENDING',
        limit: Math.min(PAGE.logs, this.#maxLogEvents),
      });
      const events = await collect(collection, this.#maxLogEvents + 1);
      return {
        since: since.toISOString(),
        until: until.toISOString(),
        events: events.slice(0, this.#maxLogEvents).map(readLogEvent),
        truncated: events.length > this.#maxLogEvents,
      };
    });
  }

  private async run<T>(name: OktaOperationName, path: string, read: () => Promise<T>): Promise<Answer<T>> {
    const operation = OKTA_OPERATIONS[name];
    const context = newCallContext();
    try {
      const value = await oktaCallContext.run(context, read);
      return {
        value,
        call: {
          service: 'okta',
          operation: operation.does,
          method: operation.method,
          path: context.firstPath ?? path,
          status: context.lastStatus ?? 200,
          pages: context.pages,
          at: new Date(this.clock.now()).toISOString(),
        },
      };
    } catch (error) {
      throw toOktaError(error, {
        operation,
        host: new URL(this.orgUrl).host,
        path: context.firstPath ?? path,
        timeoutMs: this.timeoutMs,
        budget: this.#executor.budget,
      });
    }
  }

  private async orNull<T>(name: OktaOperationName, path: string, read: () => Promise<T>): Promise<Answer<T | null>> {
    try {
      return await this.run(name, path, read);
    } catch (error) {
      if (!(error instanceof TenantApiError) || error.kind !== 'not_found') throw error;
      return { value: null, call: this.callOf(name, error) };
    }
  }

  /** The call behind an error that is an answer (a 404 lookup, a feature Okta does not state). */
  private callOf(name: OktaOperationName, error: TenantApiError) {
    const operation = OKTA_OPERATIONS[name];
    return {
      service: 'okta' as const,
      operation: operation.does,
      method: operation.method,
      path: error.info.path ?? operation.path,
      status: error.info.status ?? 0,
      pages: 1,
      at: new Date(this.clock.now()).toISOString(),
    };
  }
}

async function collect<T>(
  collection: AsyncIterable<T> | Promise<AsyncIterable<T>>,
  max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  for await (const item of await collection) {
    items.push(item);
    if (items.length >= max) break;
  }
  return items;
}

/** 400, 404 and 405 on a per-app endpoint: Okta answered, and the answer is that it will not say. */
function refusedForThisApp(error: unknown): TenantApiError | null {
  if (!(error instanceof TenantApiError) || error.info.status === null) return null;
  return [400, 404, 405].includes(error.info.status) ? error : null;
}

function statusWords(error: TenantApiError): string {
  const summary = error.info.causes[0] ?? error.info.serviceMessage;
  return [String(error.info.status), error.info.serviceCode, summary ? `"${summary}"` : null].filter(Boolean).join(' ');
}
