import { readFile } from 'node:fs/promises';
import {
  API_ROUTES,
  type AccessGrant,
  type ApiErrorBody,
  type ClumioAccountList,
  type ClumioAccountOrganizationalUnit,
  type ClumioAccountRole,
  type ClumioApplyIncomplete,
  type ClumioPlannedCall,
  type ClumioRulesApplied,
  type ClumioRulesPlan,
  type GuardRefusal,
  type Rule,
} from '../../admin/contract.js';
import type { AdminClient } from '../admin-client.js';
import { parseCommandArgs } from '../args.js';
import { CliError, usageError } from '../cli-error.js';
import { dataLocation, withAdminApi } from '../data-folder-access.js';
import { describeReasons, type AdminNames } from './admin-names.js';

export const CLUMIO_HELP = `Usage:
  scim-desk clumio rules plan  --file FILE [--data DIR] [--store URL] [--json]
  scim-desk clumio rules apply --file FILE [--data DIR] [--store URL] [--json]

The auto user provisioning rules of your real Clumio account (connect it first: scim-desk connect clumio,
and Okta: scim-desk connect okta). FILE is the complete desired rule set in Clumio's wire format,
{"rules": [{"name", "condition", "provision"}]}; rules are matched to the account's by name.
  plan    prints the exact API calls that make the account's rules the file's, who gains, loses or changes
          access in Clumio on Okta's real data, where Clumio's users today differ from the rules (drift),
          and the lockout guard's verdict. Changes nothing.
  apply   makes those calls (creates, then updates, then deletes, so the account always keeps a rule giving
          Super Admin on the Global OU) and prints each call's answer. A set that would take Super Admin on the
          Global OU from you is refused before any call. If a call fails, apply stops and prints what was
          done and what was not; run it again to finish.
Exit codes: 0 done (plan: the guard allows it), 1 the guard refused or a call failed (or the service could
not be reached), 2 usage. Works whether or not "scim-desk serve" runs on the data folder.`;

export async function clumioCommand(argv: string[]): Promise<number> {
  const [topic, action, ...rest] = argv;
  if (topic === undefined || topic === '--help' || topic === '-h' || topic === 'help') {
    console.log(CLUMIO_HELP);
    return topic === undefined ? 2 : 0;
  }
  if (topic !== 'rules') throw usageError(`unknown clumio command "${topic}" (rules plan or rules apply)`);
  switch (action) {
    case 'plan':
      return planOrApply('plan', rest);
    case 'apply':
      return planOrApply('apply', rest);
    case undefined:
    case '--help':
    case '-h':
      console.log(CLUMIO_HELP);
      return action === undefined ? 2 : 0;
    default:
      throw usageError(`unknown clumio rules command "${action}" (plan or apply)`);
  }
}

