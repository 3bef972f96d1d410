#!/usr/bin/env node
// `npm run serve` runs the compiled server (dist-electron/server): it starts faster and holds less memory than
// the TypeScript sources run through tsx's loader. Compiles it (~6 s) when missing or older than server/.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFresh } from './freshness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist-electron', 'server', 'cli', 'main.js');
if (!isFresh(compiled, [path.join(root, 'server')], ['.ts'])) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error('scim-desk: compiling the server failed; running the TypeScript sources instead');
  }
}
