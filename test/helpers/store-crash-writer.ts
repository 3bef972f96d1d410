/**
 * Child process for the crash test: commits transactions from 8 concurrent writers until killed, and
 * prints "<seq> <userId> <groupId>" only after each commit's promise resolved (i.e. it is durable).
 * Usage: node --import tsx test/helpers/store-crash-writer.ts <dataDir>
 */
import { openStore } from '../../server/store/index.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: store-crash-writer.ts <dataDir>');

// A small compaction threshold so the kill also lands during compactions.
const store = await openStore(dataDir, { compactAtBytes: 32 * 1024 });
const time = new Date().toISOString();
let next = store.userCount();

async function writer(): Promise<never> {
  for (;;) {
    const n = next++;
    const userId = `crash-user-${n}`;
    const groupId = `crash-group-${n}`;
    const meta = { created: time, lastModified: time, version: 1 };
    const done = store.commit([
      {
        op: 'putUser',
        record: { id: userId, meta, data: { userName: `crash${n}@example.com`, title: 'x'.repeat(200) } },
      },
      { op: 'putGroup', record: { id: groupId, meta, data: { displayName: `Crash ${n}` } } },
      { op: 'addMembers', groupId, members: [{ value: userId, type: 'User' }] },
    ]);
    const seq = store.stats().seq;
    await done;
    process.stdout.write(`${seq} ${userId} ${groupId}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: 8 }, writer));
