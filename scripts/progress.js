// The slow steps of a first start (the console's Vite build, the server's compile) run in a child process with
// progress on stderr: a line when the step starts, one every 10 s while it runs, and its time when it ends, so a
// first `npm run serve` never sits silent. stdout is left alone: `serve --json` keeps its one line there.
import { spawn } from 'node:child_process';

const HEARTBEAT_MS = 10_000;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs `node ARGS` for one step. `doing` completes "scim-desk: …" ("building the console UI"), `why` says why it
 * runs now, `estimate` how long it usually takes. Resolves true when the child exits 0.
 */
export function runStep({ doing, why, estimate, args, cwd, env = process.env }) {
  const started = Date.now();
  console.error(`scim-desk: ${doing} (${why}; ${estimate})…`);
  const heartbeat = setInterval(
    () => console.error(`scim-desk: still ${doing} (${seconds(Date.now() - started)} so far)…`),
    HEARTBEAT_MS,
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
    const finish = (ok) => {
      clearInterval(heartbeat);
      if (ok) console.error(`scim-desk: done ${doing} in ${seconds(Date.now() - started)}.`);
      resolve(ok);
    };
    child.once('error', () => finish(false));
    child.once('exit', (code) => finish(code === 0));
  });
}
