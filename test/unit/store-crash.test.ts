import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.js';
import { makeDataDir, removeDataDir } from '../helpers/store-fixtures.js';

const writerScript = fileURLToPath(new URL('../helpers/store-crash-writer.ts', import.meta.url));

let dataDir: string;

beforeEach(async () => {
  dataDir = await makeDataDir();
});
afterEach(async () => {
  await removeDataDir(dataDir);
});

/** Runs the writer until it has acknowledged `atLeast` commits, then SIGKILLs it mid-burst. */
async function killMidBurst(atLeast: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.split('\n').length > atLeast + 2) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => reject(new Error(`writer exited before the kill: ${stderr}`)));
  });
  expect(await exited).toBe('SIGKILL');
  // Only complete lines are acknowledgements; a line cut by the kill is dropped.
  return stdout.split('\n').slice(1, -1);
}

describe('a SIGKILL in the middle of a burst of commits', () => {
  it('loses no acknowledged transaction, twice in a row on the same folder', async () => {
    for (const round of [1, 2]) {
      const acknowledged = await killMidBurst(300);
      const store = await openStore(dataDir, { fsync: false, compactOnClose: false });
      const missing = acknowledged.filter((line) => {
        const [, userId, groupId] = line.split(' ');
        return !store.getUser(userId ?? '') || !store.members(groupId ?? '').has(userId ?? '');
      });
      expect(missing, `round ${round}`).toEqual([]);
      const acknowledgedSeqs = acknowledged.map((line) => Number(line.split(' ')[0]));
      expect(store.stats().seq).toBeGreaterThanOrEqual(Math.max(...acknowledgedSeqs));
      await store.close();
    }
  });
});
