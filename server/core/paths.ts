import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this file whether it runs from server/ (tsx) or dist-electron/server/ (compiled). */
export const PACKAGE_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist-electron') {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
})();

/** The built console UI served by the admin listener. */
export const RENDERER_DIR = path.join(PACKAGE_ROOT, 'dist', 'renderer');
