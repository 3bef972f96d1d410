/**
 * Where a node keeps its directory: the embedded store in its data folder (the default), or a PostgreSQL
 * database shared by several nodes (`--store postgres://user:password@host:port/db`, or SCIM_DESK_STORE).
 * The connection string holds a password: only `describeStore` may show it to a person, and it never does.
 */

export const STORE_ENV = 'SCIM_DESK_STORE';

/** A PostgreSQL connection string, checked; undefined for the embedded store. */
export function storeUrlFrom(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = flag ?? env[STORE_ENV];
  if (given === undefined || given.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(given.trim());
  } catch {
    throw new StoreLocationError(
      `--store must be a PostgreSQL connection string such as postgres://user:password@host:5432/scimdesk, not "${redactedText(given)}"`,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StoreLocationError(
      `--store must be a postgres:// connection string (SCIM Desk keeps its directory in PostgreSQL or in the data folder), not a ${url.protocol.replace(/:$/, '')}: URL`,
    );
  }
  if (url.hostname === '' || url.pathname.replace(/^\//, '') === '') {
    throw new StoreLocationError(
      `--store needs a host and a database: postgres://user:password@host:5432/DATABASE (got ${describeStore(given)})`,
    );
  }
  return given.trim();
}

/** The store as a person may see it: `postgres://user@host:5432/db` (never the password), or the data folder. */
export function describeStore(url: string | undefined): string {
  if (url === undefined) return 'embedded (in the data folder)';
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = ''; // may carry a password too (?password=...)
    return parsed.toString();
  } catch {
    return 'postgres://(unreadable connection string)';
  }
}

/** Something that is not a URL, with anything after a colon and before an @ hidden, just in case. */
function redactedText(text: string): string {
  return text.replace(/:[^:@/]*@/, ':***@').slice(0, 80);
}

export class StoreLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreLocationError';
  }
}
