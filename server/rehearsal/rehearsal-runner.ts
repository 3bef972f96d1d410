/**
 * The rehearsal as the server runs it for `POST /api/rehearsal`: in the background, against its own SCIM
 * listener, playing the identity profile's script (Okta's, in either kind of app, or Microsoft Entra ID's),
 * with a fresh token labelled as the profile says (revoked when the run ends: its secret lives only in this
 * run). Progress shows in the activity stream as the requests arrive, and in status().
 */
import { fillWords } from '../identity-providers/fill.js';
import type { IdentityProvider } from '../identity-providers/identity-provider.js';
import type { IdentityProfile } from '../identity-providers/profile.js';
import { identityProviders, isIdentityProvider, profileFor } from '../identity-providers/registry.js';
import type { EntraDialect, RehearsalRemoved, RehearsalRequest, RehearsalStatus } from './rehearsal-types.js';
import type { ActivityInput } from '../activity/types.js';
import type { TokenService } from '../auth/token-service.js';
import type { DirectoryStore } from '../store/directory-store.js';
import { plannedEntraRequestCount, runEntraRehearsal } from './entra-rehearsal.js';
import { runOktaRehearsal } from './okta-rehearsal.js';
import { rehearsalResources, rehearsalTokenIds, removeRehearsalData } from './rehearsal-data.js';
import { watchablePace, type RehearsalRunOptions } from './rehearsal-pace.js';
import { planRehearsal, plannedRequestCount, REHEARSAL_LIMITS, type RehearsalPlan } from './rehearsal-plan.js';
import { ENTRA_REHEARSAL_USER_AGENT, OKTA_USER_AGENT, ScimClient, type ScimCall } from './scim-client.js';

/** One request script: its client, its plan's request count, its run. Profiles name theirs (`rehearsal.script`). */
export interface RehearsalScript {
  client(scimUrl: string, token: string, onCall: (call: ScimCall) => void): ScimClient;
  requests(plan: RehearsalPlan): number;
  run(client: ScimClient, plan: RehearsalPlan, dialect: string, options: RehearsalRunOptions): Promise<unknown>;
}

export const REHEARSAL_SCRIPTS: Readonly<Record<string, RehearsalScript>> = {
  'okta-integration-network': {
    client: (url, token, onCall) => new ScimClient(url, token, onCall, OKTA_USER_AGENT),
    requests: plannedRequestCount,
    run: (client, plan, _dialect, options) => runOktaRehearsal(client, plan, options, 'PATCH'),
  },
  'okta-app-integration-wizard': {
    client: (url, token, onCall) => new ScimClient(url, token, onCall, OKTA_USER_AGENT),
    requests: plannedRequestCount,
    run: (client, plan, _dialect, options) => runOktaRehearsal(client, plan, options, 'PUT'),
  },
  'entra-provisioning-service': {
    client: (url, token, onCall) => new ScimClient(url, token, onCall, ENTRA_REHEARSAL_USER_AGENT),
    requests: plannedEntraRequestCount,
    run: (client, plan, dialect, options) => runEntraRehearsal(client, plan, dialect as EntraDialect, options),
  },
};

/** The script a profile plays; a profile naming no known script cannot be rehearsed. */
export function rehearsalScript(profile: IdentityProfile): RehearsalScript {
  const script = REHEARSAL_SCRIPTS[profile.rehearsal.script];
  if (!script)
    throw new RehearsalError('invalid', `${profile.words.name} has no rehearsal script "${profile.rehearsal.script}".`);
  return script;
}

/** "Okta rehearsal", "Entra rehearsal (default dialect)". */
export function rehearsalName(request: ParsedRehearsalRequest): string {
  return fillWords(request.profile.rehearsal.name, request.profile.words, { dialect: request.entraDialect });
}

export interface RehearsalRunnerOptions {
  store: DirectoryStore;
  tokens: TokenService;
  activity: { append(input: ActivityInput): unknown };
  /** The local SCIM base URL (the listener, not the tunnel: the rehearsal runs on this machine). */
  scimUrl: () => string;
  /** The current identity profile: what a request without `idp` plays, and the app played for its idp. */
  currentProfile?: () => IdentityProfile;
  now?: () => Date;
}

export class RehearsalError extends Error {
  constructor(
    readonly code: 'running' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'RehearsalError';
  }
}

export type ParsedRehearsalRequest = Required<Omit<RehearsalRequest, 'admin'>> & {
  admin?: string;
  /** The profile played: the current one, or the idp's first app when the request names another idp. */
  profile: IdentityProfile;
};

