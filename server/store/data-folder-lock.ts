import { createHash, randomBytes } from 'node:crypto';
import { link, open, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertTrustedDataFolder } from './data-folder-trust.js';
import { FILE_MODE, ensureDirectory, errorMessage, isErrnoException } from './durable-fs.js';
import { beaconPathFor, probeBeacon, removeStaleBeacon, startBeacon, type LockBeacon } from './lock-beacon.js';
import { readFileNoFollow } from './private-files.js';
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
  /** The holder's proof of life (see lock-beacon.ts); absent in locks written before it existed. */
  beacon?: string;
  /** Tells this holding apart from any other by the same pid (a restarted container is pid 1 again). */
  nonce?: string;
}

export interface DataFolderLock {
  readonly info: DataFolderLockInfo;
  /** Rewrites the lock file with more details (e.g. the URLs once the listeners are up). */
  update(info: Partial<DataFolderLockRequest>): Promise<void>;
  /** Removes the lock file if it is still ours, and stops the beacon. */
  release(): Promise<void>;
}

/** Holdings of this process, by nonce: the only locks with our pid that are not stale. */
const heldHere = new Set<string>();

const MAX_ATTEMPTS = 20;
/** A takeover claim lives for the few milliseconds of a rename; an older one was left by a crash. */
const STALE_CLAIM_MS = 30_000;

/**
 * Takes the data folder for this process: one server (or one CLI command) per folder.
 *
 * - The holder starts its beacon first and names it in the lock, so the lock is never visible without
 *   its proof of life. A lock is held while its beacon accepts connections; a lock with our own pid and
 *   a nonce this process does not hold is always stale.
 * - A free folder is taken by hard-linking a complete temp file to the lock name: `link` fails if the
 *   name exists (exclusive, like `wx`), and a reader never sees a half-written lock.
 * - A stale lock is taken over atomically: the taker first links a claim named after the stale lock's
 *   exact content (only one process can create it), checks the lock still has that content, and then
 *   renames its own lock over it. Everyone else who saw the same stale lock fails the claim and looks
 *   again, finding the new live holder.
 */
export async function acquireDataFolderLock(dir: string, request: DataFolderLockRequest): Promise<DataFolderLock> {
  // Whoever takes the folder checks it first, before anything is written in it.
  await assertTrustedDataFolder(dir);
  await ensureDirectory(dir);
  const path = join(dir, DATA_FOLDER_LOCK_FILE_NAME);
  const nonce = randomBytes(12).toString('hex');
  const beacon = await startBeacon(beaconPathFor(dir, nonce.slice(0, 16)));
  const info: DataFolderLockInfo = {
    ...request,
    pid: process.pid,
    startedAt: new Date().toISOString(),
    beacon: beacon.path,
    nonce,
  };
  heldHere.add(nonce);
  try {
    await takeLock(dir, path, info);
  } catch (error) {
    heldHere.delete(nonce);
    await beacon.close();
    throw error;
  }
  return holding(path, info, beacon);
}

async function takeLock(dir: string, path: string, info: DataFolderLockInfo): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (attempt >= MAX_ATTEMPTS)
      throw new StoreError(
        'io',
        `cannot take ${path}: it kept changing while we looked (another process is starting?)`,
      );
    const temporary = await writeTemporary(path, info);
    try {
      if (await linkExclusive(temporary, path)) return;
      const seen = await readLockText(path);
      if (seen === undefined) continue; // released in between: try again
      const holder = parseLock(seen);
      if (holder && (await isHeld(holder))) throw lockedError(dir, path, holder);
      // Stale (its holder is gone) or unreadable (ours are always written whole): take it over.
      if (await takeOver(path, seen, temporary)) {
        if (holder?.beacon) await removeStaleBeacon(holder.beacon);
        return;
      }
      await sleep(5 + Math.random() * 20);
    } finally {
      await unlink(temporary).catch(() => undefined);
    }
  }
}

