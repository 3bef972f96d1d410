import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = path.join(REPO_ROOT, 'bin', 'scim-desk.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `scim-desk ARGS` to completion, as a user would from a shell. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `scim-desk ARGS` with `input` on its standard input (piped, as `echo … | scim-desk …` gives it). */
export function runCliWithInput(args: string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin!.end(input);
  });
}

/** `scim-desk token create --json` on a data folder; the secret and its id. */
export async function createTokenWithCli(
  dataDir: string,
  extra: string[] = [],
): Promise<{ id: string; token: string; expiresAt: string | null }> {
  const result = await runCli(['token', 'create', '--data', dataDir, '--json', ...extra]);
  if (result.code !== 0) throw new Error(`token create failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
    id: string;
    token: string;
    expiresAt: string | null;
  };
}

export interface ServeProcess {
  child: ChildProcess;
  ready: { scimUrl: string; adminUrl: string | null; pid: number };
  /** Every line printed on stdout so far. */
  stdoutLines: string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `scim-desk serve --data DIR --json` and waits for its ready line; `env` adds to the environment. */
export function spawnServe(dataDir: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--json', ...extra], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stdoutLines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not get ready: ${stderr}`));
    }, 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdoutLines.push(line);
      if (stdoutLines.length === 1) {
        clearTimeout(timer);
        try {
          resolve({
            child,
            ready: JSON.parse(line) as ServeProcess['ready'],
            stdoutLines,
            stderr: () => stderr,
            exited,
          });
        } catch {
          reject(new Error(`serve printed a line that is not JSON: ${line}`));
        }
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it was ready: ${stderr}`));
    });
  });
}

/** A `scim-desk serve` process on its own data folder, with a SCIM token made beforehand by `token create`. */
export interface ServedDesk {
  serve: ServeProcess;
  dataDir: string;
  scimUrl: string;
  adminOrigin: string;
  adminToken: string;
  /** A SCIM token of this data folder. */
  token: string;
  /** SIGTERM, wait for the exit; the data folder is kept (the caller made it). */
  stop(): Promise<void>;
}

export async function startServedDesk(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<ServedDesk> {
  const { token } = await createTokenWithCli(dataDir);
  const serve = await spawnServe(dataDir, [], env);
  const login = new URL(serve.ready.adminUrl!);
  return {
    serve,
    dataDir,
    scimUrl: serve.ready.scimUrl,
    adminOrigin: login.origin,
    adminToken: login.searchParams.get('token') ?? '',
    token,
    async stop() {
      if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGTERM');
      await serve.exited;
    },
  };
}