/** Validated options; numbers out of range are refused, not clamped, so the admin learns the limits. */
export function parseRehearsalRequest(
  body: unknown,
  current: IdentityProfile = profileFor(identityProviders()[0]!),
): ParsedRehearsalRequest {
  const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const count = (field: 'users' | 'groups') => {
    const value = input[field];
    const limits = REHEARSAL_LIMITS[field];
    if (value === undefined) return limits.default;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < limits.min || value > limits.max) {
      throw new RehearsalError('invalid', `${field} must be a whole number from ${limits.min} to ${limits.max}.`);
    }
    return value;
  };
  const admin = input.admin;
  if (
    admin !== undefined &&
    admin !== null &&
    (typeof admin !== 'string' || admin.trim() === '' || admin.length > 256)
  ) {
    throw new RehearsalError('invalid', 'admin must be your own userName (e.g. you@example.com).');
  }
  if (input.fast !== undefined && typeof input.fast !== 'boolean')
    throw new RehearsalError('invalid', 'fast must be true or false.');
  const idp: IdentityProvider | undefined =
    input.idp === undefined ? current.idp : isIdentityProvider(input.idp) ? input.idp : undefined;
  if (idp === undefined) throw new RehearsalError('invalid', `idp must be one of ${identityProviders().join(', ')}.`);
  const profile = idp === current.idp ? current : profileFor(idp);
  const dialects = profile.rehearsal.dialects?.map((d) => d.id) ?? [];
  const dialect = input.entraDialect;
  if (dialect !== undefined && dialects.length === 0) {
    throw new RehearsalError(
      'invalid',
      `entraDialect applies only to an identity provider with PATCH dialects (${profile.words.name} has none).`,
    );
  }
  if (dialect !== undefined && !dialects.some((d) => d === dialect))
    throw new RehearsalError('invalid', `entraDialect must be one of ${dialects.join(', ')}.`);
  return {
    users: count('users'),
    groups: count('groups'),
    fast: input.fast === true,
    idp,
    entraDialect: ((dialect as string | undefined) ?? dialects[0] ?? 'default') as EntraDialect,
    profile,
    ...(typeof admin === 'string' ? { admin: admin.trim() } : {}),
  };
}

export class RehearsalRunner {
  private phase: RehearsalStatus['phase'] = 'idle';
  private startedAt: string | null = null;
  private finishedAt: string | null = null;
  private requestsSent = 0;
  private requestsPlanned = 0;
  private step: string | null = null;
  private error: string | null = null;
  private idp: IdentityProvider | null = null;
  private entraDialect: EntraDialect | null = null;
  private running: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: RehearsalRunnerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async status(): Promise<RehearsalStatus> {
    const { userIds, groupIds } = await rehearsalResources(this.options.store, rehearsalTokenIds(this.options.tokens));
    return {
      phase: this.phase,
      idp: this.idp,
      entraDialect: this.entraDialect,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      requestsSent: this.requestsSent,
      requestsPlanned: this.requestsPlanned,
      step: this.step,
      error: this.error,
      data: { users: userIds.length, groups: groupIds.length },
    };
  }

  /** Starts a run in the background; RehearsalError 'running' while one runs. */
  start(body: unknown): Promise<RehearsalStatus> {
    if (this.phase === 'running')
      throw new RehearsalError('running', 'A rehearsal is already running: wait for it to finish.');
    const request = this.options.currentProfile
      ? parseRehearsalRequest(body, this.options.currentProfile())
      : parseRehearsalRequest(body);
    const plan = planRehearsal(request);
    const rehearsal = rehearsalScript(request.profile);
    const name = rehearsalName(request);
    this.idp = request.idp;
    this.entraDialect = request.profile.rehearsal.dialects ? request.entraDialect : null;
    this.phase = 'running';
    this.startedAt = this.now().toISOString();
    this.finishedAt = null;
    this.requestsSent = 0;
    this.requestsPlanned = rehearsal.requests(plan);
    this.step = 'Creating the rehearsal token';
    this.error = null;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.log(
      'rehearsal.started',
      `${name} started: ${plan.users.length} users, ${plan.groups.length} groups${request.admin ? `, with ${request.admin} in ${plan.groups[0]!.displayName}` : ''}.`,
    );

    this.running = (async () => {
      const { token, secret } = await this.options.tokens.create({ label: request.profile.rehearsal.tokenLabel });
      try {
        const client = rehearsal.client(this.options.scimUrl(), secret, () => {
          this.requestsSent += 1;
        });
        await rehearsal.run(client, plan, request.entraDialect, {
          pace: request.fast ? () => 0 : watchablePace,
          onStep: (step) => {
            this.step = step;
          },
          signal,
        });
        this.phase = 'finished';
        this.log('rehearsal.finished', `${name} finished: ${this.requestsSent} requests sent.`);
      } finally {
        await this.options.tokens.revoke(token.id).catch(() => {});
      }
    })()
      .catch((error: unknown) => {
        this.phase = 'failed';
        this.error = error instanceof Error ? error.message : String(error);
        this.log('rehearsal.failed', `${name} failed at "${this.step}": ${this.error}`);
      })
      .finally(() => {
        this.finishedAt = this.now().toISOString();
      });
    return this.status();
  }

  /** Resolves when no run is in progress. */
  async whenIdle(): Promise<void> {
    await this.running;
  }

  /** Removes every user and group a rehearsal created (refused while one runs). */
  async remove(): Promise<RehearsalRemoved> {
    if (this.phase === 'running')
      throw new RehearsalError('running', 'A rehearsal is running: wait for it to finish before removing its data.');
    const removed = await removeRehearsalData(this.options.store, this.options.tokens);
    this.log('rehearsal.removed', `Removed the rehearsal data: ${removed.users} users, ${removed.groups} groups.`);
    return removed;
  }

  /** Stops a run in progress (the app is closing). */
  async close(): Promise<void> {
    this.abort?.abort(new Error('SCIM Desk is stopping'));
    await this.running;
  }

  private log(action: string, message: string) {
    this.options.activity.append({ kind: 'admin', action, message });
  }
}