async function readRulesFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : (error.code ?? error.message)}`,
    );
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Names of the account's roles, OUs and rules, for sentences (the API speaks in ids, as Clumio does). */
async function accountNames(client: AdminClient): Promise<AdminNames & { rule(id: string): string }> {
  const [roles, units, rules] = await Promise.all([
    client.call<ClumioAccountList<ClumioAccountRole>>('GET', API_ROUTES.clumioRoles),
    client.call<ClumioAccountList<ClumioAccountOrganizationalUnit>>('GET', API_ROUTES.clumioOrganizationalUnits),
    client.call<ClumioAccountList<Rule>>('GET', API_ROUTES.clumioRules),
  ]);
  const role = new Map(roles.items.map((r) => [r.id, r.name]));
  const unit = new Map(units.items.map((u) => [u.id, u.name]));
  const rule = new Map(rules.items.map((r) => [r.rule_id, r.name]));
  return {
    role: (id) => role.get(id) ?? `role ${id}`,
    ou: (id) => unit.get(id) ?? `OU ${id}`,
    rule: (id) => rule.get(id) ?? id,
  };
}

type Outcome =
  | { kind: 'plan'; plan: ClumioRulesPlan }
  | { kind: 'applied'; applied: ClumioRulesApplied }
  | { kind: 'refused'; refusal: GuardRefusal; message: string }
  | { kind: 'incomplete'; details: ClumioApplyIncomplete; message: string };

async function planOrApply(mode: 'plan' | 'apply', argv: string[]) {
  const { values } = parseCommandArgs(argv, {
    file: { type: 'string' },
    data: { type: 'string' },
    store: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return help();
  if (!values.file) throw usageError(`clumio rules ${mode} needs --file FILE (the desired rule set, {"rules": [...]})`);
  const body = await readRulesFile(values.file);
  const { outcome, names } = await withAdminApi(dataLocation(values), `clumio rules ${mode}`, async (client) => {
    // Names first: a rule the apply deletes is named from the rules as they were.
    const names = values.json ? null : await accountNames(client);
    if (mode === 'plan')
      return {
        outcome: {
          kind: 'plan',
          plan: await client.call<ClumioRulesPlan>('POST', API_ROUTES.clumioRulesPlan, body),
        } as Outcome,
        names,
      };
    const res = await client.request<ClumioRulesApplied | ApiErrorBody>('POST', API_ROUTES.clumioRulesApply, body);
    if (res.status === 200)
      return { outcome: { kind: 'applied', applied: res.body as ClumioRulesApplied } as Outcome, names };
    const error = (res.body as ApiErrorBody | undefined)?.error;
    if (error?.code === 'guard_refused')
      return { outcome: { kind: 'refused', refusal: error.details, message: error.message } as Outcome, names };
    if (error?.code === 'apply_incomplete')
      return { outcome: { kind: 'incomplete', details: error.details, message: error.message } as Outcome, names };
    throw new CliError(error?.message ?? `the server answered HTTP ${res.status}`);
  });
  if (values.json) {
    console.log(JSON.stringify(jsonOf(outcome)));
  } else {
    print(outcome, names!);
  }
  switch (outcome.kind) {
    case 'plan':
      return outcome.plan.guard.ok ? 0 : 1;
    case 'applied':
      return 0;
    default:
      return 1;
  }
}

function jsonOf(outcome: Outcome): unknown {
  switch (outcome.kind) {
    case 'plan':
      return outcome.plan;
    case 'applied':
      return outcome.applied;
    case 'refused':
      return { error: { code: 'guard_refused', message: outcome.message, details: outcome.refusal } };
    case 'incomplete':
      return { error: { code: 'apply_incomplete', message: outcome.message, details: outcome.details } };
  }
}

function callLine(call: ClumioPlannedCall, names: { rule(id: string): string }): string {
  const what = call.body
    ? `'${call.body.name}'`
    : `'${names.rule(decodeURIComponent(call.path.split('/').pop() ?? ''))}'`;
  const verb = call.method === 'POST' ? 'create' : call.method === 'PUT' ? 'update' : 'delete';
  return `${call.method.padEnd(7)}${call.path}  (${verb} ${what})`;
}

function print(outcome: Outcome, names: AdminNames & { rule(id: string): string }) {
  switch (outcome.kind) {
    case 'plan':
      printPlan(outcome.plan, names);
      return;
    case 'applied':
      if (outcome.applied.calls.length === 0) console.log("Nothing to do: the account's rules are already the file's.");
      else
        console.log(
          `Applied ${outcome.applied.calls.length} ${outcome.applied.calls.length === 1 ? 'call' : 'calls'} to the Clumio account:`,
        );
      for (const call of outcome.applied.calls) console.log(`  ${call.status} ${call.method.padEnd(7)}${call.path}`);
      return;
    case 'refused':
      console.log(`Refused by the lockout guard, nothing was sent: ${outcome.message}`);
      return;
    case 'incomplete': {
      const { done, failed, not_sent: notSent } = outcome.details;
      console.log('The Clumio account was changed only in part.');
      console.log('Done:');
      for (const call of done) console.log(`  ${call.status} ${call.method.padEnd(7)}${call.path}`);
      if (done.length === 0) console.log('  (nothing)');
      console.log('Failed:');
      console.log(`  ${failed.status ?? '---'} ${callLine(failed, names)}: ${failed.message}`);
      console.log('Not sent:');
      for (const call of notSent) console.log(`  ${callLine(call, names)}`);
      if (notSent.length === 0) console.log('  (nothing)');
      console.log('Run the same apply again to finish: it plans only what is left.');
    }
  }
}

function printPlan(plan: ClumioRulesPlan, names: AdminNames & { rule(id: string): string }) {
  if (plan.calls.length === 0) console.log("No calls: the account's rules are already the file's.");
  else
    console.log(
      `${plan.calls.length} ${plan.calls.length === 1 ? 'call' : 'calls'} to the Clumio account, in this order:`,
    );
  for (const call of plan.calls) console.log(`  ${callLine(call, names)}`);

  const { preview } = plan;
  const t = preview.totals;
  console.log(
    `Access in Clumio on Okta's data: ${t.users_gaining} ${t.users_gaining === 1 ? 'user gains' : 'users gain'}, ${t.users_losing} ${t.users_losing === 1 ? 'loses' : 'lose'}; ` +
      `${t.users_with_access_after} of ${t.users_evaluated} active users have access after.`,
  );
  const grant = (g: AccessGrant) => `${names.role(g.role_id)} on OU ${names.ou(g.organizational_unit_id)}`;
  for (const user of preview.users) {
    for (const g of user.gained) console.log(`  ${user.user_name} gains ${grant(g)} ${describeReasons(g.rules)}`);
    for (const g of user.lost) console.log(`  ${user.user_name} loses ${grant(g)}`);
    if (user.left_without_access) console.log(`  ${user.user_name} is left without access`);
  }
  for (const c of preview.conflicts)
    console.log(
      `  conflict: ${c.user_name} on OU ${names.ou(c.organizational_unit_id)}: ${names.role(c.chosen_role_id)} wins`,
    );
  for (const w of preview.warnings) console.log(`  warning: ${w.message}`);
  const drift = preview.drift ?? [];
  if (drift.length > 0) {
    console.log('Drift (Clumio today differs from what the current rules give):');
    for (const d of drift) console.log(`  ${d.message}`);
  }
  console.log(plan.guard.ok ? 'Guard: allowed.' : `Guard: refused: ${plan.guard.reason}`);
}

function help() {
  console.log(CLUMIO_HELP);
  return 0;
}
