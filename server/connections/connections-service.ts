/**
 * The connections to the admin's Okta org and Clumio account: saved only after a call proves the URL and the
 * token work, the token sealed with the data folder's key and never shown again, removable. The clients built
 * from a saved connection are kept while it stays the same, so their rate-limit budgets carry over between
 * reads. Every change is logged (the refusals too, in the explainer's words, which never hold a token) and
 * told to the listeners (the tenant snapshot forgets what it read through the old connection).
 */
import { logAdminChange, type AdminResource } from '../activity/admin-changes.js';
import type { ActivitySink } from '../activity/types.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { DirectoryStore, DocumentReader } from '../store/directory-store.js';
import { writeDocs } from '../store/doc-ops.js';
import { ClumioClient } from '../tenants/clumio/clumio-client.js';
import { CLUMIO_REGIONAL_BASE_URLS } from '../tenants/clumio/clumio-regions.js';
import { OktaClient } from '../tenants/okta/okta-client.js';
import { isTenantApiError, type TenantApiError } from '../tenants/tenant-error.js';
import { systemClock, type Clock } from '../time/clock.js';
import { isRecord } from '../util/is-record.js';
import {
  clumioConnectionDoc,
  deleteConnectionOp,
  oktaConnectionDoc,
  putClumioConnectionOp,
  putOktaConnectionOp,
  type ClumioConnectionDoc,
  type OktaConnectionDoc,
} from './connection-docs.js';
import { fromTenantError, invalidConnection, notConnected } from './connection-error.js';
import type { OktaAppChoice, TenantServiceName } from './connection-types.js';

export interface TenantClientOptions {
  /** The clock every request's deadline and every rate-limit wait runs on (tests pass one they move). */
  clock?: Clock;
  /** Bound on one request (default 15 s). */
  timeoutMs?: number;
}

export interface ConnectionsServiceOptions extends TenantClientOptions {
  store: DirectoryStore;
  /** The saved connections as this node keeps them. */
  documents: DocumentReader;
  /** The data folder's key, for sealing and opening API tokens. */
  secrets: () => Promise<SecretBox>;
  activity: ActivitySink;
}

const RESOURCE: Record<TenantServiceName, AdminResource> = {
  okta: { type: 'Setting', id: 'connection.okta', name: 'Okta connection' },
  clumio: { type: 'Setting', id: 'connection.clumio', name: 'Clumio connection' },
};

const SERVICE_NAMES: Record<TenantServiceName, string> = { okta: 'Okta', clumio: 'Clumio' };

/** The fields of a connect request, each a non-empty string; anything else is named in a 400. */
function readFields<K extends string>(
  body: unknown,
  required: readonly K[],
  optional: readonly string[],
  shape: string,
): Record<K, string> & Record<string, unknown> {
  if (!isRecord(body)) throw invalidConnection(`The body must be ${shape}.`);
  const issues: { field: string; message: string }[] = [];
  for (const field of required) {
    const value = body[field];
    if (typeof value !== 'string' || value.trim() === '')
      issues.push({ field, message: 'is required (a non-empty string)' });
  }
  for (const field of Object.keys(body)) {
    if (!required.includes(field as K) && !optional.includes(field)) issues.push({ field, message: 'unknown field' });
  }
  if (issues.length > 0) throw invalidConnection(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);
  return body as Record<K, string> & Record<string, unknown>;
}

function optionalAppId(body: Record<string, unknown>): string | null {
  const value = body.app_id;
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
  if (typeof value !== 'string')
    throw invalidConnection("app_id: must be the Clumio app's id (a string) or null", [
      { field: 'app_id', message: 'must be a string or null' },
    ]);
  return value.trim();
}

function looksLikeClumio(app: { name: string; label: string }): boolean {
  return /clumio/i.test(app.name) || /clumio/i.test(app.label);
}

export class ConnectionsService {
  private readonly store: DirectoryStore;
  private readonly documents: DocumentReader;
  private readonly secrets: () => Promise<SecretBox>;
  private readonly activity: ActivitySink;
  readonly clock: Clock;
  private readonly timeoutMs: number | undefined;
  private readonly listeners = new Set<(service: TenantServiceName) => void>();
  // The clients of the saved connections, rebuilt only when a connection changes (keyed by its sealed token).
  private okta: { key: string; client: OktaClient } | null = null;
  private clumio: { key: string; client: ClumioClient } | null = null;

  constructor(options: ConnectionsServiceOptions) {
    this.store = options.store;
    this.documents = options.documents;
    this.secrets = options.secrets;
    this.activity = options.activity;
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs;
  }

