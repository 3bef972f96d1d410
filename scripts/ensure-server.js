#!/usr/bin/env node
// `npm run serve` runs the compiled server (dist-electron/server): it starts faster and holds less memory than
// the TypeScript sources run through tsx's loader. Compiles it when missing or older than server/, saying so.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFresh } from './freshness.js';
import { runStep } from './progress.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist-electron', 'server', 'cli', 'main.js');
if (!isFresh(compiled, [path.join(root, 'server')], ['.ts'])) {
  const compiledOk = await runStep({
    doing: 'compiling the server',
    why: existsSync(compiled) ? 'its sources changed' : 'first start',
    estimate: 'usually 10-30 s',
    // Emit only: types are `npm run typecheck`'s job, and skipping the check halves the compile's CPU time.
    args: [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--noCheck'],
    cwd: root,
  });
  if (!compiledOk) console.error('scim-desk: compiling the server failed; running the TypeScript sources instead');
}
