#!/usr/bin/env node
// `npm run serve` first makes sure the console UI in dist/renderer matches renderer/ (a Vite build takes ~1 s).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFresh } from './freshness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const index = path.join(root, 'dist', 'renderer', 'index.html');
const sources = [path.join(root, 'renderer'), path.join(root, 'server', 'admin')];
if (!isFresh(index, sources, ['.ts', '.tsx', '.css', '.html'])) {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // A test runner's NODE_ENV=test would give React's development bundle.
  const env = { ...process.env, NODE_ENV: 'production' };
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error('scim-desk: building the console UI failed; the SCIM endpoint still starts without it');
  }
}
