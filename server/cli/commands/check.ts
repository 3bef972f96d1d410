import { API_ROUTES, type SetupState, type SetupStep, type SetupStepState } from '../../admin/contract.js';
import { parseCommandArgs } from '../args.js';
import { dataLocation, withAdminApi } from '../data-folder-access.js';
import { localTime, localTimeZone } from '../local-time.js';

export const CHECK_HELP = `Usage:
  scim-desk check [--data DIR] [--store URL] [--json]

Prints the setup checklist and what settled each step. With the rollout target (provisioning_target
"clumio": Okta provisions into Clumio itself) it first reads your Okta org and Clumio account through
their APIs (connect them first: scim-desk connect okta|clumio), and each step shows what the API said and
when, or what to do. With the rehearsal target ("scim-desk") the steps come from the SCIM traffic that
reached this endpoint. Steps nothing can show (the SCIM provisioning method in Clumio) are confirmed on
the console's Setup page.
  --json   the checklist as GET /api/setup answers it (steps with state, check, evidence and fix)
Exit codes: 0 every step is done or confirmed, 1 otherwise (a step is not, or nothing could be checked:
the reason is on stderr), 2 usage. Works whether or not "scim-desk serve" runs on the data folder.`;

const MARKS: Record<SetupStepState, string> = {
  done: 'done',
  confirmed: 'confirmed',
  failed: 'FAILED',
  todo: 'to do',
  waiting: 'waiting',
};

export async function checkCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    data: { type: 'string' },
    store: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    console.log(CHECK_HELP);
    return 0;
  }
  // Asked for on purpose, so it reads both services now (a read under way is joined, not repeated). A check
  // that cannot be made at all exits 1 like an open step (the contract is "0 only when complete"); stderr
  // says which it was.
  const state = await withAdminApi(dataLocation(values), 'check', (client) =>
    client.call<SetupState>('POST', API_ROUTES.setupRefresh),
  );
  if (values.json) console.log(JSON.stringify(state));
  else print(state);
  return state.complete ? 0 : 1;
}

function print(state: SetupState) {
  const zone = localTimeZone();
  if (state.provisioningTarget === 'clumio') {
    const { oktaOrg, clumioAccount, readAt } = state.tenants ?? { oktaOrg: null, clumioAccount: null, readAt: null };
    const where = [
      oktaOrg && `Okta ${oktaOrg.orgUrl}${oktaOrg.app ? ` (app "${oktaOrg.app.label}")` : ''}`,
      clumioAccount && `Clumio ${clumioAccount.baseUrl}`,
    ].filter(Boolean);
    console.log(`The rollout checklist: ${state.profile.words.name} provisions into Clumio.`);
    console.log(
      where.length > 0
        ? `Read from ${where.join(' and ')}${readAt ? ` at ${localTime(readAt)} (${zone})` : ''}.`
        : 'Nothing is connected yet.',
    );
  } else {
    console.log(
      `The rehearsal checklist: ${state.profile.words.name} provisions into SCIM Desk's endpoint (times in ${zone}).`,
    );
  }
  const width = Math.max(...state.steps.map((s) => s.id.length));
  for (const step of state.steps) printStep(step, width);
  for (const warning of state.warnings) {
    console.log(`warning: ${warning.message}`);
    console.log(`  fix: ${warning.fix}`);
  }
  const settled = state.steps.filter((s) => s.state === 'done' || s.state === 'confirmed').length;
  const failed = state.steps.filter((s) => s.state === 'failed').length;
  console.log(
    state.complete
      ? `Every step is done or confirmed (${settled} of ${state.steps.length}).`
      : `${settled} of ${state.steps.length} steps done or confirmed${failed > 0 ? `, ${failed} failed` : ''}. Steps only you can vouch for are confirmed on the console's Setup page.`,
  );
}

function printStep(step: SetupStep, width: number) {
  console.log(`${MARKS[step.state].padEnd(9)} ${step.id.padEnd(width)}  ${step.title}`);
  const evidence = step.evidence;
  if (evidence) {
    const calls = (evidence.calls ?? []).map((c) => `${c.method} ${c.path} → ${c.status ?? 'no answer'}`);
    const when = evidence.at ? `, ${localTime(evidence.at)}` : '';
    console.log(
      `          evidence: ${evidence.summary}${calls.length > 0 ? ` [${calls.join('; ')}${when}]` : when ? ` [${when.slice(2)}]` : ''}`,
    );
  }
  if (step.fix && step.state !== 'done' && step.state !== 'confirmed') console.log(`          fix: ${step.fix}`);
}
