/** cloudflared and ngrok, when installed: spawned as child processes, their public URL read from their logs. */
import { createInterface } from 'node:readline';
import { spawnWatched } from './child-watchdog.js';
import { findExecutable } from './find-executable.js';
import { errorOfLine, parseCloudflaredLine, parseNgrokLine } from './provider-output.js';
import type { TunnelHandle } from './tunnel-handle.js';

export type ProcessProvider = 'cloudflared' | 'ngrok';

export interface ProcessTunnelOptions {
  provider: ProcessProvider;
  /** The SCIM listener's port. */
  port: number;
  localHost: string;
  /** PATH to search (default: this process's). */
  searchPath?: string;
  /** How long to wait for the URL (default 30 s: cloudflared registers with the edge first). */
  timeoutMs?: number;
  /** Where the watchdog records the tunnel's pid, so the next start can reap it (orphan-reaper.ts). */
  pidFile?: string;
}

function commandLine(provider: ProcessProvider, localHost: string, port: number): string[] {
  return provider === 'cloudflared'
    ? ['tunnel', '--no-autoupdate', '--url', `http://${localHost}:${port}`]
    : ['http', String(port), '--log', 'stdout', '--log-format', 'json'];
}

export function openProcessTunnel(options: ProcessTunnelOptions): Promise<TunnelHandle> {
  const executable = findExecutable(options.provider, options.searchPath ?? process.env.PATH);
  if (!executable) return Promise.reject(new Error(`${options.provider} was not found on PATH.`));
  const parse = options.provider === 'cloudflared' ? parseCloudflaredLine : parseNgrokLine;
  // Under a watchdog that stops the tunnel when this process dies, even by SIGKILL (child-watchdog.ts).
  const child = spawnWatched(executable, commandLine(options.provider, options.localHost, options.port), {
    env: { ...process.env, ...(options.searchPath ? { PATH: options.searchPath } : {}) },
    ...(options.pidFile ? { pidFile: options.pidFile } : {}),
  });
  let closing = false;
  let lost: ((reason: string) => void) | undefined;
  let lastError: string | undefined;

  return new Promise<TunnelHandle>((resolve, reject) => {
    let url: string | undefined;
    const timer = setTimeout(() => {
      if (url) return;
      child.kill('SIGTERM');
      reject(
        new Error(
          `${options.provider} printed no public URL within ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s${lastError ? `: ${lastError}` : '.'}`,
        ),
      );
    }, options.timeoutMs ?? 30_000);
    const onLine = (line: string) => {
      lastError = errorOfLine(line) ?? lastError;
      if (url) return;
      const found = parse(line);
      if (!found) return;
      url = found.replace(/\/+$/, '');
      clearTimeout(timer);
      resolve({
        url,
        onLost(listener) {
          lost = listener;
        },
        close: () =>
          new Promise<void>((done) => {
            closing = true;
            if (child.exitCode !== null || child.signalCode !== null) return done();
            // The watchdog SIGKILLs the tunnel after 3 s; this covers a watchdog that hangs itself.
            const force = setTimeout(() => child.kill('SIGKILL'), 5000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    };
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream! }).on('line', onLine);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${options.provider} could not start: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const reason = `${options.provider} exited (${signal ?? `code ${code}`})${lastError ? `: ${lastError}` : ''}`;
      if (!url) reject(new Error(reason));
      else if (!closing) lost?.(reason);
    });
  });
}
