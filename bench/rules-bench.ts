/**
 * Rules engine benchmark (docs/decisions.md#performance-budgets): 50,000 users in 20 groups each, 200 rules in all
 * six condition forms. Prints the full evaluation time (< 1 s), a one-rule change preview (< 300 ms) and one
 * incremental re-evaluation after a membership change (< 5 ms).
 *
 *   npx tsx bench/rules-bench.ts
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { AccessIndex } from '../server/rules/access-index.js';
import type { DirectoryUser } from '../server/rules/access.js';
import { serializeCondition, type Condition } from '../server/rules/condition.js';
import { GLOBAL_OU_ID } from '../server/rules/organizational-units.js';
import { previewRules } from '../server/rules/preview.js';
import type { Rule } from '../server/rules/rule.js';
import { BUILT_IN_ROLES, SUPER_ADMIN_ROLE_ID } from '../server/rules/roles.js';

export interface RulesBenchFigures {
  readonly users: number;
  readonly groupsPerUser: number;
  readonly rules: number;
  readonly loadMs: number;
  readonly fullEvaluationMs: number;
  readonly onePassEvaluationMs: number;
  readonly oneRulePreviewMs: number;
  readonly previewUsersEvaluated: number;
  readonly incrementalUpdateMs: number;
  /** Process CPU time of each step (on a busy machine wall time includes waiting for a core). */
  readonly cpu: {
    readonly load: number;
    readonly fullEvaluation: number;
    readonly warm: number;
    readonly preview: number;
  };
  readonly accessEntriesPerUser: number;
  readonly conflicts: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FUNCTIONS = [
  'Admins',
  'Backup',
  'Helpdesk',
  'Audit',
  'Engineering',
  'Sales',
  'Finance',
  'Support',
  'Ops',
  'Reporting',
];
const REGIONS = ['EMEA', 'APAC', 'AMER', 'LATAM', 'ANZ', 'Nordics', 'DACH'];
const team = (n: number) => `Team ${String(n).padStart(4, '0')}`;

export function buildDataset(userCount = 50_000, groupsPerUser = 20, ruleCount = 200, groupCount = 2_000) {
  const next = random(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  // Two groups per team ("Team 0123 Backup EMEA", "Team 0123 Helpdesk APAC"): a team keyword matches 2 groups.
  const groups = Array.from(
    { length: groupCount },
    (_, i) => `${team(Math.floor(i / 2))} ${FUNCTIONS[i % FUNCTIONS.length]} ${REGIONS[i % REGIONS.length]}`,
  );
  const anyTeam = () => team(Math.floor(next() * (groupCount / 2)));
  const users: DirectoryUser[] = Array.from({ length: userCount }, (_, i) => {
    const own = new Set<string>();
    while (own.size < groupsPerUser) own.add(pick(groups));
    return { id: `user-${i}`, userName: `user${i}@example.com`, active: i % 50 !== 0, groups: [...own] };
  });
  users[0] = {
    id: 'user-0',
    userName: 'admin@example.com',
    active: true,
    groups: ['Clumio Admins', ...users[0]!.groups.slice(1)],
  };

  const ous = [GLOBAL_OU_ID, ...Array.from({ length: 50 }, (_, i) => `ou-${i}`)];
  // Targeted rules (each matches 1-4% of users) in all six forms, plus a few broad ones ("every Backup group").
  const conditions: (() => Condition)[] = [
    () => ({ kind: 'eq', group: pick(groups) }),
    () => ({ kind: 'in', groups: [pick(groups), pick(groups), pick(groups)] }),
    () => ({ kind: 'all', groups: [pick(groups), pick(groups)] }),
    () => ({ kind: 'contains-any', keywords: [anyTeam()] }),
    () => ({ kind: 'contains-any', keywords: [anyTeam(), anyTeam()] }),
    () => ({ kind: 'contains-all', keywords: [anyTeam(), pick(FUNCTIONS)] }),
  ];
  const broad: (() => Condition)[] = [
    () => ({ kind: 'contains-any', keywords: [pick(FUNCTIONS)] }),
    () => ({ kind: 'contains-all', keywords: [pick(FUNCTIONS), pick(REGIONS)] }),
  ];
  const rules: Rule[] = [
    {
      rule_id: 'rule-super-admins',
      name: 'Super Admins',
      condition: serializeCondition({ kind: 'eq', group: 'Clumio Admins' }),
      provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: [GLOBAL_OU_ID] },
    },
  ];
  for (let i = 1; i < ruleCount; i++) {
    const ouCount = 1 + Math.floor(next() * 3);
    rules.push({
      rule_id: `rule-${i}`,
      name: `Rule ${i}`,
      condition: serializeCondition(i % 50 === 0 ? broad[(i / 50) % 2]!() : conditions[i % conditions.length]!()),
      provision: {
        role_id: pick(BUILT_IN_ROLES.slice(1)).id,
        organizational_unit_ids: [...new Set(Array.from({ length: ouCount }, () => pick(ous.slice(1))))],
      },
    });
  }
  return { users, rules, groups };
}

