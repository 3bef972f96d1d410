import { API_ROUTES, apiPath, type ItemList, type TokenCreated, type TokenInfo } from '../../admin/contract.js';
import { parseCommandArgs, positiveNumberFlag } from '../args.js';
import { usageError } from '../cli-error.js';
import { dataLocation, withAdminApi } from '../data-folder-access.js';
import { localTime, localTimeZone } from '../local-time.js';

export const TOKEN_HELP = `Usage:
  scim-desk token create [--data DIR] [--store URL] [--label L] [--expires-in-days N] [--json]
  scim-desk token list   [--data DIR] [--store URL] [--json]
  scim-desk token revoke ID [--data DIR] [--store URL]

SCIM bearer tokens for Okta or Entra. The secret is printed once, on the last line of stdout
(or as {"id","token","label","expiresAt"} with --json); only its hash is stored.
list shows times in this machine's time zone; --json gives the exact ISO times.
Works whether or not "scim-desk serve" runs on the data folder.`;

export async function tokenCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'create':
      return create(rest);
    case 'list':
      return list(rest);
    case 'revoke':
      return revoke(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(TOKEN_HELP);
      return action === undefined ? 2 : 0;
    default:
      throw usageError(`unknown token command "${action}" (create, list or revoke)`);
  }
}

async function create(argv: string[]) {
  const { values } = parseCommandArgs(argv, {
    data: { type: 'string' },
    store: { type: 'string' },
    label: { type: 'string' },
    'expires-in-days': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return help();
  const days = positiveNumberFlag(values['expires-in-days'], '--expires-in-days');
  const created = await withAdminApi(dataLocation(values), 'token create', (client) =>
    client.call<TokenCreated>('POST', API_ROUTES.tokens, {
      label: values.label ?? 'SCIM token',
      expiresAt: days === undefined ? null : new Date(Date.now() + days * 86_400_000).toISOString(),
    }),
  );
  const { token, secret } = created;
  if (values.json) {
    console.log(JSON.stringify({ id: token.id, token: secret, label: token.label, expiresAt: token.expiresAt }));
  } else {
    console.log(
      `Created token ${token.id} "${token.label}", ${token.expiresAt ? `expires ${localTime(token.expiresAt)}` : 'never expires'}.`,
    );
    console.log(
      "Copy it now: it is not shown again. Paste it alone into the identity provider's token field (the Clumio app's SCIM API token, a custom Okta app's Authorization in HTTP Header mode, Entra's Secret Token).",
    );
    console.log(secret);
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
  const { items } = await withAdminApi(dataLocation(values), 'token list', (client) =>
    client.call<ItemList<TokenInfo>>('GET', API_ROUTES.tokens),
  );
  if (values.json) {
    console.log(JSON.stringify(items));
    return 0;
  }
  if (items.length === 0) {
    console.log('No tokens. Create one with: scim-desk token create --label Okta');
    return 0;
  }
  console.log(`Times are local (${localTimeZone()}); --json gives them in ISO 8601.`);
  for (const t of items) {
    const state = t.expired ? 'expired' : 'active';
    const expires = t.expiresAt === null ? 'never' : localTime(t.expiresAt);
    const lastUsed = t.lastUsedAt === null ? 'never' : localTime(t.lastUsedAt);
    console.log(
      `${t.id}  ${t.prefix}…  ${state.padEnd(7)}  created ${localTime(t.createdAt)}  expires ${expires}  last used ${lastUsed}  ${t.label}`,
    );
  }
  return 0;
}

async function revoke(argv: string[]) {
  const { values, positionals } = parseCommandArgs(argv, { data: { type: 'string' }, store: { type: 'string' } }, 1);
  if (values.help) return help();
  const id = positionals[0];
  if (!id) throw usageError('token revoke needs the token ID (see: scim-desk token list)');
  await withAdminApi(dataLocation(values), 'token revoke', (client) =>
    client.call<void>('DELETE', apiPath(API_ROUTES.token, { id })),
  );
  console.log(`Revoked token ${id}.`);
  return 0;
}

function help() {
  console.log(TOKEN_HELP);
  return 0;
}
