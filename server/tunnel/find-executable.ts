import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** The full path of `name` on PATH (like `which`), or undefined. */
export function findExecutable(name: string, searchPath: string | undefined = process.env.PATH): string | undefined {
  if (!searchPath) return undefined;
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === '') continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}
