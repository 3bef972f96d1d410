import {
  API_ROUTES,
  type ClumioConnectionInfo,
  type ItemList,
  type OktaAppChoice,
  type OktaConnectionInfo,
} from '../../admin/contract.js';
import { parseCommandArgs } from '../args.js';
import { CliError, usageError } from '../cli-error.js';
import { dataLocation, withAdminApi } from '../data-folder-access.js';
import { readApiToken, refuseTokenArguments } from '../secret-input.js';

export const CONNECT_HELP = `Usage:
  scim-desk connect okta --org-url URL [--app-id ID] [--data DIR] [--store URL] [--json]
  scim-desk connect clumio --base-url URL [--data DIR] [--store URL] [--json]

Connects SCIM Desk to your Okta org (read-only, through the Management API) or your Clumio account (its
REST API), for the rollout where Okta provisions into Clumio itself. The API token is read from
OKTA_API_TOKEN / CLUMIO_API_TOKEN, else from standard input (typed without echo, or piped); it is never
taken from an argument. It is checked against the service first, then stored encrypted and never shown again.
  okta     --org-url https://example.okta.com and an SSWS API token; --app-id picks the Clumio app
           (without it, the org's apps are listed to pick from)
  clumio   --base-url one of Clumio's regional API hosts (e.g. https://us-west-2.api.clumio.com) and an
           API token made by a Super Admin
https is required except for 127.0.0.1 and localhost. Works whether or not "scim-desk serve" runs on the
data folder. Exit 0 when connected, 1 when the service refused or could not be reached, 2 for usage.`;

export async function connectCommand(argv: string[]): Promise<number> {
  const [service, ...rest] = argv;
  switch (service) {
    case 'okta':
      return connectOkta(rest);
    case 'clumio':
      return connectClumio(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(CONNECT_HELP);
      return service === undefined ? 2 : 0;
    default:
      throw usageError(`unknown service "${service}" (okta or clumio)`);
  }
}

async function connectOkta(argv: string[]) {
  refuseTokenArguments(argv, 'OKTA_API_TOKEN');
  const { values } = parseWithoutEcho(argv, 'OKTA_API_TOKEN', {
    'org-url': { type: 'string' },
    'app-id': { type: 'string' },
    data: { type: 'string' },
    store: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return help();
  const orgUrl = values['org-url'];
  if (!orgUrl) throw usageError('connect okta needs --org-url (e.g. https://example.okta.com)');
  const token = await readApiToken('OKTA_API_TOKEN', 'Okta API token');
  const body = { org_url: orgUrl, api_token: token, ...(values['app-id'] ? { app_id: values['app-id'] } : {}) };
  const { info, apps } = await withAdminApi(dataLocation(values), 'connect okta', async (client) => {
    const info = await client.call<OktaConnectionInfo>('PUT', API_ROUTES.oktaConnection, body);
    const apps = info.app ? [] : (await client.call<ItemList<OktaAppChoice>>('GET', API_ROUTES.oktaApps)).items;
    return { info, apps };
  });
  if (values.json) {
    console.log(JSON.stringify(info.app ? info : { ...info, apps }));
    return 0;
  }
  if (info.app) {
    console.log(`Connected to Okta at ${info.org_url}: app "${info.app.label}" (${info.app.id}).`);
    console.log(`  ${info.checked.said}`);
    return 0;
  }
  console.log(`Connected to Okta at ${info.org_url}; no app picked yet. The org's apps:`);
  for (const app of apps)
    console.log(
      `  ${app.id}  ${app.label} (${app.name}, ${app.status})${app.looks_like_clumio ? '  <- looks like Clumio' : ''}`,
    );
  console.log(
    `Pick the Clumio app: scim-desk connect okta --org-url ${info.org_url} --app-id ID (or on the console's Connections page).`,
  );
  return 0;
}

async function connectClumio(argv: string[]) {
  refuseTokenArguments(argv, 'CLUMIO_API_TOKEN');
  const { values } = parseWithoutEcho(argv, 'CLUMIO_API_TOKEN', {
    'base-url': { type: 'string' },
    data: { type: 'string' },
    store: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return help();
  const baseUrl = values['base-url'];
  if (!baseUrl) throw usageError('connect clumio needs --base-url (e.g. https://us-west-2.api.clumio.com)');
  const token = await readApiToken('CLUMIO_API_TOKEN', 'Clumio API token');
  const info = await withAdminApi(dataLocation(values), 'connect clumio', (client) =>
    client.call<ClumioConnectionInfo>('PUT', API_ROUTES.clumioConnection, { base_url: baseUrl, api_token: token }),
  );
  if (values.json) console.log(JSON.stringify(info));
  else {
    console.log(`Connected to the Clumio account at ${info.base_url}${info.portal ? ` (${info.portal})` : ''}.`);
    console.log(`  ${info.checked.said}`);
  }
  return 0;
}

/** A stray argument may be a token pasted on the command line: refused without repeating it. */
function parseWithoutEcho<O extends Parameters<typeof parseCommandArgs>[1]>(
  argv: string[],
  envName: string,
  options: O,
) {
  try {
    return parseCommandArgs(argv, options);
  } catch (error) {
    if (error instanceof CliError && /^unexpected argument/i.test(error.message)) {
      throw usageError(
        `unexpected argument (not repeated here, in case it is a token): an API token is read from ${envName} or standard input, never from an argument`,
      );
    }
    throw error;
  }
}

function help() {
  console.log(CONNECT_HELP);
  return 0;
}
