// Is a build output newer than every source file it comes from? Used so `npm run serve` builds the UI
// only when needed and the CLI runs compiled JavaScript only when it matches the TypeScript sources.
import fs from 'node:fs';
import path from 'node:path';

export function newestMtime(dir, extensions) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, extensions));
    else if (extensions.some((ext) => entry.name.endsWith(ext))) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function isFresh(output, sourceDirs, extensions) {
  if (!fs.existsSync(output)) return false;
  const built = fs.statSync(output).mtimeMs;
  return sourceDirs.every((dir) => newestMtime(dir, extensions) <= built);
}
