import { CliError } from './cli-error.js';
import { accessCommand } from './commands/access.js';
import { rulesCommand } from './commands/rules.js';
import { rehearseCommand } from './commands/rehearse.js';
import { serveCommand } from './commands/serve.js';
import { tokenCommand } from './commands/token.js';
import { eventsCommand } from './commands/events.js';
import { webhooksCommand } from './commands/webhooks.js';
import { connectCommand } from './commands/connect.js';
import { clumioCommand } from './commands/clumio.js';
import { checkCommand } from './commands/check.js';
import { storeCommand } from './commands/store.js';

const HELP = `Usage: scim-desk <command> [options]

Commands:
  serve     start the SCIM 2.0 endpoint and the admin console
  token     create, list and revoke SCIM tokens
  rehearse  act as Okta against the endpoint (the Okta rehearsal)
  rules     export and import auto user provisioning rules (Clumio's format)
  access    explain what the rules give one user
  webhooks  add, list and remove webhook endpoints for the change feed
  events    follow the change feed (events tail)
  connect   connect your Okta org or Clumio account (the real rollout)
  clumio    plan and apply your Clumio account's rules (clumio rules plan|apply)
  check     print the setup checklist, read from Okta and Clumio for the rollout (exit 0 when complete)
  store     copy the whole store between a data folder and PostgreSQL (store copy)

Run "scim-desk <command> --help" for a command's options.`;

type Command = (argv: string[]) => Promise<number>;

/** Command registry: later commands (rules, access, rehearse) register here. */
export const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  token: tokenCommand,
  rehearse: rehearseCommand,
  rules: rulesCommand,
  access: accessCommand,
  webhooks: webhooksCommand,
  events: eventsCommand,
  connect: connectCommand,
  clumio: clumioCommand,
  check: checkCommand,
  store: storeCommand,
};

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { VERSION } = await import('../core/version.js');
    console.log(VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new CliError(`unknown command "${name}" (try: scim-desk --help)`, 2);
  return command(rest);
}
