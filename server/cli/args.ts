import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './cli-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict flag parsing with readable usage errors; `--help` is always accepted. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = 0) {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: allowPositionals > 0,
      strict: true,
    });
    if (parsed.positionals.length > allowPositionals) {
      throw usageError(`unexpected argument "${parsed.positionals[allowPositionals]}"`);
    }
    return parsed;
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw usageError(oneLineReason(error.message));
    }
    throw error;
  }
}

/**
 * node:util's parse errors on one line, in the words and case of the CLI's own errors (`unknown command
 * "x"`): its "Unknown option '--x'" and "Unexpected argument 'x'" start with a capital and quote with '.
 * Its "argument is ambiguous" (a value starting with "-", as in `--expires-in-days -1`) hides the fix on a
 * later line, so say it: write `--flag=VALUE`.
 */
export function oneLineReason(message: string): string {
  const [first = message] = message.split('\n');
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous\.?$/.exec(first);
  if (ambiguous) return `${ambiguous[1]} needs a value; write ${ambiguous[1]}=VALUE for a value that starts with "-"`;
  const unknown = /^Unknown option '([^']*)'/.exec(first);
  if (unknown) return `unknown option "${unknown[1]}" (see --help)`;
  const unexpected = /^Unexpected argument '([^']*)'/.exec(first);
  if (unexpected) return `unexpected argument "${unexpected[1]}"; this command takes no arguments`;
  const missing = /^Option '(-\w, )?(--[\w-]+) <value>' argument missing/.exec(first);
  if (missing) return `${missing[2]} needs a value`;
  const reason = first.replace(/\. To specify.*$/, '');
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}

/** A port flag: an integer 0-65535 (0 = any free port). */
export function portFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usageError(`${name} must be a port number from 0 to 65535`);
  return n;
}

export function positiveNumberFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw usageError(`${name} must be a positive number`);
  return n;
}
