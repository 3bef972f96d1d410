import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceRecord } from '../../server/store/types.js';

/** A fresh data folder under the OS temp folder; remove it with `removeDataDir`. */
export async function makeDataDir(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'scim-desk-store-')), 'data');
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(join(dataDir, '..'), { recursive: true, force: true });
}

let counter = 0;

export function userRecord(
  userName: string,
  extra: Record<string, unknown> = {},
  id = `u-${++counter}`,
): ResourceRecord {
  const time = '2026-01-01T00:00:00.000Z';
  return {
    id,
    meta: { created: time, lastModified: time, version: 1 },
    data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true, ...extra },
  };
}

export function groupRecord(
  displayName: string,
  extra: Record<string, unknown> = {},
  id = `g-${++counter}`,
): ResourceRecord {
  const time = '2026-01-01T00:00:00.000Z';
  return {
    id,
    meta: { created: time, lastModified: time, version: 1 },
    data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, ...extra },
  };
}

/** Every file under a folder with its bytes, to prove that a refused start-up changed nothing. */
export async function folderContents(dir: string): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    contents.set(path, (await readFile(path)).toString('base64'));
  }
  return contents;
}

export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}