/** Wall time in ms. The CPU time of the main thread's process is tracked beside it (see cpuMs). */
let cpuMs = 0;
function time<T>(run: () => T): [T, number] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = run();
  const used = process.cpuUsage(cpu);
  cpuMs = (used.user + used.system) / 1000;
  return [result, performance.now() - start];
}

export function runRulesBench(): RulesBenchFigures {
  const { users, rules, groups } = buildDataset();
  const [index, loadMs] = time(() => new AccessIndex({ users }));
  const loadCpu = cpuMs;
  const [changes, fullEvaluationMs] = time(() => index.setRules(rules));
  const fullCpu = cpuMs;
  if (changes.length === 0) throw new Error('the benchmark rules gave nobody access');
  // A second pass over an unchanged set: evaluation plus diff, with warm caches.
  const [, onePassEvaluationMs] = time(() => index.setRules(rules));
  const warmCpu = cpuMs;

  const edited = rules.map((rule) =>
    rule.rule_id === 'rule-6' ? { ...rule, condition: serializeCondition({ kind: 'eq', group: groups[7]! }) } : rule,
  );
  const [preview, oneRulePreviewMs] = time(() => previewRules(rules, edited, index));
  const previewCpu = cpuMs;
  let entries = 0;
  for (const u of index.users()) entries += index.accessOf(u.id).length;

  const user = index.getUser('user-123')!;
  const [, incrementalUpdateMs] = time(() =>
    index.upsertUser({ ...user, groups: [...user.groups.slice(1), groups[1234]!] }),
  );

  return {
    users: users.length,
    groupsPerUser: 20,
    rules: rules.length,
    loadMs,
    fullEvaluationMs,
    onePassEvaluationMs,
    oneRulePreviewMs,
    previewUsersEvaluated: preview.counts.users_evaluated,
    incrementalUpdateMs,
    cpu: { load: loadCpu, fullEvaluation: fullCpu, warm: warmCpu, preview: previewCpu },
    accessEntriesPerUser: entries / users.length,
    conflicts: index.conflicts().length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = runRulesBench();
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`rules engine: ${f.users.toLocaleString('en')} users x ${f.groupsPerUser} groups, ${f.rules} rules`);
  console.log(
    `  (${f.accessEntriesPerUser.toFixed(1)} access entries per user, ${f.conflicts.toLocaleString('en')} conflicts)`,
  );
  console.log(`  load users into the index          ${ms(f.loadMs)}   cpu ${ms(f.cpu.load)}`);
  console.log(
    `  full evaluation (setRules)         ${ms(f.fullEvaluationMs)}   cpu ${ms(f.cpu.fullEvaluation)}   budget 1000 ms`,
  );
  console.log(`  full re-evaluation, warm           ${ms(f.onePassEvaluationMs)}   cpu ${ms(f.cpu.warm)}`);
  console.log(
    `  one-rule change preview            ${ms(f.oneRulePreviewMs)}   cpu ${ms(f.cpu.preview)}   budget 300 ms (${f.previewUsersEvaluated} users evaluated)`,
  );
  console.log(`  one incremental user update        ${ms(f.incrementalUpdateMs)}   budget 5 ms`);
}
