#!/usr/bin/env node
// The scim-desk CLI. Runs the compiled server (dist-electron/, from `npm run build`) when it is newer than
// every TypeScript source, which starts faster; otherwise runs the sources through tsx's loader, so
// `npx scim-desk` works straight from a checkout. `serve` first builds the console UI if it is missing or
// older than its sources, as `npm run serve` does.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isFresh } from '../scripts/freshness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...rest] = process.argv.slice(2);
// SCIM_DESK_NO_UI_BUILD=1 skips it (the test suite sets it, so parallel tests never build at once).
if (command === 'serve' && !rest.includes('--help') && !rest.includes('-h') && !process.env.SCIM_DESK_NO_UI_BUILD) {
  const { ensureUi } = await import('../scripts/ensure-ui.js');
  await ensureUi();
}
const compiled = path.join(root, 'dist-electron', 'server', 'cli', 'main.js');
if (isFresh(compiled, [path.join(root, 'server')], ['.ts'])) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/main.ts');
}
