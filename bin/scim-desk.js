#!/usr/bin/env node
// The scim-desk CLI. Runs the compiled server (dist-electron/, from `npm run build`) when it is newer than
// every TypeScript source, which starts faster; otherwise runs the sources through tsx's loader, so
// `npx scim-desk` works straight from a checkout.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isFresh } from '../scripts/freshness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist-electron', 'server', 'cli', 'main.js');
if (isFresh(compiled, [path.join(root, 'server')], ['.ts'])) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/main.ts');
}
