import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { FILE_MODE, ensureDirectory, errorMessage, isErrnoException } from './durable-fs.js';
import { StoreError } from './types.js';

export const DATA_FOLDER_LOCK_FILE_NAME = 'scim-desk.lock';

/** What the caller says about itself; the CLI uses controlSocket to reach a running server. */
export interface DataFolderLockRequest {
  holder: 'server' | 'cli';
  /** The CLI command holding the lock, e.g. "token create". */
  command?: string;
  controlSocket?: string;
  adminUrl?: string | null;
  scimUrl?: string | null;
}

export interface DataFolderLockInfo extends DataFolderLockRequest {
  pid: number;
  startedAt: string; // ISO 8601
}

export interface DataFolderLock {
  readonly info: DataFolderLockInfo;
  /** Rewrites the lock file with more details (e.g. the URLs once the listeners are up). */
  update(info: Partial<DataFolderLockRequest>): Promise<void>;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
}

/**
 * Takes the data folder for this process: one server (or one CLI command) per folder. The lock file is
 * written complete to a temp file and then hard-linked into place, which fails if the lock exists: as
 * exclusive as `wx`, and a reader never sees a half-written lock. A lock whose pid is dead is stale and
 * is taken over.
 */
export async function acquireDataFolderLock(dir: string, request: DataFolderLockRequest): Promise<DataFolderLock> {
  await ensureDirectory(dir);
  const path = join(dir, DATA_FOLDER_LOCK_FILE_NAME);
  let info: DataFolderLockInfo = { ...request, pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    const temporary = await writeTemporary(path, info);
    try {
      await link(temporary, path);
      break;
    } catch (error) {
      if (!(isErrnoException(error) && error.code === 'EEXIST') || attempt >= 3) {
        throw new StoreError('io', `cannot create ${path}: ${errorMessage(error)}`);
      }
      const holder = await readLockFile(path);
      if (holder && isAlive(holder.pid)) throw lockedError(dir, path, holder);
      // Stale (its process is gone) or unreadable (ours are always written whole): take it over.
      await unlink(path).catch(() => undefined);
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }

  return {
    get info() {
      return info;
    },
    async update(change) {
      info = { ...info, ...change, pid: info.pid, startedAt: info.startedAt };
      const temporary = await writeTemporary(path, info);
      await rename(temporary, path);
    },
    async release() {
      const current = await readLockFile(path);
      if (current?.pid === info.pid && current.startedAt === info.startedAt) await unlink(path).catch(() => undefined);
    },
  };
}

/** The live holder of the data folder's lock, or undefined if it is free (or the lock is stale). */
export async function readDataFolderLock(dir: string): Promise<DataFolderLockInfo | undefined> {
  const holder = await readLockFile(join(dir, DATA_FOLDER_LOCK_FILE_NAME));
  return holder && isAlive(holder.pid) ? holder : undefined;
}

function lockedError(dir: string, path: string, holder: DataFolderLockInfo): StoreError {
  const who = holder.holder === 'server' ? 'scim-desk serve' : `scim-desk ${holder.command ?? 'command'}`;
  return new StoreError(
    'locked',
    `data folder ${dir} is in use by ${who} (pid ${holder.pid}, since ${holder.startedAt}). Stop it first, or use another --data folder; if no such process exists, delete ${path}.`,
  );
}

async function writeTemporary(path: string, info: DataFolderLockInfo): Promise<string> {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', FILE_MODE);
  try {
    await handle.writeFile(`${JSON.stringify(info)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temporary;
}

async function readLockFile(path: string): Promise<DataFolderLockInfo | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { pid, holder, startedAt } = raw as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
    if ((holder !== 'server' && holder !== 'cli') || typeof startedAt !== 'string') return undefined;
    return raw as DataFolderLockInfo;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks existence without signalling; EPERM means it exists but belongs to someone else. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrnoException(error) && error.code === 'EPERM';
  }
}
