import { CliError } from './cli-error.js';
import { runCli } from './run.js';

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  if (error instanceof CliError) {
    console.error(`scim-desk: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(`scim-desk: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
