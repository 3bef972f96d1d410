/**
 * Reaps a tunnel executable left by an earlier run whose watchdog died with it (both SIGKILLed, say).
 * The watchdog records `{pid, executable}` in the data folder; the next start stops that process, but only
 * after checking it still runs that executable, so a recycled pid is never signalled.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, readFileSync, rmSync } from 'node:fs';
import { openNoFollowSync } from '../store/private-files.js';
import path from 'node:path';

export const TUNNEL_PID_FILE_NAME = 'tunnel-process.json';

export const tunnelPidFile = (dataDir: string) => path.join(dataDir, TUNNEL_PID_FILE_NAME);

/** What was reaped (for the activity log), or undefined when nothing was left running. */
export async function reapOrphanedTunnel(dataDir: string): Promise<{ pid: number; executable: string } | undefined> {
  const file = tunnelPidFile(dataDir);
  let recorded: { pid?: unknown; executable?: unknown };
  try {
    const fd = openNoFollowSync(file, constants.O_RDONLY); // a link in its place is never read
    try {
      recorded = JSON.parse(readFileSync(fd, 'utf8')) as typeof recorded;
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  rmSync(file, { force: true });
  const { pid, executable } = recorded;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 1 || typeof executable !== 'string')
    return undefined;
  if (!runs(pid, executable)) return undefined;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return undefined;
  }
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && runs(pid, executable)) await new Promise((resolve) => setTimeout(resolve, 50));
  if (runs(pid, executable)) process.kill(pid, 'SIGKILL');
  return { pid, executable };
}

/** Whether `pid` is a live process running `executable` (directly, or as a script's interpreter argument). */
function runs(pid: number, executable: string): boolean {
  const words = commandLineOf(pid);
  return words !== undefined && words.includes(executable);
}

function commandLineOf(pid: number): string[] | undefined {
  if (process.platform === 'linux') {
    try {
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state === 'Z') return undefined; // a zombie has already stopped
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      return undefined;
    }
  }
  if (process.platform === 'win32') return undefined; // no reliable check: leave it (the watchdog covers Windows)
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/);
  } catch {
    return undefined;
  }
}
