#!/usr/bin/env node
// `npm start`: find the Electron runtime, build (renderer + main/preload/server), launch the desktop app.
// Where the runtime cannot be had (no binary and no way to download it), say so in one line, point to
// the browser mode, and exit 1: nothing crashed, but nothing started either.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mainScript = path.join(root, 'dist-electron', 'electron', 'main.js');
const UNAVAILABLE =
  'scim-desk: the Electron runtime is not available here; run the same app in a browser with: npm run serve';

/**
 * The Electron binary's path, or null. `require('electron')` downloads the binary on first use
 * (Electron >= 42) and prints while doing so, so it runs in a child whose output is kept out of sight.
 */
function findElectron() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60_000,
  });
  if (probe.status !== 0 || probe.error) return null;
  const binary = probe.stdout.trim();
  return binary !== '' && fs.existsSync(binary) ? binary : null;
}

/** `npm run build` with the npm that runs this script (npm_execpath), so it works on every platform. */
function build() {
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status === 0;
}

const electron = findElectron();
if (!electron) {
  console.error(UNAVAILABLE);
  process.exit(1);
}

if (!build() || !fs.existsSync(mainScript)) {
  console.error('scim-desk: the build failed; see the errors above');
  process.exit(1);
}

// ELECTRON_RUN_AS_NODE (set by some tools) would make Electron a plain Node and the app would not open.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const app = spawn(electron, [mainScript], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
