/**
 * API tokens for the connect commands: from an environment variable, else from standard input (typed at a
 * prompt that does not echo, or piped), never from an argument, where a token would stay in the shell's
 * history and be visible to every user in the process list.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { usageError } from './cli-error.js';

/** A flag that looks like a token (`--token`, `--api-token=…`, `--okta-token`, `--secret`): refused before parsing. */
const TOKEN_FLAG = /^--?((okta|clumio)[-_]?)?(api[-_]?)?(token|secret|password|key)(=|$)/i;

export function refuseTokenArguments(argv: readonly string[], envName: string): void {
  const flag = argv.find((arg) => TOKEN_FLAG.test(arg));
  if (!flag) return;
  throw usageError(
    `${flag.split('=')[0]} is not accepted: an API token is never taken from the command line (it would stay in the shell's history and show in the process list). Set ${envName}, or pipe the token on standard input.`,
  );
}

async function readPiped(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return (
    Buffer.concat(chunks)
      .toString('utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

function readHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  // A terminal that echoes nothing: readline writes each keystroke to this sink.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const reader = createInterface({ input: process.stdin, output: silent, terminal: true });
  return new Promise((resolve) => {
    reader.once('line', (line) => {
      reader.close();
      process.stderr.write('\n');
      resolve(line.trim());
    });
    reader.once('close', () => resolve(''));
  });
}

/** The token from `envName`, else standard input; a usage error when there is none. */
export async function readApiToken(envName: string, what: string): Promise<string> {
  const fromEnv = process.env[envName]?.trim();
  if (fromEnv) return fromEnv;
  const token = process.stdin.isTTY ? await readHidden(`${what} (not shown): `) : await readPiped(process.stdin);
  if (!token) throw usageError(`no ${what}: set ${envName}, or pipe the token on standard input`);
  return token;
}
