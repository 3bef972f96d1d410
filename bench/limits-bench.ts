/**
 * The most expensive requests a client may send within the limits of one request (server/scim/limits.ts),
 * through the real protocol core, store and activity log in a temp data folder: CPU per request (parse,
 * handle, commit, log), the median of several tries, against a target of 50 ms. The refused ones are refused
 * for their work after doing at most the work budget's share; the accepted ones sit just under a limit.
 *
 *   npx tsx bench/limits-bench.ts [--tries N]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ActivityLog } from '../server/activity/activity-log.js';
import { Directory } from '../server/directory/directory.js';
import { ScimProtocol } from '../server/scim/protocol/handle.js';
import { SCIM_LIMITS } from '../server/scim/limits.js';
import { EmbeddedDirectoryStore } from '../server/store/embedded/embedded-directory-store.js';
import { openStore } from '../server/store/index.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const TARGET_MS = 50;

interface Case {
  name: string;
  method: string;
  path: () => string;
  body: () => unknown;
}

export interface LimitsBenchRow {
  name: string;
  status: number;
  bodyBytes: number;
  cpuMs: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function runLimitsBench(tries = 7): Promise<LimitsBenchRow[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-limits-bench-'));
  const store = await openStore(dir);
  const activity = await ActivityLog.open(dir);
  const protocol = new ScimProtocol(new Directory(new EmbeddedDirectoryStore(store)));
  const baseUrl = 'http://127.0.0.1/scim/v2';
  const call = async (method: string, route: string, text: string | undefined) => {
    const body = text === undefined ? undefined : (JSON.parse(text) as unknown);
    const { response } = await protocol.handle({
      method,
      path: route,
      query: {},
      headers: {},
      body,
      baseUrl,
      tokenId: 'bench',
    });
    const sent = response.body === undefined ? undefined : JSON.stringify(response.body);
    activity.append({
      kind: 'scim',
      method,
      path: `/scim/v2${route}`,
      query: '',
      status: response.status,
      durationMs: 0,
      tokenId: 'bench',
      tokenLabel: 'bench',
      userAgent: 'bench',
      clientIp: '127.0.0.1',
      requestBody: body,
      ...(text === undefined ? {} : { requestJson: text }),
      responseBody: response.body,
      ...(sent === undefined ? {} : { responseJson: sent }),
    });
    return response;
  };
  try {
    const emails = (n: number, width = 20) =>
      Array.from({ length: n }, (_, i) => ({
        value: `${String(i).padStart(3, '0')}${'m'.repeat(Math.max(0, width - 15))}@example.com`,
        type: 'work',
      }));
    const user = await call(
      'POST',
      '/Users',
      JSON.stringify({
        schemas: [USER],
        userName: 'target@example.com',
        emails: emails(SCIM_LIMITS.maxValuesPerAttribute),
      }),
    );
    const userId = (user.body as { id: string }).id;
    const memberIds: string[] = [];
    for (let i = 0; i < 1_000; i++)
      memberIds.push(
        (
          (await call('POST', '/Users', JSON.stringify({ schemas: [USER], userName: `m${i}@example.com` }))).body as {
            id: string;
          }
        ).id,
      );
    const group = await call(
      'POST',
      '/Groups',
      JSON.stringify({
        schemas: [GROUP],
        displayName: 'Big',
        members: memberIds.slice(0, 600).map((value) => ({ value })),
      }),
    );
    const groupId = (group.body as { id: string }).id;
    let round = 0;
    const ops = (n: number, op: (i: number) => unknown) => ({
      schemas: [PATCH_OP],
      Operations: Array.from({ length: n }, (_, i) => op(i)),
    });
    const slowRemoval = { op: 'remove', path: 'emails[value eq "zz" or value co "qq" or type eq "nope"]' };

    const cases: Case[] = [
      {
        name: 'PATCH user: 1,000 filtered removals over 100 emails',
        method: 'PATCH',
        path: () => `/Users/${userId}`,
        body: () => ops(1_000, () => slowRemoval),
      },
      {
        name: 'PATCH user: 1,000 sub-attribute replaces over 100 emails',
        method: 'PATCH',
        path: () => `/Users/${userId}`,
        body: () => ops(1_000, (i) => ({ op: 'replace', path: 'emails.display', value: `d${i}` })),
      },
      {
        name: 'PATCH user: 1,000 removals of listed emails',
        method: 'PATCH',
        path: () => `/Users/${userId}`,
        body: () => ops(1_000, (i) => ({ op: 'remove', path: 'emails', value: [{ value: `zz${i}` }] })),
      },
      {
        name: 'PATCH user: 1,000 pathless replaces of 5 attributes',
        method: 'PATCH',
        path: () => `/Users/${userId}`,
        body: () =>
          ops(1_000, (i) => ({
            op: 'replace',
            value: {
              title: `t${i}`,
              displayName: 'd',
              nickName: 'n',
              name: { givenName: 'g', familyName: 'f' },
              locale: 'en',
            },
          })),
      },
      {
        name: 'PUT user: 64 emails of 16,000 characters (~1 MiB)',
        method: 'PUT',
        path: () => `/Users/${userId}`,
        body: () => ({ schemas: [USER], userName: 'target@example.com', emails: emails(64, 16_000) }),
      },
      {
        name: 'POST group with 1,000 members',
        method: 'POST',
        path: () => '/Groups',
        body: () => ({
          schemas: [GROUP],
          displayName: `Full ${++round}`,
          members: memberIds.map((value) => ({ value })),
        }),
      },
      {
        name: 'PATCH group: remove and add 500 members',
        method: 'PATCH',
        path: () => `/Groups/${groupId}`,
        body: () => ({
          schemas: [PATCH_OP],
          Operations: [
            { op: 'remove', path: 'members', value: memberIds.slice(0, 500).map((value) => ({ value })) },
            { op: 'add', path: 'members', value: memberIds.slice(0, 500).map((value) => ({ value })) },
          ],
        }),
      },
      {
        name: 'PATCH group: 200 removals by display over 600 members',
        method: 'PATCH',
        path: () => `/Groups/${groupId}`,
        body: () => ops(200, () => ({ op: 'remove', path: 'members[display eq "nobody"]' })),
      },
    ];
    const rows: LimitsBenchRow[] = [];
    for (const c of cases) {
      const samples: number[] = [];
      let status = 0;
      let bodyBytes = 0;
      for (let t = 0; t < tries; t++) {
        const text = JSON.stringify(c.body());
        bodyBytes = Buffer.byteLength(text);
        const start = process.cpuUsage();
        status = (await call(c.method, c.path(), text)).status;
        samples.push(cpuMs(start));
      }
      rows.push({ name: c.name, status, bodyBytes, cpuMs: median(samples) });
    }
    return rows;
  } finally {
    await activity.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { tries: { type: 'string', default: '7' } } });
  const rows = await runLimitsBench(Number(values.tries));
  console.log(
    `the costliest requests within the limits of one request (CPU per request, median; target ${TARGET_MS} ms)`,
  );
  for (const row of rows) {
    console.log(
      `  ${row.name.padEnd(58)} ${String(row.status).padEnd(4)} ${(row.bodyBytes / 1024).toFixed(0).padStart(5)} KB   cpu ${row.cpuMs.toFixed(1).padStart(5)} ms`,
    );
  }
}
