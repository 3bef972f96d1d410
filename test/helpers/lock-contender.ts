/**
 * Child process for the data folder lock tests: a real process that takes the lock and holds it until
 * killed. Without --now it prints {"ready":true} once loaded and then waits for a line on stdin before
 * trying, so several contenders can be released at once. Then prints one JSON line: {"ok":true,"pid":N} or
 * {"ok":false,"code":"locked","message":"..."}.
 * Usage: node --import tsx test/helpers/lock-contender.ts <dataDir> <server|cli> [--now]
 */
import { createInterface } from 'node:readline';
import { acquireDataFolderLock } from '../../server/store/index.js';

const [dataDir, holderArg = 'cli', when] = process.argv.slice(2);
const holder = holderArg === 'server' ? 'server' : 'cli';
if (!dataDir || (holderArg !== 'server' && holderArg !== 'cli'))
  throw new Error('usage: lock-contender.ts <dataDir> <server|cli> [--now]');

async function contend(): Promise<void> {
  try {
    await acquireDataFolderLock(dataDir!, { holder, command: holder === 'cli' ? 'token create' : 'serve' });
    process.stdout.write(`${JSON.stringify({ ok: true, pid: process.pid })}\n`);
    setInterval(() => undefined, 60_000); // hold until killed
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    process.stdout.write(`${JSON.stringify({ ok: false, code, message })}\n`);
    process.exit(0);
  }
}

if (when === '--now') void contend();
else {
  createInterface({ input: process.stdin }).once('line', () => void contend());
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}
