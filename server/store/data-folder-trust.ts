/**
 * A data folder holds SCIM token hashes, the webhook key, the control socket that grants the whole admin
 * API, and files SCIM Desk writes and changes the mode of. Someone else who can write in it (or who owns it)
 * can plant links and sockets there, so SCIM Desk refuses to use it, before it writes anything, and says how
 * to fix it.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrnoException } from './durable-fs.js';
import { StoreError } from './types.js';

/** How far below the data folder its own folders are checked (activity/, journal/ and the like). */
const MAX_DEPTH = 3;

/**
 * Refuses a data folder, or a folder in it, that is not owned by the user running SCIM Desk or that others
 * (its group, everyone) can write. A folder that does not exist yet is fine: SCIM Desk creates it, 0700.
 * Nothing is checked on Windows, where ACLs, not modes, decide (the per-user folder is private there).
 */
export async function assertTrustedDataFolder(dir: string): Promise<void> {
  const uid = process.getuid?.();
  if (uid === undefined || process.platform === 'win32') return;
  let info;
  try {
    info = await stat(dir); // the data folder itself may be reached through a link the user made
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return;
    throw error;
  }
  if (!info.isDirectory()) throw new StoreError('unsafe', `the data folder ${dir} is not a folder`);
  check(dir, info, uid, dir);
  await checkFolders(dir, uid, dir, 1);
}

async function checkFolders(folder: string, uid: number, dataDir: string, depth: number): Promise<void> {
  if (depth > MAX_DEPTH) return;
  // Another process may remove a folder while it is walked (a staging folder for a socket, a contender's
  // claim): one that is gone can hold nothing to distrust.
  const entries = await readdir(folder, { withFileTypes: true }).catch(unlessGone);
  for (const entry of entries ?? []) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const path = join(folder, entry.name);
    const info = await lstat(path).catch(unlessGone);
    if (!info) continue;
    if (info.isSymbolicLink()) {
      // A link to a folder would send SCIM Desk's writes somewhere else: refused like an open folder.
      const target = await stat(path).catch(() => undefined);
      if (target?.isDirectory())
        throw new StoreError(
          'unsafe',
          `${path} in the data folder ${dataDir} is a symbolic link to a folder; SCIM Desk does not follow links inside its data folder. Remove it.`,
        );
      continue; // a link in place of a file is refused when SCIM Desk opens it
    }
    check(path, info, uid, dataDir);
    await checkFolders(path, uid, dataDir, depth + 1);
  }
}

/** Undefined for a path that no longer exists; any other failure stands. */
function unlessGone(error: unknown): undefined {
  if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
  throw error;
}

function check(path: string, info: { uid: number; mode: number }, uid: number, dataDir: string): void {
  const what = path === dataDir ? `the data folder ${path}` : `${path} in the data folder ${dataDir}`;
  if (info.uid !== uid) {
    throw new StoreError(
      'unsafe',
      `${what} is owned by user id ${info.uid}, not by you (user id ${uid}); another user could change what SCIM Desk reads and writes there. Use a folder of your own, or make it yours: sudo chown -R ${uid} ${dataDir}`,
    );
  }
  if ((info.mode & 0o022) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
    throw new StoreError(
      'unsafe',
      `${what} can be written by other users (mode ${mode}); they could plant links and sockets that SCIM Desk would use. Fix it with: chmod go-w ${path}`,
    );
  }
}
