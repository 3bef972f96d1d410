import { existsSync, readFileSync } from 'node:fs';

/** The package version, read once. Looked up from the source tree and from the compiled dist-electron/ tree. */
function readVersion(): string {
  for (const candidate of ['../../package.json', '../../../package.json']) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(url)) return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

export const VERSION = readVersion();
