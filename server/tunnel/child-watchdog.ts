/**
 * Keeps a tunnel executable (cloudflared, ngrok) from outliving SCIM Desk. Neither tool watches its
 * parent, so a SIGKILLed server or app used to leave it running, holding a public URL to a dead port.
 *
 * The tunnel runs under a tiny watchdog: this same Node (or Electron as Node) running the script below.
 * The watchdog's stdin is a pipe from SCIM Desk; the kernel closes it when SCIM Desk dies, however it dies,
 * and on that end-of-file the watchdog stops the tunnel and exits. It also records the tunnel's pid in the
 * data folder, so the next start can reap a tunnel whose watchdog was killed too (orphan-reaper.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';

// Plain CommonJS run with `node -e`: no file to ship or find, and it works from sources and from the build.
const WATCHDOG_SOURCE = `
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const [pidFile, executable, ...args] = process.argv.slice(1);
const child = spawn(executable, args, { stdio: ['ignore', 'inherit', 'inherit'] });
// The pid file is in the data folder: opened without following a link planted in its place.
const NO_FOLLOW = fs.constants.O_NOFOLLOW || 0;
const withFile = (flags, use) => { const fd = fs.openSync(pidFile, flags | NO_FOLLOW, 0o600); try { return use(fd); } finally { fs.closeSync(fd); } };
const forget = () => { try { if (JSON.parse(withFile(fs.constants.O_RDONLY, (fd) => fs.readFileSync(fd, 'utf8'))).pid === child.pid) fs.unlinkSync(pidFile); } catch {} };
if (pidFile && child.pid) {
  const record = JSON.stringify({ pid: child.pid, executable, watchdogPid: process.pid, startedAt: new Date().toISOString() }) + '\\n';
  try { withFile(fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC, (fd) => fs.writeSync(fd, record)); } catch {}
}
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 3000).unref();
};
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('error', (error) => { process.stderr.write('ERR could not start ' + executable + ': ' + error.message + '\\n'); process.exit(127); });
child.on('exit', (code, signal) => { forget(); process.exit(code ?? (signal ? 1 : 0)); });
`;

export interface WatchedSpawn {
  /** The tunnel's pid file (see orphan-reaper.ts); undefined to record nothing. */
  pidFile?: string;
  env: NodeJS.ProcessEnv;
}

/** Spawns `executable args` under the watchdog; the returned process is the watchdog, with the tunnel's output. */
export function spawnWatched(executable: string, args: string[], options: WatchedSpawn): ChildProcess {
  return spawn(process.execPath, ['-e', WATCHDOG_SOURCE, options.pidFile ?? '', executable, ...args], {
    // stdin is the lifeline: never written, closed by the kernel when this process dies.
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...options.env, ELECTRON_RUN_AS_NODE: '1' },
    windowsHide: true,
  });
}
