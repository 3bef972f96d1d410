/**
 * `scim-desk serve` as a child process, exactly as an admin starts it: the real CLI, a real data folder,
 * the built console UI. The child is always stopped: by `stop()`, by an exit hook should a test worker end
 * without reaching its teardown, and by itself should the worker be killed outright.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, rmdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What `serve --json` prints once both listeners are up. */
export interface ServeReady {
  scimUrl: string;
  adminUrl: string;
  pid: number;
}

export interface ServeProcess extends ServeReady {
  /** `http://127.0.0.1:PORT` of the admin listener (the console and `/api`). */
  adminOrigin: string;
  /** The admin session token from the login URL. */
  adminToken: string;
  dataDir: string;
  /** Milliseconds from spawn to the JSON line (start-up, including reading the data folder). */
  startMs: number;
  /** What the server wrote to stderr so far (bounded), for failure messages. */
  stderr(): string;
  /** SIGTERM (pending writes finish), SIGKILL after a grace period; removes the data folder if it made it. */
  stop(): Promise<void>;
  /** kill -9: the process ends at once, nothing finishes. Resolves once it has exited. */
  kill(): Promise<void>;
}

export interface StartServeOptions {
  /** An existing data folder (kept on stop). Default: a fresh temp folder, removed on stop. */
  dataDir?: string;
  /** Give up waiting for the JSON line after this long. */
  readyTimeoutMs?: number;
  /** More flags for `serve` (`--store URL`). */
  args?: readonly string[];
}

const STDERR_KEEP = 16_000;

/**
 * Loaded into the child before the CLI: when the test worker dies in any way (SIGKILL included), the IPC
 * channel closes and the server stops itself as on Ctrl-C, so no orphan keeps a port or the data folder lock.
 */
const PARENT_WATCH = `data:text/javascript,${encodeURIComponent(
  'process.channel?.unref(); process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));',
)}`;

/**
 * The environment an admin's shell would give: Vitest's NODE_ENV=test removed (under it Vite builds React's
 * development bundle, twice the size), and a random admin token per start, never one inherited.
 */
function adminEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_ENV;
  delete env.SCIM_DESK_ADMIN_TOKEN;
  return env;
}
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a worker exits without teardown (a crash, a timeout that skipped afterAll).
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

function parseReady(line: string): ServeReady | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return undefined;
    const { scimUrl, adminUrl, pid } = value as Record<string, unknown>;
    if (typeof scimUrl === 'string' && typeof adminUrl === 'string' && typeof pid === 'number')
      return { scimUrl, adminUrl, pid };
  } catch {
    // not the JSON line
  }
  return undefined;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 10_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  }
  live.delete(child);
}

export async function startServe(options: StartServeOptions = {}): Promise<ServeProcess> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? path.join(await mkdtemp(path.join(os.tmpdir(), 'scim-desk-e2e-')), 'data');
  const removeDir = () => (ownsDir ? rm(path.dirname(dataDir), { recursive: true, force: true }) : Promise.resolve());
  installExitHook();

  const env = adminEnvironment();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      PARENT_WATCH,
      path.join(REPO_ROOT, 'bin', 'scim-desk.js'),
      'serve',
      '--data',
      dataDir,
      '--json',
      ...(options.args ?? []),
    ],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  live.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });

  const timeoutMs = options.readyTimeoutMs ?? 45_000;
  let ready: ServeReady;
  try {
    ready = await new Promise<ServeReady>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(() => reject(new Error(`serve printed no JSON line within ${timeoutMs} ms`)), timeoutMs);
      lines.on('line', (line) => {
        const parsed = parseReady(line);
        if (!parsed) return;
        clearTimeout(timer);
        resolve(parsed);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`serve exited (${signal ?? code}) before it was ready`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    await killChild(child);
    await removeDir();
    throw new Error(`${(error as Error).message}\n--- serve stderr ---\n${stderr}`, { cause: error });
  }
  const startMs = Math.round(performance.now() - started);
  const login = new URL(ready.adminUrl);
  let stopping: Promise<void> | undefined;
  return {
    ...ready,
    adminOrigin: login.origin,
    adminToken: login.searchParams.get('token') ?? '',
    dataDir,
    startMs,
    stderr: () => stderr,
    stop: () =>
      (stopping ??= (async () => {
        await killChild(child);
        await removeDir();
      })()),
    kill: async () => {
      child.kill('SIGKILL');
      await waitForExit(child, 10_000);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The console build

const BUILD_LOCK = path.join(
  os.tmpdir(),
  `scim-desk-ensure-ui-${Buffer.from(REPO_ROOT).toString('base64url').slice(-24)}.lock`,
);
const STALE_LOCK_MS = 120_000;
let built: Promise<void> | undefined;

/** Is another process building? Waits for its lock to go (or to grow stale), then takes it. */
async function acquireBuildLock(): Promise<() => Promise<void>> {
  for (;;) {
    try {
      await mkdir(BUILD_LOCK);
      return () => rmdir(BUILD_LOCK).catch(() => {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(BUILD_LOCK).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rmdir(BUILD_LOCK).catch(() => {});
      else await new Promise((resolve) => setTimeout(resolve, 100)); // polling another process's lock
    }
  }
}

/**
 * Builds `dist/renderer` when it is missing or older than its sources (`scripts/ensure-ui.js`). Test
 * files run in parallel workers, so one build at a time: a second Vite build would empty the folder
 * under the first.
 */
export function ensureConsoleBuilt(): Promise<void> {
  return (built ??= (async () => {
    const release = await acquireBuildLock();
    try {
      const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'ensure-ui.js')], {
        cwd: REPO_ROOT,
        env: adminEnvironment(),
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`scripts/ensure-ui.js failed:\n${result.stderr}`);
      if (result.stderr.includes('building the console UI failed'))
        throw new Error(`the console UI did not build:\n${result.stderr}`);
    } finally {
      await release();
    }
  })());
}
