/**
 * `scim-desk store copy`: a data folder to PostgreSQL and back, as real CLI processes against a real
 * PostgreSQL (test/setup/postgres-cluster.ts), with `scim-desk serve` on the folders before and after. The
 * copy must carry everything (records, members in order, documents under their ids, the feed with its
 * positions), agree on counts and checksum both ways, refuse what it must, and never show a password.
 * The tests run in order and share the folders and the database: the first one fills the database.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreReading } from '../../server/store/copy/copy-store.js';
import { readStore } from '../../server/store/copy/copy-store.js';
import { canonicalJson } from '../../server/store/copy/store-digest.js';
import { EmbeddedDirectoryStore } from '../../server/store/embedded/embedded-directory-store.js';
import { openStore } from '../../server/store/index.js';
import { openPostgresStore } from '../../server/store/postgres/index.js';
import { SharedEvidenceTable } from '../../server/store/postgres/shared-evidence-table.js';
import { CLI, REPO_ROOT, createTokenWithCli, runCli, spawnServe, type ServeProcess } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { userRecord } from '../helpers/store-fixtures.js';

interface CopyReport {
  from: string;
  to: string;
  counts: { users: number; groups: number; memberships: number; documents: Record<string, number>; events: number };
  feed: { first: number; last: number };
  checksum: { source: string; target: string; match: boolean };
  wizardEvidence: boolean;
}

const BULK_USERS = 1_200; // more than two pages of the copy
const BULK_MEMBERS = 1_100;

let root: string;
let database: TestDatabase;
let scimToken: string;

const folder = (name: string) => path.join(root, name);

async function scim(
  serve: ServeProcess,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${serve.ready.scimUrl}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${scimToken}`,
      'Content-Type': 'application/scim+json',
      Accept: 'application/scim+json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

async function stop(serve: ServeProcess): Promise<void> {
  if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill('SIGTERM');
  await serve.exited;
}

/**
 * A SCIM answer without what names the server it came from (its URL), keys sorted: PostgreSQL's jsonb keeps
 * an object's keys in an order of its own, and JSON objects are unordered.
 */
function located(body: Record<string, unknown>, serve: ServeProcess): string {
  return canonicalJson(body).split(serve.ready.scimUrl).join('<scim>');
}

/** `scim-desk store copy ARGS --json`, with more time than runCli gives: a copy of a few thousand rows on a loaded machine. */
function runCopy(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'store', 'copy', ...args],
      { cwd: REPO_ROOT, timeout: 90_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

async function copy(
  args: string[],
): Promise<{ code: number; report: CopyReport | undefined; stdout: string; stderr: string }> {
  const result = await runCopy([...args, '--json']);
  const report =
    result.code === 0 || result.stdout.startsWith('{') ? (JSON.parse(result.stdout) as CopyReport) : undefined;
  return { ...result, report };
}

/** Stderr without the progress lines a slow copy prints (their number depends on the machine's load). */
function withoutProgress(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('scim-desk: copying '))
    .join('\n');
}

async function readFolder(dir: string): Promise<StoreReading> {
  const store = new EmbeddedDirectoryStore(await openStore(dir, { compactOnClose: false }));
  try {
    return await readStore(store);
  } finally {
    await store.close();
  }
}

