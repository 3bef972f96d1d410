/**
 * The two ends of a copy: a data folder (the embedded store) or a PostgreSQL database (a postgres:// URL).
 * Opening one makes sure nothing else writes it while the copy runs: a folder's lock is taken (and a folder a
 * running `scim-desk serve` holds is refused), a database with SCIM Desk nodes connected is refused. A target
 * must be empty, unless the caller said to replace what it holds; it is then emptied with its change feed set
 * to continue the source's (./copy-store.ts says why).
 *
 * A URL's password never appears in a message: `shown` is the URL with it masked.
 */
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { acquireDataFolderLock, readDataFolderLock, type DataFolderLock } from '../data-folder-lock.js';
import type { DirectoryStore } from '../directory-store.js';
import { EmbeddedDirectoryStore } from '../embedded/embedded-directory-store.js';
import { hasStoreFiles, startFreshStore } from '../embedded/fresh-store.js';
import { openStore } from '../journaled-store.js';
import { emptyForCopy, nodeConnections } from '../postgres/copy-target.js';
import { openPostgresStore } from '../postgres/postgres-store.js';
import { PostgresBulkLoad } from '../postgres/bulk-load.js';
import { storeContents, type BulkTarget } from './copy-store.js';

export type StoreLocation =
  { kind: 'folder'; dir: string; shown: string } | { kind: 'postgres'; url: string; shown: string; secrets: string[] };

/** A refusal or failure of the copy, in words for the person who ran it (passwords already masked). */
export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

export interface OpenedStore {
  store: DirectoryStore;
  close(): Promise<void>;
  /** A target that loads in bulk (PostgreSQL's COPY) starts one here. */
  startBulk?(): Promise<BulkTarget>;
}

const POSTGRES_SCHEME = /^postgres(ql)?:\/\//i;

/** A postgres:// or postgresql:// URL names a database; anything else names a data folder. */
export function parseLocation(text: string): StoreLocation {
  if (!POSTGRES_SCHEME.test(text)) return { kind: 'folder', dir: resolve(text), shown: resolve(text) };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CopyError(
      `${maskUrl(text)} is not a valid PostgreSQL URL (expected postgres://user:password@host:port/database)`,
    );
  }
  const secrets = [url.password, safeDecode(url.password), rawPassword(text)].filter((secret) => secret.length > 0);
  if (url.hostname === '' || url.pathname.length <= 1) {
    throw new CopyError(
      `${maskUrl(text)} does not name a host and a database (expected postgres://user:password@host:port/database)`,
    );
  }
  return { kind: 'postgres', url: text, shown: maskUrl(text), secrets };
}

/**
 * The URL with its password replaced by ***, also when the URL does not parse: the user information runs to
 * the last "@" (a password typed with a raw "@" or "/" in it is still masked whole).
 */
export function maskUrl(text: string): string {
  const password = rawPassword(text);
  if (password === '') return text;
  const at = text.lastIndexOf('@');
  return `${text.slice(0, at - password.length)}***${text.slice(at)}`;
}

/** Removes a password from any text (an error message of the client library, say). */
export function withoutPassword(text: string, location: StoreLocation): string {
  let result = location.kind === 'postgres' ? text.split(location.url).join(location.shown) : text;
  if (location.kind === 'postgres') for (const secret of location.secrets) result = result.split(secret).join('***');
  return result;
}

const copyTimeouts = { queryTimeoutMs: 60_000, transactionTimeoutMs: 120_000, poolSize: 2 };

export async function openSource(location: StoreLocation): Promise<OpenedStore> {
  if (location.kind === 'postgres') {
    await refuseNodes(location, 'from');
    const store = await openPostgresStore(location.url, copyTimeouts);
    return { store, close: () => store.close() };
  }
  const { dir } = location;
  try {
    await access(dir);
  } catch {
    throw new CopyError(`data folder ${dir} does not exist`);
  }
  if (!(await hasStoreFiles(dir)))
    throw new CopyError(`${dir} holds no SCIM Desk store (no directory.json, no journal folder)`);
  const lock = await lockFolder(dir);
  try {
    const store = new EmbeddedDirectoryStore(await openStore(dir, { compactOnClose: false }));
    return { store, close: () => store.close().finally(() => lock.release()) };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/**
 * Opens the target, refusing one that holds anything unless `replace`; then empties it and starts its feed
 * after `feedStart`.
 */
export async function openTarget(
  location: StoreLocation,
  options: { replace: boolean; feedStart: number },
): Promise<OpenedStore> {
  if (location.kind === 'postgres') {
    await refuseNodes(location, 'to');
    const store = await openPostgresStore(location.url, copyTimeouts);
    try {
      await refuseUnlessEmpty(store, location, options.replace);
      await emptyForCopy(location.url, options.feedStart);
    } catch (error) {
      await store.close();
      throw error;
    }
    return { store, close: () => store.close(), startBulk: () => PostgresBulkLoad.start(location.url) };
  }
  const { dir } = location;
  const lock = await lockFolder(dir);
  try {
    // With --replace the old store is not even opened: a damaged one can be replaced too.
    if (!options.replace && (await hasStoreFiles(dir))) {
      const existing = new EmbeddedDirectoryStore(await openStore(dir, { compactOnClose: false }));
      try {
        await refuseUnlessEmpty(existing, location, options.replace);
      } finally {
        await existing.close();
      }
    }
    await startFreshStore(dir, options.feedStart);
    const store = new EmbeddedDirectoryStore(await openStore(dir));
    return { store, close: () => store.close().finally(() => lock.release()) };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function refuseUnlessEmpty(store: DirectoryStore, location: StoreLocation, replace: boolean): Promise<void> {
  if (replace) return;
  const held = await storeContents(store);
  if (held.users + held.groups + held.documents + held.lastEventPos === 0) return;
  const parts = [count(held.users, 'user'), count(held.groups, 'group'), count(held.documents, 'document')];
  if (held.lastEventPos > 0) parts.push(`a change feed at position ${held.lastEventPos}`);
  throw new CopyError(
    `the target ${location.shown} is not empty (${parts.join(', ')}); nothing was copied. Add --replace to erase it and copy over it.`,
  );
}

async function lockFolder(dir: string): Promise<DataFolderLock> {
  const holder = await readDataFolderLock(dir);
  if (holder?.holder === 'server') {
    throw new CopyError(
      `data folder ${dir} is in use by scim-desk serve (pid ${holder.pid}); stop it first, then copy`,
    );
  }
  return acquireDataFolderLock(dir, { holder: 'cli', command: 'store copy' });
}

async function refuseNodes(location: Extract<StoreLocation, { kind: 'postgres' }>, side: 'from' | 'to'): Promise<void> {
  const connected = await nodeConnections(location.url).catch((error: unknown) => {
    throw new CopyError(
      `cannot reach ${location.shown}: ${error instanceof Error ? withoutPassword(error.message, location) : String(error)}`,
    );
  });
  if (connected > 0) {
    throw new CopyError(
      `${location.shown} has ${connected} connection${connected === 1 ? '' : 's'} of running SCIM Desk nodes; stop every scim-desk serve on it first, then copy ${side} it`,
    );
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function rawPassword(text: string): string {
  const start = text.indexOf('://');
  const at = text.lastIndexOf('@');
  const colon = text.indexOf(':', start + 3);
  return start < 0 || at < start || colon < 0 || colon > at ? '' : text.slice(colon + 1, at);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
