/**
 * Opening files and sockets in the data folder without trusting what else is there. SCIM Desk never follows
 * a symbolic link inside its data folder: a link planted where one of its files belongs (say
 * `activity/activity.jsonl -> ~/.bashrc`) would otherwise make it change the mode of, and append to, a file
 * of the attacker's choosing. Sockets are created private (0600) whatever the umask.
 */
import { constants, openSync, type PathLike } from 'node:fs';
import { chmod, mkdtemp, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import type { Server } from 'node:net';
import { dirname, join } from 'node:path';
import { StoreError } from './types.js';

/** O_NOFOLLOW where the platform has it (not on Windows, where links need privileges to create). */
export const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** Flags of an append-only file, created if missing, never through a link. */
export const APPEND_NO_FOLLOW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NO_FOLLOW;

/** `open(path, flags | O_NOFOLLOW, mode)`; an existing symbolic link is refused with a StoreError that says so. */
export async function openNoFollow(path: string, flags: number, mode?: number): Promise<FileHandle> {
  try {
    return await open(path, flags | NO_FOLLOW, mode);
  } catch (error) {
    throw linkRefusal(path, error);
  }
}

/** The synchronous `openNoFollow`, for the few places that cannot wait. */
export function openNoFollowSync(path: string, flags: number, mode?: number): number {
  try {
    return openSync(path, flags | NO_FOLLOW, mode);
  } catch (error) {
    throw linkRefusal(path, error);
  }
}

/** Reads a whole file as text, refusing a symbolic link in its place. */
export async function readFileNoFollow(path: string, encoding: BufferEncoding): Promise<string> {
  return (await readBytesNoFollow(path)).toString(encoding);
}

/** Reads a whole file, refusing a symbolic link in its place. */
export async function readBytesNoFollow(path: string): Promise<Buffer> {
  const handle = await openNoFollow(path, constants.O_RDONLY);
  try {
    return await readFile(handle);
  } finally {
    await handle.close();
  }
}

/** The error for a refused link (ELOOP from O_NOFOLLOW; EMLINK on some BSDs); any other error as it was. */
function linkRefusal(path: PathLike, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'ELOOP' && code !== 'EMLINK') return error;
  return new StoreError(
    'unsafe',
    `refusing to open ${String(path)}: it is a symbolic link, and SCIM Desk never follows links inside its data folder. Remove the link (and check who made it).`,
  );
}

/**
 * Listens on a Unix socket at `socketPath` that only this user can connect to, whatever the umask: the
 * socket is bound inside a fresh private folder (0700), given mode 0600 there, and only then renamed into
 * place, so it is never reachable with wider permissions, not even for a moment. An existing file (or link)
 * at `socketPath` is replaced, never followed. Returns the function that removes the socket file after the
 * server closed (the bound path no longer names it, so Node cannot).
 */
export async function listenPrivately(server: Server, socketPath: string): Promise<() => Promise<void>> {
  if (process.platform === 'win32') {
    await listen(server, socketPath); // a named pipe: no file, no mode
    return async () => {};
  }
  // A short name: the staging path must fit a socket address as well as the final one (103 bytes on macOS).
  const staging = await mkdtemp(join(dirname(socketPath), '.s-'));
  try {
    const bound = join(staging, 's');
    await listen(server, bound);
    await chmod(bound, 0o600);
    await rename(bound, socketPath);
  } catch (error) {
    server.close();
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return () => rm(socketPath, { force: true });
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
