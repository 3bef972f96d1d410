/**
 * Seeds a large directory for the bench in bulk (bench/bulk-seed.ts says how, and what it writes).
 *
 * Run by bench/run.ts in a process of its own (the embedded store holds the directory in memory while it
 * writes): `tsx bench/seed.ts --data DIR [--store URL] --users N --origin TOKEN_ID --ids FILE`. It writes the
 * users' ids, one a line in creation order, to FILE, and prints one JSON line with what it did.
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { seedDirectory } from './bulk-seed.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    store: { type: 'string' },
    users: { type: 'string' },
    origin: { type: 'string' },
    ids: { type: 'string' },
  },
  strict: true,
});
const users = Number(values.users);
if (!values.data || !values.ids || !Number.isSafeInteger(users) || users < 1) {
  console.error('usage: tsx bench/seed.ts --data DIR [--store URL] --users N [--origin TOKEN_ID] --ids FILE');
  process.exit(2);
}

const started = performance.now();
const { ids, groups, memberships } = await seedDirectory({
  data: values.data,
  store: values.store,
  users,
  origin: values.origin,
  log: (line) => console.error(`seed: ${line}`),
});
const idsFile = createWriteStream(values.ids);
for (let from = 0; from < users; from += 10_000) idsFile.write(ids.slice(from, from + 10_000).join('\n') + '\n');
await new Promise<void>((resolve, reject) =>
  idsFile.end((error?: Error | null) => (error ? reject(error) : resolve())),
);
const seconds = Math.round((performance.now() - started) / 1000);
console.log(JSON.stringify({ users, groups, memberships, usersSeconds: seconds, seconds }));
