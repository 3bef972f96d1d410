/**
 * Electron entry point (compiled to `dist-electron/electron/main.js`, package.json `main`).
 * Wires the real server core and the file locations into the lifecycle; everything else lives in the
 * modules beside it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { startScimDesk } from '../server/core/index.js';
import { runDesktopApp } from './app-lifecycle.js';

// This file runs from dist-electron/electron/; the renderer build sits in dist/renderer at the app root.
const here = path.dirname(fileURLToPath(import.meta.url));

runDesktopApp({
  startCore: startScimDesk,
  preloadPath: path.join(here, 'preload.cjs'),
  rendererDir: path.resolve(here, '../../dist/renderer'),
  log: (line) => console.log(line),
}).catch((error: unknown) => {
  console.error(`scim-desk: the desktop app failed: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
});