  // ---- what is saved ----

  oktaConnection(): OktaConnectionDoc | null {
    return oktaConnectionDoc(this.documents);
  }

  clumioConnection(): ClumioConnectionDoc | null {
    return clumioConnectionDoc(this.documents);
  }

  /** The portal of a regional Clumio host, when it is one of Clumio's. */
  static portalOf(baseUrl: string): string | null {
    return CLUMIO_REGIONAL_BASE_URLS.find((region) => region.baseUrl === baseUrl)?.portal ?? null;
  }

  /** Told after a connection was saved, changed or removed. */
  onChange(listener: (service: TenantServiceName) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- clients of the saved connections ----

  /** The Okta client and the picked app (null without a connection). */
  async oktaClient(): Promise<{ client: OktaClient; appId: string | null } | null> {
    const doc = this.oktaConnection();
    if (!doc) return null;
    const key = `${doc.org_url} ${doc.token.data}`;
    if (this.okta?.key !== key) {
      const apiToken = (await this.secrets()).open(doc.token);
      this.okta = { key, client: this.newOktaClient(doc.org_url, apiToken) };
    }
    return { client: this.okta.client, appId: doc.app?.id ?? null };
  }

  async clumioClient(): Promise<ClumioClient | null> {
    const doc = this.clumioConnection();
    if (!doc) return null;
    const key = `${doc.base_url} ${doc.token.data}`;
    if (this.clumio?.key !== key) {
      const apiToken = (await this.secrets()).open(doc.token);
      this.clumio = { key, client: this.newClumioClient(doc.base_url, apiToken) };
    }
    return this.clumio.client;
  }

  // ---- changes ----

  /** Checks the token against Okta (the app, when given; else the org's apps), then saves the connection. */
  async connectOkta(body: unknown): Promise<OktaConnectionDoc> {
    const fields = readFields(
      body,
      ['org_url', 'api_token'],
      ['app_id'],
      '{"org_url": "https://…okta.com", "api_token": "…", "app_id"?: "…"}',
    );
    const appId = optionalAppId(fields);
    const attempt = await this.attempt('okta', 'connection.okta.saved', async () => {
      const client = this.newOktaClient(fields.org_url, fields.api_token);
      if (appId === null) {
        const apps = await client.listApps();
        return {
          client,
          app: null,
          said: `${apps.call.method} ${apps.call.path} answered ${apps.call.status}: ${apps.value.length} app(s) in the org`,
        };
      }
      const app = await client.getApp(appId);
      const said = `${app.call.method} ${app.call.path} answered ${app.call.status}: "${app.value.label}" (${app.value.status})`;
      return { client, app: { id: app.value.id, label: app.value.label }, said };
    });
    const now = new Date(this.clock.now()).toISOString();
    const doc: OktaConnectionDoc = {
      org_url: attempt.client.orgUrl,
      app: attempt.app,
      token: (await this.secrets()).seal(fields.api_token.trim()),
      connected_at: now,
      checked: { at: now, said: attempt.said },
    };
    await writeDocs(this.store, [putOktaConnectionOp(doc)]);
    this.okta = { key: `${doc.org_url} ${doc.token.data}`, client: attempt.client };
    const app = doc.app ? `, app "${doc.app.label}" (${doc.app.id})` : ', no app picked yet';
    logAdminChange(
      this.activity,
      'connection.okta.saved',
      `Okta connection saved: ${doc.org_url}${app}.`,
      RESOURCE.okta,
    );
    this.changed('okta');
    return doc;
  }

  /** Picks (or changes) the Clumio app of the saved Okta connection, after reading it from Okta. */
  async pickOktaApp(body: unknown): Promise<OktaConnectionDoc> {
    const fields = readFields(body, ['app_id'], [], '{"app_id": "…"}');
    const saved = this.oktaConnection();
    const connection = await this.requireOkta();
    if (!saved) throw notConnected('Okta is not connected: connect the Okta org first (its URL and an API token).');
    const app = await this.attempt('okta', 'connection.okta.app_picked', () =>
      connection.client.getApp(fields.app_id.trim()),
    );
    const now = new Date(this.clock.now()).toISOString();
    const said = `${app.call.method} ${app.call.path} answered ${app.call.status}: "${app.value.label}" (${app.value.status})`;
    const doc: OktaConnectionDoc = {
      ...saved,
      app: { id: app.value.id, label: app.value.label },
      checked: { at: now, said },
    };
    await writeDocs(this.store, [putOktaConnectionOp(doc)]);
    logAdminChange(
      this.activity,
      'connection.okta.app_picked',
      `Okta app picked: "${app.value.label}" (${app.value.id}).`,
      RESOURCE.okta,
    );
    this.changed('okta');
    return doc;
  }

  /** The org's apps, the likely Clumio app first (read from Okta each time: the admin is choosing now). */
  async listOktaApps(): Promise<OktaAppChoice[]> {
    const connection = await this.requireOkta();
    const apps = await this.unavailableOnFailure(() => connection.client.listApps());
    return apps.value
      .map((app) => ({
        id: app.id,
        label: app.label,
        name: app.name,
        status: app.status,
        sign_on_mode: app.signOnMode,
        looks_like_clumio: looksLikeClumio(app),
      }))
      .sort((a, b) => Number(b.looks_like_clumio) - Number(a.looks_like_clumio) || a.label.localeCompare(b.label));
  }

  /** Checks the token against Clumio (reading the auto user provisioning setting), then saves it. */
  async connectClumio(body: unknown): Promise<ClumioConnectionDoc> {
    const fields = readFields(
      body,
      ['base_url', 'api_token'],
      [],
      '{"base_url": "https://us-west-2.api.clumio.com", "api_token": "…"}',
    );
    const attempt = await this.attempt('clumio', 'connection.clumio.saved', async () => {
      const client = this.newClumioClient(fields.base_url, fields.api_token);
      const setting = await client.readAutoUserProvisioning();
      const said = `${setting.call.method} ${setting.call.path} answered ${setting.call.status}: auto user provisioning is ${setting.value.isEnabled ? 'on' : 'off'}`;
      return { client, said };
    });
    const now = new Date(this.clock.now()).toISOString();
    const doc: ClumioConnectionDoc = {
      base_url: attempt.client.baseUrl,
      token: (await this.secrets()).seal(fields.api_token.trim()),
      connected_at: now,
      checked: { at: now, said: attempt.said },
    };
    await writeDocs(this.store, [putClumioConnectionOp(doc)]);
    this.clumio = { key: `${doc.base_url} ${doc.token.data}`, client: attempt.client };
    logAdminChange(
      this.activity,
      'connection.clumio.saved',
      `Clumio connection saved: ${doc.base_url}.`,
      RESOURCE.clumio,
    );
    this.changed('clumio');
    return doc;
  }

  /** Removes a connection and its sealed token; false when there was none. */
  async disconnect(service: TenantServiceName): Promise<boolean> {
    const saved = service === 'okta' ? this.oktaConnection() : this.clumioConnection();
    if (!saved) return false;
    await writeDocs(this.store, [deleteConnectionOp(service)]);
    if (service === 'okta') this.okta = null;
    else this.clumio = null;
    logAdminChange(
      this.activity,
      `connection.${service}.removed`,
      `${SERVICE_NAMES[service]} connection removed; its API token is deleted.`,
      RESOURCE[service],
    );
    this.changed(service);
    return true;
  }

  // ---- the parts every change shares ----

  private newOktaClient(orgUrl: string, apiToken: string): OktaClient {
    return new OktaClient({
      orgUrl,
      apiToken,
      clock: this.clock,
      ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}),
    });
  }

  private newClumioClient(baseUrl: string, apiToken: string): ClumioClient {
    return new ClumioClient({
      baseUrl,
      apiToken,
      clock: this.clock,
      ...(this.timeoutMs ? { timeoutMs: this.timeoutMs } : {}),
    });
  }

  private async requireOkta(): Promise<{ client: OktaClient; appId: string | null }> {
    const connection = await this.oktaClient();
    if (!connection)
      throw notConnected('Okta is not connected: connect the Okta org first (its URL and an API token).');
    return connection;
  }

  /** Runs a check against a service; its failure is logged and answered as a refused connection. */
  private async attempt<T>(service: TenantServiceName, action: string, check: () => Promise<T>): Promise<T> {
    try {
      return await check();
    } catch (error) {
      if (!isTenantApiError(error)) throw error;
      const refused = fromTenantError('refused', error, this.clock.now());
      logAdminChange(
        this.activity,
        action,
        `${SERVICE_NAMES[service]} connection not saved: ${refused.message}`,
        RESOURCE[service],
        'refused',
      );
      throw refused;
    }
  }

  private async unavailableOnFailure<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isTenantApiError(error)) throw error;
      throw fromTenantError('unavailable', error as TenantApiError, this.clock.now());
    }
  }

  private changed(service: TenantServiceName): void {
    for (const listener of this.listeners) listener(service);
  }
}
