/**
 * SCIM filter and sort benchmark, in process: a compiled filter over 50,000 users (the scan a filter that no
 * index answers costs), sorting 50,000 users by userName, and how long hostile filters take to be refused
 * (each is stopped by a length or nesting bound; this shows the bound is reached quickly).
 *
 *   npx tsx bench/filter-bench.ts
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { compileFilter, compileSort, parseFilter } from '../server/scim/filter/index.js';
import { ScimError } from '../server/scim/errors.js';
import { ENTERPRISE_USER_SCHEMA, userResourceType } from '../server/scim/schemas/index.js';

const USERS = 50_000;

export interface FilterBenchFigures {
  readonly users: number;
  /** Median of 5 passes of a compiled filter over every user. */
  readonly filterScanMs: number;
  /** Median of 5 sorts of a shuffled copy. */
  readonly sortMs: number;
  /** Per hostile filter: the slowest of 5 refusals, in ms. */
  readonly hostile: ReadonlyArray<{ readonly name: string; readonly refusedMs: number }>;
}

function okta(i: number) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE_USER_SCHEMA],
    id: `id-${i}`,
    userName: `User${(i * 7919) % USERS}@example.com`,
    name: { givenName: `Given${i}`, familyName: `Family${i}` },
    displayName: `Given${i} Family${i}`,
    active: i % 2 === 0,
    emails: [
      { value: `user${i}@example.com`, type: 'work', primary: true },
      { value: `user${i}@home.example.org`, type: 'home' },
    ],
    [ENTERPRISE_USER_SCHEMA]: { department: `Department ${i % 40}` },
    meta: {
      resourceType: 'User',
      created: '2026-01-01T00:00:00Z',
      lastModified: '2026-01-01T00:00:00Z',
      version: 'W/"1"',
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const HOSTILE: ReadonlyArray<[string, string]> = [
  ['deep parentheses', `${'('.repeat(500)}userName eq "a"${')'.repeat(500)}`],
  ['deep not()', `${'not ('.repeat(200)}userName eq "a"${')'.repeat(200)}`],
  ['nested value paths', `${'emails['.repeat(50)}value eq "a"${']'.repeat(50)}`],
  ['a huge string', `userName eq "${'a'.repeat(200_000)}"`],
  ['a huge chain of or', Array.from({ length: 20_000 }, (_, i) => `userName eq "u${i}"`).join(' or ')],
];

export function runFilterBench(): FilterBenchFigures {
  const users = Array.from({ length: USERS }, (_, i) => okta(i));
  const matches = compileFilter(
    parseFilter('emails[type eq "work" and value sw "USER4999"] and active eq true'),
    userResourceType,
  );
  let found = 0;
  const filterScanMs = median(Array.from({ length: 5 }, () => timed(() => (found = users.filter(matches).length))));
  if (found !== 5) throw new Error(`the filter found ${found} users, expected 5`);

  const byUserName = compileSort(userResourceType, 'userName', 'ascending');
  const sortMs = median(
    Array.from({ length: 5 }, () => {
      const copy = [...users];
      return timed(() => copy.sort(byUserName));
    }),
  );

  const hostile = HOSTILE.map(([name, filter]) => {
    const refusedMs = Math.max(
      ...Array.from({ length: 5 }, () =>
        timed(() => {
          try {
            parseFilter(filter);
          } catch (error) {
            if (error instanceof ScimError && error.scimType === 'invalidFilter') return;
            throw error;
          }
          throw new Error(`${name}: accepted`);
        }),
      ),
    );
    return { name, refusedMs };
  });
  return { users: USERS, filterScanMs, sortMs, hostile };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const f = runFilterBench();
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`SCIM filters and sorting, ${f.users.toLocaleString('en')} users in memory:`);
  console.log(`  compiled filter over every user (emails[...] and active)   ${ms(f.filterScanMs)}   (median of 5)`);
  console.log(`  sort by userName                                           ${ms(f.sortMs)}   (median of 5)`);
  for (const { name, refusedMs } of f.hostile)
    console.log(`  hostile filter refused: ${name.padEnd(34)} ${ms(refusedMs)}   (slowest of 5)`);
}
