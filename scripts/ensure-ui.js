#!/usr/bin/env node
// Makes sure the console UI in dist/renderer matches renderer/ (a Vite build takes a few seconds). Run by
// `npm run serve` and by `scim-desk serve` itself, so `npx scim-desk serve` right after `npm install` has a console.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isFresh } from './freshness.js';
import { runStep } from './progress.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** 'fresh' | 'built' | 'failed' | 'unavailable' (no UI sources or no Vite, as in an installed package). */
export async function ensureUi() {
  const index = path.join(root, 'dist', 'renderer', 'index.html');
  // The console also bundles the shared contract and the rules' validation from server/.
  const sources = [path.join(root, 'renderer'), path.join(root, 'server', 'admin'), path.join(root, 'server', 'rules')];
  if (isFresh(index, sources, ['.ts', '.tsx', '.css', '.html'])) return 'fresh';
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(path.join(root, 'renderer', 'index.html')) || !existsSync(vite))
    return existsSync(index) ? 'fresh' : 'unavailable';
  const built = await runStep({
    doing: 'building the console UI',
    why: existsSync(index) ? 'its sources changed' : 'first start',
    estimate: 'usually 2-5 s',
    args: [vite, 'build', '--logLevel', 'warn'],
    cwd: root,
    // A test runner's NODE_ENV=test would give React's development bundle.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (!built) {
    console.error('scim-desk: building the console UI failed; the SCIM endpoint still starts without it');
    return 'failed';
  }
  return 'built';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await ensureUi();
