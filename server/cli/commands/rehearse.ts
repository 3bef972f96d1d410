import { existsSync } from 'node:fs';
import { API_ROUTES, apiPath, type EndpointStatus, type TokenCreated } from '../../admin/contract.js';
import { startScimDesk } from '../../core/scim-desk.js';
import { watchablePace } from '../../rehearsal/rehearsal-pace.js';
import {
  appSettingOf,
  appsOf,
  identityProfiles,
  identityProviders,
  isIdentityProvider,
  profileFor,
} from '../../identity-providers/registry.js';
import {
  parseRehearsalRequest,
  rehearsalName,
  rehearsalScript,
  RehearsalError,
  type ParsedRehearsalRequest,
} from '../../rehearsal/rehearsal-runner.js';
import { planRehearsal, REHEARSAL_LIMITS } from '../../rehearsal/rehearsal-plan.js';
import type { ScimCall } from '../../rehearsal/scim-client.js';
import { readDataFolderLock } from '../../store/data-folder-lock.js';
import { StoreError } from '../../store/types.js';
import { AdminClient } from '../admin-client.js';
import { parseCommandArgs } from '../args.js';
import { CliError, usageError } from '../cli-error.js';
import { resolveDataDir } from '../data-dir.js';

const IDPS = identityProviders().join('|');
const TOKEN_LABELS = [...new Set(identityProfiles().map((p) => `"${p.rehearsal.tokenLabel}"`))].join(' or ');
/** "okta: clumio-catalog (default), custom-scim" for every identity provider with several kinds of app. */
const APPS = identityProviders()
  .filter((idp) => appsOf(idp).length > 1)
  .map(
    (idp) =>
      `${idp}: ${appsOf(idp)
        .map((p, i) => `${p.app}${i === 0 ? ' (default)' : ''}`)
        .join(', ')}`,
  )
  .join('; ');

export const REHEARSE_HELP = `Usage:
  scim-desk rehearse [--idp ${IDPS}] [--app APP] [--entra-dialect default|aadOptscim062020] [--data DIR] [--users N] [--groups N] [--admin USERNAME] [--fast]
  scim-desk rehearse --scim-url URL [--token -] [--idp ${IDPS}] [...the same options]

Acts as the identity provider, with the request shapes it sends, at a pace you can watch (--fast: no pauses).
Okta: the connector test, assignments (lookup, then create), a profile update (GET + PUT), group push with
memberships, a rename, a membership removal, a deactivation and a reactivation.
Entra: Test Connection (random-GUID lookups), the initial cycle (lookups, creates with externalId and the
enterprise extension, the manager, groups looked up with excludedAttributes=members, created empty, members
added), an incremental cycle (Replace, a member Remove, a disable) and a hard delete after the soft delete.

  --idp IDP         which identity provider to play (default ${identityProviders()[0]})
  --app APP         which kind of app in it (${APPS}); an app integration of
                    your own (custom-scim) sends every update as PUT
  --entra-dialect D the Entra job's PATCH dialect: default (capitalised ops, "False" strings) or
                    aadOptscim062020 (what ?aadOptscim062020 on the Tenant URL selects); --idp entra only
  --data DIR        rehearse against this data folder's endpoint (a running "scim-desk serve", or an
                    in-process one), with a fresh token labelled ${TOKEN_LABELS}, revoked afterwards; the data it
                    creates can be removed in one step (DELETE /api/rehearsal, or the UI)
  --scim-url URL    rehearse against any SCIM 2.0 endpoint (base URL ending in /scim/v2) with the bearer
                    token it expects, taken from the environment variable SCIM_DESK_TOKEN, or from standard
                    input with --token - (e.g. --token - < token.txt)
  --token T         the token on the command line also works, but other users of this machine can read
                    a command line (ps, /proc): prefer SCIM_DESK_TOKEN or --token -
  --users N         users to assign (${REHEARSAL_LIMITS.users.min}-${REHEARSAL_LIMITS.users.max}, default ${REHEARSAL_LIMITS.users.default})
  --groups N        groups to push (${REHEARSAL_LIMITS.groups.min}-${REHEARSAL_LIMITS.groups.max}, default ${REHEARSAL_LIMITS.groups.default}); the first is "Clumio Admins"
  --admin USERNAME  your own userName: created if missing and put in "Clumio Admins"`;

export async function rehearseCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    data: { type: 'string' },
    'scim-url': { type: 'string' },
    token: { type: 'string' },
    users: { type: 'string' },
    groups: { type: 'string' },
    admin: { type: 'string' },
    fast: { type: 'boolean' },
    idp: { type: 'string' },
    app: { type: 'string' },
    'entra-dialect': { type: 'string' },
  });
  if (values.help) {
    console.log(REHEARSE_HELP);
    return 0;
  }
  const request = parseOptions(values);
  if (values['scim-url'] !== undefined) {
    if (values.data !== undefined) throw usageError('use either --data or --scim-url, not both');
    await rehearse(values['scim-url'], await bearerToken(values.token), request);
    return 0;
  }
  if (values.token !== undefined) throw usageError('--token goes with --scim-url');
  await withLocalEndpoint(resolveDataDir(values.data), async (client) => {
    const status = await client.call<EndpointStatus>('GET', API_ROUTES.status);
    const { token, secret } = await client.call<TokenCreated>('POST', API_ROUTES.tokens, {
      label: request.profile.rehearsal.tokenLabel,
      expiresAt: null,
    });
    try {
      await rehearse(status.scimUrl, secret, request);
    } finally {
      await client.call<void>('DELETE', apiPath(API_ROUTES.token, { id: token.id })).catch(() => {});
    }
  });
  console.log('Remove the rehearsal data in one step from the UI (Setup > Rehearsal) or with DELETE /api/rehearsal.');
  return 0;
}

