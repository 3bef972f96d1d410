import { randomBytes } from 'node:crypto';
import { constants, copyFile, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { asciiJson } from './ascii-json.js';
import { jsonPieces } from './json-pieces.js';

/** Every file the store writes is private to the user running SCIM Desk. */
export const FILE_MODE = 0o600;
export const DIRECTORY_MODE = 0o700;

export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates a folder (and parents) with mode 0700 if missing; an existing folder is left as it is. */
export async function ensureDirectory(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: DIRECTORY_MODE });
}

/** Makes a folder's entries (created, renamed, removed files) durable: rename alone is not. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Names of the temporary files `writeJsonAtomically` leaves behind if the process dies mid-write. */
export function isTemporaryFileOf(target: string, name: string): boolean {
  return name.startsWith(`.${basename(target)}.`) && name.endsWith('.tmp');
}

/**
 * Replaces `path` with the JSON text of `value` so that a crash leaves either the old or the new file, never
 * a mix: write a private temp file beside it, fsync, rename over the target, fsync the folder. The text is
 * produced and written in pieces of about `chunkBytes`, so a large document needs neither one giant string
 * nor one long pause of the event loop. The value must not change meanwhile (the store hands over frozen
 * records). The file is ASCII (see asciiJson). Returns the size in bytes.
 */
export async function writeJsonAtomically(
  path: string,
  value: unknown,
  fsync: boolean,
  chunkBytes = 256 * 1024,
): Promise<number> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', FILE_MODE);
  let total = 0;
  try {
    try {
      let pending: string[] = [];
      let pendingLength = 0;
      // One buffer for all chunks (each write completes before the next fills it): fresh memory per chunk
      // costs its page faults every time.
      let scratch = Buffer.allocUnsafe(chunkBytes * 2);
      const flush = async () => {
        const text = asciiJson(pending.join('')); // ASCII: one byte per character
        pending = [];
        pendingLength = 0;
        if (text.length > scratch.length) scratch = Buffer.allocUnsafe(text.length);
        const length = scratch.write(text, 0, 'latin1');
        total += length;
        for (let written = 0; written < length;)
          written += (await handle.write(scratch, written, length - written)).bytesWritten;
      };
      for (const piece of jsonPieces(value, 3)) {
        pending.push(piece);
        pendingLength += piece.length;
        if (pendingLength >= chunkBytes) await flush();
      }
      if (pendingLength > 0) await flush();
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  if (fsync) await syncDirectory(dirname(path));
  return total;
}

/** Copies `source` to a new file `target` (never overwriting), durably. */
export async function copyFileDurably(source: string, target: string, fsync: boolean): Promise<void> {
  await copyFile(source, target, constants.COPYFILE_EXCL);
  const handle = await open(target, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0));
  try {
    await handle.chmod(FILE_MODE);
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  if (fsync) await syncDirectory(dirname(target));
}
