import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  API_ROUTES,
  type AccessGrant,
  type ApiErrorBody,
  type RulesExportCheck,
  type RulesFile,
  type RulesImportResult,
} from '../../admin/contract.js';
import { parseCommandArgs } from '../args.js';
import { CliError, usageError } from '../cli-error.js';
import { dataLocation, withAdminApi } from '../data-folder-access.js';
import { describeReasons, fetchAdminNames, type AdminNames } from './admin-names.js';

export const RULES_HELP = `Usage:
  scim-desk rules export [--data DIR] [--store URL] [--out FILE]
  scim-desk rules import FILE [--data DIR] [--store URL] [--dry-run] [--json]

Auto user provisioning rules in Clumio's wire format: {"rules": [{name, condition, provision}]}, each
entry a valid body for Clumio's create-rule API.
  export    writes the rule set to FILE (or stdout); role and OU ids that exist only in SCIM Desk (not in
            the connected Clumio account, or not among the ids Clumio publishes) are named on stderr
  import    REPLACES the rule set with FILE's (rules are matched by name) and prints what changes and who
            gains or loses access; --dry-run changes nothing. While auto user provisioning is on, a set
            that would take Super Admin on the Global OU from the current admin is refused (exit 1).
Works whether or not "scim-desk serve" runs on the data folder.`;

export async function rulesCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'export':
      return exportRules(rest);
    case 'import':
      return importRules(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(RULES_HELP);
      return action === undefined ? 2 : 0;
    default:
      throw usageError(`unknown rules command "${action}" (export or import)`);
  }
}

async function exportRules(argv: string[]) {
  const { values } = parseCommandArgs(argv, {
    data: { type: 'string' },
    store: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) return help();
  const { file, check } = await withAdminApi(dataLocation(values), 'rules export', async (client) => {
    const file = await client.call<RulesFile>('GET', API_ROUTES.rulesExport);
    const check = await client.request<RulesExportCheck | ApiErrorBody>('GET', API_ROUTES.rulesExportCheck);
    return { file, check };
  });
  // The file stays Clumio's wire format; what Clumio would refuse in it is said beside it.
  if (check.status === 200) {
    for (const warning of (check.body as RulesExportCheck).warnings)
      console.error(`scim-desk: warning: ${warning.message}`);
  } else {
    console.error(
      `scim-desk: warning: the ids were not checked against the Clumio account: ${(check.body as ApiErrorBody | undefined)?.error?.message ?? `HTTP ${check.status}`}`,
    );
  }
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (values.out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  await writeFile(values.out, text).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot write ${values.out}: ${error.code ?? error.message}`);
  });
  console.log(
    `Exported ${file.rules.length} ${file.rules.length === 1 ? 'rule' : 'rules'} to ${path.resolve(values.out)}.`,
  );
  return 0;
}

async function importRules(argv: string[]) {
  const { values, positionals } = parseCommandArgs(
    argv,
    { data: { type: 'string' }, store: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    1,
  );
  if (values.help) return help();
  const file = positionals[0];
  if (!file) throw usageError('rules import needs the FILE to import (see: scim-desk rules export)');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : (error.code ?? error.message)}`,
    );
  });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const dryRun = values['dry-run'] === true;
  const { result, names } = await withAdminApi(dataLocation(values), 'rules import', async (client) => {
    const result = await client.call<RulesImportResult>('POST', `${API_ROUTES.rulesImport}?dryRun=${dryRun}`, body);
    return { result, names: await fetchAdminNames(client) };
  });
  if (values.json) console.log(JSON.stringify(result));
  else printPlan(result, names);
  return 0;
}

function printPlan(result: RulesImportResult, names: AdminNames) {
  console.log(result.dry_run ? 'Dry run: nothing was changed. Importing would:' : 'Imported the rule set:');
  const rows: [string, string[]][] = [
    ['create', result.created],
    ['update', result.updated],
    ['delete', result.deleted],
    ['keep', result.unchanged],
  ];
  for (const [verb, list] of rows) for (const name of list) console.log(`  ${verb.padEnd(7)}${name}`);
  if (rows.every(([, list]) => list.length === 0)) console.log('  (the file and the stored set are both empty)');

  const { preview } = result;
  const t = preview.totals;
  console.log(
    `Access: ${t.users_gaining} ${t.users_gaining === 1 ? 'user gains' : 'users gain'}, ${t.users_losing} ${t.users_losing === 1 ? 'loses' : 'lose'}; ` +
      `${t.users_with_access_after} of ${t.users_evaluated} active users have access after.`,
  );
  const grant = (g: AccessGrant) => `${names.role(g.role_id)} on OU ${names.ou(g.organizational_unit_id)}`;
  for (const user of preview.users) {
    for (const g of user.gained) console.log(`  ${user.user_name} gains ${grant(g)} ${describeReasons(g.rules)}`);
    for (const g of user.lost) console.log(`  ${user.user_name} loses ${grant(g)}`);
    if (user.left_without_access) console.log(`  ${user.user_name} is left without access`);
  }
  for (const c of preview.conflicts) {
    console.log(
      `  conflict: ${c.user_name} on OU ${names.ou(c.organizational_unit_id)}: ${names.role(c.chosen_role_id)} wins`,
    );
  }
  for (const w of preview.warnings) console.log(`  warning: ${w.message}`);
  if (!preview.guard.verdict.allowed) {
    console.log(`  note: auto user provisioning could not be enabled with this set: ${preview.guard.verdict.message}`);
  }
}

function help() {
  console.log(RULES_HELP);
  return 0;
}