/** The endpoint's token: `--token -` reads standard input, else `--token T`, else SCIM_DESK_TOKEN. A token on
 * the command line is readable by every local user (/proc/<pid>/cmdline); the other two are not. */
async function bearerToken(flag: string | undefined): Promise<string> {
  if (flag === '-') {
    const token = (await readStandardInput())
      .split(/\r?\n/)
      .find((line) => line.trim() !== '')
      ?.trim();
    if (!token) throw usageError('--token - reads the token from standard input, which held none');
    return token;
  }
  const token = flag ?? process.env.SCIM_DESK_TOKEN;
  if (!token)
    throw usageError(
      '--scim-url needs the bearer token the endpoint expects: set SCIM_DESK_TOKEN, or pipe it in with --token -',
    );
  return token;
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024)
      throw usageError('--token - expects one token on standard input, not a file of more than 64 KB');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseOptions(values: {
  users?: string;
  groups?: string;
  admin?: string;
  fast?: boolean;
  idp?: string;
  app?: string;
  'entra-dialect'?: string;
}) {
  const number = (text: string | undefined, flag: string) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n)) throw usageError(`${flag} must be a number`);
    return n;
  };
  const idp = values.idp ?? identityProviders()[0]!;
  if (!isIdentityProvider(idp)) throw usageError(`--idp must be one of ${identityProviders().join(', ')}`);
  const apps = appsOf(idp).map((p) => p.app);
  if (values.app !== undefined && !apps.includes(values.app))
    throw usageError(`--app must be one of ${apps.join(', ')} for --idp ${idp}`);
  const setting = appSettingOf(idp);
  const profile = profileFor(idp, values.app === undefined || setting === null ? {} : { [setting]: values.app });
  const dialect = values['entra-dialect'];
  const dialects = profile.rehearsal.dialects?.map((d) => d.id) ?? [];
  if (dialect !== undefined && dialects.length === 0)
    throw usageError(`--entra-dialect goes with an identity provider that has PATCH dialects (--idp ${idp} has none)`);
  if (dialect !== undefined && !dialects.includes(dialect))
    throw usageError(`--entra-dialect must be one of ${dialects.join(', ')}`);
  try {
    return parseRehearsalRequest(
      {
        users: number(values.users, '--users'),
        groups: number(values.groups, '--groups'),
        admin: values.admin,
        fast: values.fast ?? false,
        ...(dialect !== undefined ? { entraDialect: dialect } : {}),
      },
      profile,
    );
  } catch (error) {
    if (error instanceof RehearsalError) throw usageError(error.message.replace(/^(users|groups|admin)/, '--$1'));
    throw error;
  }
}

async function rehearse(scimUrl: string, token: string, request: ParsedRehearsalRequest) {
  const plan = planRehearsal(request);
  const rehearsal = rehearsalScript(request.profile);
  const total = rehearsal.requests(plan);
  let sent = 0;
  const client = rehearsal.client(scimUrl, token, (call: ScimCall) => {
    sent += 1;
    console.log(
      `  [${String(sent).padStart(2)}/${total}] ${call.method} ${decodeURIComponent(call.path)} → ${call.status}`,
    );
  });
  const name = rehearsalName(request);
  console.log(`${name} against ${scimUrl}: ${plan.users.length} users, ${plan.groups.length} groups.`);
  try {
    await rehearsal.run(client, plan, request.entraDialect, {
      pace: request.fast ? () => 0 : watchablePace,
      onStep: (step) => console.log(step),
    });
  } catch (error) {
    throw new CliError(`rehearsal failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A running server's control socket, or an in-process server for the duration of the rehearsal. */
async function withLocalEndpoint(dataDir: string, run: (client: AdminClient) => Promise<void>) {
  const running = await readDataFolderLock(dataDir);
  if (running?.holder === 'server') {
    if (!running.controlSocket || !existsSync(running.controlSocket)) {
      throw new CliError(
        `a SCIM Desk server (pid ${running.pid}) runs on ${dataDir} without a control socket; use --scim-url and --token`,
      );
    }
    return run(new AdminClient({ socketPath: running.controlSocket }));
  }
  let desk;
  try {
    desk = await startScimDesk({ dataDir });
  } catch (error) {
    throw error instanceof StoreError ? new CliError(error.message) : error;
  }
  try {
    await run(new AdminClient({ port: Number(new URL(desk.adminOrigin).port), token: desk.adminToken }));
  } finally {
    await desk.stop();
  }
}