/** Replaces the stale lock whose text is `seen` with ours, if no other process does it first. */
async function takeOver(path: string, seen: string, temporary: string): Promise<boolean> {
  const claim = `${path}.takeover-${createHash('sha256').update(seen).digest('hex').slice(0, 24)}`;
  if (!(await linkExclusive(temporary, claim))) {
    await removeClaimIfAbandoned(claim);
    return false;
  }
  try {
    // Holding the claim, nobody else may replace this content; check it is still what we judged stale.
    if ((await readLockText(path)) !== seen) return false;
    await rename(temporary, path);
    return true;
  } finally {
    await unlink(claim).catch(() => undefined);
  }
}

async function removeClaimIfAbandoned(claim: string): Promise<void> {
  try {
    const { mtimeMs } = await stat(claim);
    if (Date.now() - mtimeMs > STALE_CLAIM_MS) await unlink(claim);
  } catch {
    // Gone already: the next attempt will see the new lock.
  }
}

async function linkExclusive(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if (isErrnoException(error) && error.code === 'EEXIST') return false;
    throw new StoreError('io', `cannot create ${to}: ${errorMessage(error)}`);
  }
}

function holding(path: string, taken: DataFolderLockInfo, beacon: LockBeacon): DataFolderLock {
  let info = taken;
  let released = false;
  return {
    get info() {
      return info;
    },
    async update(change) {
      // The identity fields are the holding's own; a change may only add details.
      info = {
        ...info,
        ...change,
        pid: taken.pid,
        startedAt: taken.startedAt,
        beacon: taken.beacon,
        nonce: taken.nonce,
      };
      const temporary = await writeTemporary(path, info);
      await rename(temporary, path);
    },
    async release() {
      if (released) return;
      released = true;
      if ((await readLock(path))?.nonce === taken.nonce) await unlink(path).catch(() => undefined);
      heldHere.delete(taken.nonce!);
      await beacon.close();
    },
  };
}

/** The live holder of the data folder's lock, or undefined if it is free (or the lock is stale). */
export async function readDataFolderLock(dir: string): Promise<DataFolderLockInfo | undefined> {
  const holder = await readLock(join(dir, DATA_FOLDER_LOCK_FILE_NAME));
  return holder && (await isHeld(holder)) ? holder : undefined;
}

/** Whether the holder is alive, proven by the holder itself where the lock names a beacon. */
async function isHeld(holder: DataFolderLockInfo): Promise<boolean> {
  if (holder.pid === process.pid) return holder.nonce !== undefined && heldHere.has(holder.nonce);
  if (holder.beacon) return (await probeBeacon(holder.beacon)) === 'alive';
  // A lock written before beacons existed: a server's control socket proves life the same way.
  if (holder.controlSocket) return (await probeBeacon(holder.controlSocket)) === 'alive';
  return pidExists(holder.pid);
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

async function readLockText(path: string): Promise<string | undefined> {
  try {
    return await readFileNoFollow(path, 'utf8');
  } catch (error) {
    if (error instanceof StoreError) throw error; // a link in place of the lock
    return undefined;
  }
}

async function readLock(path: string): Promise<DataFolderLockInfo | undefined> {
  const text = await readLockText(path);
  return text === undefined ? undefined : parseLock(text);
}

function parseLock(text: string): DataFolderLockInfo | undefined {
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { pid, holder, startedAt, beacon, nonce } = raw as Record<string, unknown>;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
    if ((holder !== 'server' && holder !== 'cli') || typeof startedAt !== 'string') return undefined;
    if ((beacon !== undefined && typeof beacon !== 'string') || (nonce !== undefined && typeof nonce !== 'string'))
      return undefined;
    return raw as DataFolderLockInfo;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks existence without signalling; EPERM means it exists but belongs to someone else. */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrnoException(error) && error.code === 'EPERM';
  }
}