async function readDatabase(url: string): Promise<StoreReading> {
  const store = await openPostgresStore(url);
  try {
    return await readStore(store);
  } finally {
    await store.close();
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('scim-desk store copy', { timeout: 240_000 }, () => {
  const answers = new Map<string, string>();
  let ids: { alice: string; engineers: string; all: string; bulk: string };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-store-copy-'));
    database = await createTestDatabase();
    scimToken = (await createTokenWithCli(folder('source'))).token;

    // The source: what Okta would have made through SCIM, on a real server.
    let serve = await spawnServe(folder('source'));
    try {
      const alice = await scim(serve, 'POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'alice@example.com',
        name: { givenName: 'Alice', familyName: 'Ng' },
        emails: [{ value: 'alice@example.com', primary: true }],
        active: true,
      });
      const bob = await scim(serve, 'POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'bob@example.com',
        externalId: '00u-bob',
        active: true,
      });
      expect([alice.status, bob.status]).toEqual([201, 201]);
      const engineers = await scim(serve, 'POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Engineers',
        members: [{ value: bob.body.id }, { value: alice.body.id }],
      });
      const all = await scim(serve, 'POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'All',
        members: [{ value: engineers.body.id }],
      });
      expect([engineers.status, all.status]).toEqual([201, 201]);
      const patched = await scim(serve, 'PATCH', `/Users/${String(bob.body.id)}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: false }],
      });
      expect(patched.status).toBe(200);
      ids = { alice: String(alice.body.id), engineers: String(engineers.body.id), all: String(all.body.id), bulk: '' };
    } finally {
      await stop(serve);
    }

    // More than a page of users and of one group's members, and a feed whose oldest events were pruned.
    const store = new EmbeddedDirectoryStore(await openStore(folder('source')));
    try {
      const bulk = Array.from({ length: BULK_USERS }, (_, n) =>
        userRecord(`bulk-${n}@example.com`, { displayName: `Bulk ${n}` }, `bulk-user-${n}`),
      );
      for (let start = 0; start < bulk.length; start += 400) {
        await store.transact(async (tx) => {
          for (const record of bulk.slice(start, start + 400)) await tx.putUser(record);
        });
      }
      ids.bulk = 'bulk-group';
      const time = new Date().toISOString();
      await store.transact(async (tx) => {
        await tx.putGroup({
          id: ids.bulk,
          meta: { created: time, lastModified: time, version: 3 },
          data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Bulk' },
        });
        // Added in reverse, so creation order and member order differ.
        await tx.addMembers(
          ids.bulk,
          bulk
            .slice(0, BULK_MEMBERS)
            .reverse()
            .map((user, n) => ({
              value: user.id,
              type: 'User' as const,
              ...(n % 2 === 0 ? { display: `shown ${n}` } : {}),
            })),
        );
      });
      const { first, last } = await store.eventBounds();
      expect(last).toBeGreaterThan(3);
      expect(first).toBe(1);
      await store.pruneEvents(2);
    } finally {
      await store.close();
    }

    // What SCIM answers on the source, to compare with the copy's answers.
    serve = await spawnServe(folder('source'));
    try {
      for (const route of [
        `/Users/${ids.alice}`,
        `/Groups/${ids.engineers}`,
        `/Groups/${ids.all}`,
        `/Groups/${ids.bulk}`,
        '/Users?filter=userName%20sw%20%22bulk-11%22&sortBy=userName',
        '/Users?startIndex=1190&count=20',
      ]) {
        const answer = await scim(serve, 'GET', route);
        expect(answer.status).toBe(200);
        answers.set(route, located(answer.body, serve));
      }
    } finally {
      await stop(serve);
    }
    // A webhook: its secret travels sealed with the folder's key.
    const hook = await runCli(['webhooks', 'add', 'http://127.0.0.1:9/hook', '--data', folder('source'), '--json']);
    expect(hook.code).toBe(0);
  }, 240_000); // three server starts and a dozen CLI runs: slow on a loaded machine

  afterAll(async () => {
    await database?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('copies a data folder to PostgreSQL and back with equal counts, checksums and SCIM answers', async () => {
    const there = await copy(['--from', folder('source'), '--to', database.url]);
    expect(there.code).toBe(0);
    expect(withoutProgress(there.stderr)).toBe(
      `scim-desk: webhook secrets and connection tokens stay sealed with ${folder('source')}/webhook-secrets.key: copy that file into the data folder of every node that serves ${there.report!.to}.\n`,
    );
    const counts = there.report!.counts;
    expect(counts).toMatchObject({ users: 2 + BULK_USERS, groups: 3, memberships: 2 + 1 + BULK_MEMBERS });
    expect(counts.documents).toMatchObject({ tokens: 1, webhooks: 1 });
    expect(there.report!.feed.first).toBe(3);
    expect(counts.events).toBe(there.report!.feed.last - 2);
    expect(there.report!.checksum.match).toBe(true);
    expect(there.report!.checksum.source).toBe(there.report!.checksum.target);
    expect(there.report!.to).toBe(database.url.replace(`:${database.info.password}@`, ':***@'));

    // The wizard's evidence (the source's SCIM requests settled steps) is now the database's shared row.
    const sourceEvidence = JSON.parse(await readFile(path.join(folder('source'), 'wizard-evidence.json'), 'utf8')) as {
      summary: { succeeded: Record<string, unknown> };
    };
    expect(Object.keys(sourceEvidence.summary.succeeded).length).toBeGreaterThan(0);
    expect(there.report!.wizardEvidence).toBe(true);
    const table = new SharedEvidenceTable(database.url);
    try {
      expect(canonicalJson(await table.read())).toBe(canonicalJson(sourceEvidence));
    } finally {
      await table.close();
    }

    // The database, read again by a fresh process of its own, agrees; so does the source folder.
    expect((await readDatabase(database.url)).checksum).toBe(there.report!.checksum.source);
    expect((await readFolder(folder('source'))).checksum).toBe(there.report!.checksum.source);

    const back = await copy(['--from', database.url, '--to', folder('back')]);
    expect(back.code).toBe(0);
    expect(back.report!.counts).toEqual(counts);
    expect(back.report!.feed).toEqual(there.report!.feed);
    expect(back.report!.checksum).toEqual(there.report!.checksum);
    expect(back.report!.wizardEvidence).toBe(true);
    expect(canonicalJson(JSON.parse(await readFile(path.join(folder('back'), 'wizard-evidence.json'), 'utf8')))).toBe(
      canonicalJson(sourceEvidence),
    );

    expect(back.stderr).toMatch(/copy that file into .*back before you start scim-desk serve on it\.\n$/);
    await copyFile(
      path.join(folder('source'), 'webhook-secrets.key'),
      path.join(folder('back'), 'webhook-secrets.key'),
    );
    const hooks = await runCli(['webhooks', 'list', '--data', folder('back'), '--json']);
    expect(hooks.code).toBe(0);
    expect(hooks.stdout).toContain('http://127.0.0.1:9/hook');

    // The copied folder serves the same answers, to the same SCIM token (copied as its hash).
    const serve = await spawnServe(folder('back'));
    try {
      for (const [route, answer] of answers)
        expect(located((await scim(serve, 'GET', route)).body, serve), route).toBe(answer);
      // New events continue the feed after the copied ones.
      const created = await scim(serve, 'POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'carol@example.com',
      });
      expect(created.status).toBe(201);
    } finally {
      await stop(serve);
    }
    const store = new EmbeddedDirectoryStore(await openStore(folder('back'), { compactOnClose: false }));
    try {
      const bounds = await store.eventBounds();
      expect(bounds.first).toBe(3);
      expect(bounds.last).toBeGreaterThan(there.report!.feed.last);
      const [next] = await store.eventsAfter(there.report!.feed.last, 1);
      expect(next!.pos).toBe(there.report!.feed.last + 1);
    } finally {
      await store.close();
    }
  });

  it('prints counts and the checksum for a person without --json', async () => {
    const result = await runCopy(['--from', folder('source'), '--to', folder('plain')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Copied ${folder('source')} to ${folder('plain')}:\\n`));
    expect(result.stdout).toMatch(new RegExp(`\\n  users +${2 + BULK_USERS}\\n`));
    expect(result.stdout).toMatch(/\n {2}memberships +1103\n/);
    expect(result.stdout).toMatch(/\n {2}events +\d+ \(positions 3 to \d+, kept\)\n/);
    expect(result.stdout).toMatch(/\n {2}checksum +sha256:[0-9a-f]{64} \(source and copy agree\)\n$/);
  });

  it('refuses a target that holds anything, leaving it as it was, and copies over it with --replace', async () => {
    const other = folder('other');
    await createTokenWithCli(other);
    await createTokenWithCli(other);
    const before = await readDatabase(database.url);
    expect(before.counts.users).toBe(2 + BULK_USERS);

    const refused = await copy(['--from', other, '--to', database.url]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^scim-desk: the target postgres:\/\/postgres:\*\*\*@.* is not empty \(1202 users, 3 groups, \d+ documents, a change feed at position \d+\); nothing was copied\. Add --replace to erase it and copy over it\.\n$/,
    );
    expect((await readDatabase(database.url)).checksum).toBe(before.checksum);

    const folderBefore = await readFolder(folder('back'));
    const refusedFolder = await copy(['--from', other, '--to', folder('back')]);
    expect(refusedFolder.code).toBe(1);
    expect(refusedFolder.stderr).toMatch(/is not empty .* Add --replace/);
    expect((await readFolder(folder('back'))).checksum).toBe(folderBefore.checksum);
    const replacedFolder = await copy(['--from', other, '--to', folder('back'), '--replace']);
    expect(replacedFolder.code).toBe(0);
    expect(replacedFolder.report!.counts.users).toBe(0);
    expect(await readFolder(folder('back'))).toMatchObject({
      checksum: replacedFolder.report!.checksum.source,
      counts: { users: 0, documents: { tokens: 2 } },
    });

    // What a fresh folder holds besides the two tokens (e.g. settings its commands wrote) is the source's business;
    // the copy must carry exactly that.
    const source = await readFolder(other);
    expect(source.counts).toMatchObject({ users: 0, groups: 0, documents: { tokens: 2 } });
    const replaced = await copy(['--from', other, '--to', database.url, '--replace']);
    expect(replaced.code).toBe(0);
    expect(replaced.report!.counts).toEqual(source.counts);
    const after = await readDatabase(database.url);
    expect(after.checksum).toBe(replaced.report!.checksum.source);
    expect(after.counts.users).toBe(0);
  });

  it('refuses a data folder that scim-desk serve holds, either way, and says to stop it', async () => {
    const serve = await spawnServe(folder('source'));
    try {
      const from = await copy(['--from', folder('source'), '--to', folder('elsewhere')]);
      expect(from.code).toBe(1);
      expect(from.stderr).toBe(
        `scim-desk: data folder ${folder('source')} is in use by scim-desk serve (pid ${serve.ready.pid}); stop it first, then copy\n`,
      );
      const to = await copy(['--from', folder('other'), '--to', folder('source'), '--replace']);
      expect(to.code).toBe(1);
      expect(to.stderr).toMatch(/in use by scim-desk serve .*stop it first/);
      // The server still answers from its untouched store.
      expect((await scim(serve, 'GET', `/Users/${ids.alice}`)).status).toBe(200);
    } finally {
      await stop(serve);
    }
  });

  it('refuses a database that a SCIM Desk node is connected to', async () => {
    const node = await openPostgresStore(database.url);
    try {
      const result = await copy(['--from', database.url, '--to', folder('from-busy')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^scim-desk: postgres:\/\/postgres:\*\*\*@.* has \d+ connections? of running SCIM Desk nodes; stop every scim-desk serve on it first, then copy from it\n$/,
      );
    } finally {
      await node.close();
    }
  });

  it('says in one line, with the password masked, when the database cannot be reached or refuses the login', async () => {
    const port = await closedPort();
    const unreachable = await runCli([
      'store',
      'copy',
      '--from',
      folder('source'),
      '--to',
      `postgres://copier:Sup3r-Secret@127.0.0.1:${port}/scim`,
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr).toMatch(
      new RegExp(
        `^scim-desk: cannot reach postgres://copier:\\*\\*\\*@127\\.0\\.0\\.1:${port}/scim: .*ECONNREFUSED.*\\n$`,
      ),
    );

    const wrongPassword = database
      .urlVia(database.info.host, database.info.port)
      .replace(`:${database.info.password}@`, ':Wr0ng-Passw0rd@');
    const refused = await runCli(['store', 'copy', '--from', wrongPassword, '--to', folder('never')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split('\n')).toHaveLength(2);
    expect(refused.stderr).toMatch(/^scim-desk: cannot reach postgres:\/\/postgres:\*\*\*@/);
    expect(refused.stderr).toMatch(/password authentication failed/);
    expect(refused.stderr + refused.stdout).not.toContain('Wr0ng-Passw0rd');

    const malformed = await runCli([
      'store',
      'copy',
      '--from',
      folder('source'),
      '--to',
      'postgres://copier:Sup3r-Secret@127.0.0.1:notaport/scim',
    ]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toBe(
      'scim-desk: postgres://copier:***@127.0.0.1:notaport/scim is not a valid PostgreSQL URL (expected postgres://user:password@host:port/database)\n',
    );
    for (const result of [unreachable, refused, malformed])
      expect(result.stderr + result.stdout).not.toContain('Sup3r-Secret');
  });

  it('answers usage errors with exit 2', async () => {
    const cases: [string[], string][] = [
      [['store'], ''],
      [['store', 'move'], 'scim-desk: unknown store command "move" (copy)\n'],
      [['store', 'copy', '--to', folder('x')], 'scim-desk: --from is required: a data folder or a postgres:// URL\n'],
      [
        ['store', 'copy', '--from', folder('source')],
        'scim-desk: --to is required: a data folder or a postgres:// URL\n',
      ],
      [
        ['store', 'copy', '--from', folder('source'), '--to', folder('source')],
        'scim-desk: --from and --to name the same store\n',
      ],
      [
        ['store', 'copy', '--from', folder('source'), '--to', folder('x'), '--force'],
        'scim-desk: unknown option "--force" (see --help)\n',
      ],
    ];
    // One at a time: seven CLI processes at once on a loaded machine can outlast runCli's own time limit.
    for (const [args, stderr] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      if (stderr !== '') expect(result.stderr).toBe(stderr);
    }
    const help = await runCli(['store', 'copy', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--replace/);
  });
});
