import { API_ROUTES, apiPath, type ItemList, type WebhookCreated, type WebhookInfo } from '../../admin/contract.js';
import { parseCommandArgs } from '../args.js';
import { usageError } from '../cli-error.js';
import { dataLocation, withAdminApi } from '../data-folder-access.js';
import { localTime } from '../local-time.js';

export const WEBHOOKS_HELP = `Usage:
  scim-desk webhooks add URL [--events TYPES] [--data DIR] [--store URL] [--json]
  scim-desk webhooks list    [--data DIR] [--store URL] [--json]
  scim-desk webhooks remove ID [--data DIR] [--store URL]

Endpoints that receive the change feed (user.*, group.*, access.* events), signed as Standard Webhooks
say. --events takes a comma-separated list of types and wildcards (user.created,group.*); default: all.
The signing secret (whsec_…) is printed once, on the last line (or in {"id","url","events","secret"} with
--json). Events are delivered by the running server ("scim-desk serve"); see docs/events.md.`;

export async function webhooksCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'add':
      return add(rest);
    case 'list':
      return list(rest);
    case 'remove':
      return remove(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(WEBHOOKS_HELP);
      return action === undefined ? 2 : 0;
    default:
      throw usageError(`unknown webhooks command "${action}" (add, list or remove)`);
  }
}

async function add(argv: string[]) {
  const { values, positionals } = parseCommandArgs(
    argv,
    { data: { type: 'string' }, store: { type: 'string' }, events: { type: 'string' }, json: { type: 'boolean' } },
    1,
  );
  if (values.help) return help();
  const url = positionals[0];
  if (!url) throw usageError('webhooks add needs the endpoint URL');
  const events = values.events
    ?.split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const created = await withAdminApi(dataLocation(values), 'webhooks add', (client) =>
    client.call<WebhookCreated>('POST', API_ROUTES.webhooks, { url, ...(events ? { events } : {}) }),
  );
  if (values.json) {
    console.log(JSON.stringify({ id: created.id, url: created.url, events: created.events, secret: created.secret }));
  } else {
    console.log(
      `Added webhook ${created.id} → ${created.url} (${created.events.length > 0 ? created.events.join(', ') : 'every event'}).`,
    );
    console.log('Copy the signing secret now: it is not shown again. Verify deliveries with it (Standard Webhooks).');
    console.log(created.secret);
  }
  return 0;
}

async function list(argv: string[]) {
  const { values } = parseCommandArgs(argv, {
    data: { type: 'string' },
    store: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return help();
  const { items } = await withAdminApi(dataLocation(values), 'webhooks list', (client) =>
    client.call<ItemList<WebhookInfo>>('GET', API_ROUTES.webhooks),
  );
  if (values.json) {
    console.log(JSON.stringify(items));
    return 0;
  }
  if (items.length === 0) {
    console.log('No webhook endpoints. Add one with: scim-desk webhooks add https://app.example.com/hooks');
    return 0;
  }
  for (const hook of items) {
    const last = hook.lastDelivery
      ? `last ${hook.lastDelivery.succeeded ? 'ok' : 'failed'} ${localTime(hook.lastDelivery.at)}`
      : 'no delivery yet';
    console.log(
      `${hook.id}  ${hook.status.padEnd(8)}  backlog ${hook.backlog}  ${last}  ${hook.url}  ${hook.events.length > 0 ? hook.events.join(',') : '*'}`,
    );
    if (hook.disabledReason) console.log(`  disabled: ${hook.disabledReason}`);
  }
  return 0;
}

async function remove(argv: string[]) {
  const { values, positionals } = parseCommandArgs(argv, { data: { type: 'string' }, store: { type: 'string' } }, 1);
  if (values.help) return help();
  const id = positionals[0];
  if (!id) throw usageError('webhooks remove needs the endpoint ID (see: scim-desk webhooks list)');
  await withAdminApi(dataLocation(values), 'webhooks remove', (client) =>
    client.call<void>('DELETE', apiPath(API_ROUTES.webhook, { id })),
  );
  console.log(`Removed webhook ${id}.`);
  return 0;
}

function help() {
  console.log(WEBHOOKS_HELP);
  return 0;
}
