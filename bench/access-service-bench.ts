/**
 * The rules engine through the real access service and the real store (docs/decisions.md#performance-budgets):
 * 50,000 users in 20 groups each and 200 rules, stored in a lowdb data folder; then one Okta membership PATCH
 * (one user added to one group) through the Directory, timing the access service's share of the commit
 * (< 5 ms), and one rule edit committed to the store (a full re-evaluation with the diff, < 1 s).
 *
 *   npx tsx bench/access-service-bench.ts [--users N]
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { AccessService } from '../server/access/access-service.js';
import { putRuleOp } from '../server/access/stored-config.js';
import { Directory } from '../server/directory/directory.js';
import { serializeCondition } from '../server/rules/condition.js';
import { DocumentCache } from '../server/store/document-cache.js';
import { writeDocs } from '../server/store/doc-ops.js';
import { EmbeddedDirectoryStore } from '../server/store/embedded/embedded-directory-store.js';
import { openStore } from '../server/store/index.js';
import type { ResourceRecord, StoreOp } from '../server/store/types.js';
import { buildDataset } from './rules-bench.js';

export interface AccessServiceBenchFigures {
  readonly users: number;
  readonly rules: number;
  readonly storeLoadMs: number;
  readonly startMs: number;
  /** CPU time (user + system) of the same step: comparable on a busy machine. */
  readonly startCpuMs: number;
  readonly membershipPatchMs: number;
  readonly membershipPatchAccessMs: number;
  readonly membershipPatchEvents: number;
  readonly ruleEditAccessMs: number;
  readonly ruleEditCpuMs: number;
  readonly ruleEditEvents: number;
}

const CHUNK = 5_000;

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function record(data: Record<string, unknown>): ResourceRecord {
  const now = new Date().toISOString();
  return { id: randomUUID(), meta: { created: now, lastModified: now, version: 1 }, data };
}

export async function runAccessServiceBench(userCount = 50_000): Promise<AccessServiceBenchFigures> {
  const { users, rules, groups } = buildDataset(userCount);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-access-bench-'));
  const store = await openStore(dir);
  try {
    const loadStart = performance.now();
    const userIds = new Map<string, string>();
    for (let i = 0; i < users.length; i += CHUNK) {
      const ops: StoreOp[] = users.slice(i, i + CHUNK).map((user) => {
        const r = record({ userName: user.userName, active: user.active });
        userIds.set(user.id, r.id);
        return { op: 'putUser', record: r };
      });
      await store.commit(ops);
    }
    const groupIds = new Map<string, string>();
    const members = new Map<string, string[]>();
    for (const user of users)
      for (const group of user.groups)
        (members.get(group) ?? members.set(group, []).get(group)!).push(userIds.get(user.id)!);
    const groupOps: StoreOp[] = [];
    for (const name of new Set([...groups, ...members.keys()])) {
      const r = record({ displayName: name });
      groupIds.set(name, r.id);
      groupOps.push({ op: 'putGroup', record: r });
      const ids = members.get(name) ?? [];
      if (ids.length > 0)
        groupOps.push({ op: 'addMembers', groupId: r.id, members: ids.map((value) => ({ value, type: 'User' })) });
    }
    await store.commit(groupOps);
    await store.commit(rules.map(putRuleOp));
    const storeLoadMs = performance.now() - loadStart;

    const contract = new EmbeddedDirectoryStore(store);
    const documents = await DocumentCache.open(contract);
    // Subscribers follow a change one after the other: one before and one after the service bracket its share.
    let events = 0;
    let serviceStart = 0;
    let serviceMs = 0;
    contract.subscribe({ change: () => void (serviceStart = performance.now()), resync: () => undefined });
    const access = new AccessService({ store: contract, documents, activity: { append: () => events++ } });
    const startBegin = performance.now();
    const startCpu = process.cpuUsage();
    await access.start();
    const startMs = performance.now() - startBegin;
    const startCpuMs = cpuMs(startCpu);
    contract.subscribe({ change: () => void (serviceMs = performance.now() - serviceStart), resync: () => undefined });

    // Okta: PATCH /Groups/{id} {"op":"add","path":"members","value":[{"value":"<user id>"}]}
    const directory = new Directory(contract);
    const user = users[123]!;
    const target = 'Clumio Admins'; // gives Super Admin on the Global OU: one access event
    const patchBegin = performance.now();
    await directory.updateGroup(groupIds.get(target)!, () => ({
      members: [{ kind: 'add', members: [{ value: userIds.get(user.id)! }] }],
    }));
    const membershipPatchMs = performance.now() - patchBegin;
    const membershipPatchAccessMs = serviceMs;
    await access.flushed(); // access-change lines are written once what they tell is recorded
    const membershipPatchEvents = events;

    events = 0;
    const edited = { ...rules[6]!, condition: serializeCondition({ kind: 'eq', group: groups[7]! }) };
    const editCpu = process.cpuUsage();
    await writeDocs(contract, [putRuleOp(edited)]);
    const ruleEditAccessMs = serviceMs;
    const ruleEditCpuMs = cpuMs(editCpu);
    await access.flushed();

    access.stop();
    documents.close();
    return {
      users: users.length,
      rules: rules.length,
      storeLoadMs,
      startMs,
      startCpuMs,
      membershipPatchMs,
      membershipPatchAccessMs,
      membershipPatchEvents,
      ruleEditAccessMs,
      ruleEditCpuMs,
      ruleEditEvents: events,
    };
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '50000' } } });
  const f = await runAccessServiceBench(Number(values.users));
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(
    `access service over the real store: ${f.users.toLocaleString('en')} users x 20 groups, ${f.rules} rules`,
  );
  console.log(`  load the data folder (setup)              ${ms(f.storeLoadMs)}`);
  console.log(
    `  start: evaluate everyone from the store   ${ms(f.startMs)}   cpu ${ms(f.startCpuMs)}   budget 1000 ms`,
  );
  console.log(`  one membership PATCH, whole commit        ${ms(f.membershipPatchMs)}`);
  console.log(
    `    of which access re-evaluation + log     ${ms(f.membershipPatchAccessMs)}   budget 5 ms (${f.membershipPatchEvents} access events)`,
  );
  console.log(
    `  one rule edit: re-evaluate + diff + log   ${ms(f.ruleEditAccessMs)}   cpu ${ms(f.ruleEditCpuMs)}   budget 1000 ms (${f.ruleEditEvents} access events)`,
  );
}
