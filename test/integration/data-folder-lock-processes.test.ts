// The data folder lock against real processes: pid reuse, zombies, live holders and races
// (docs/storage.md#the-data-folder-lock).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { acquireDataFolderLock, readDataFolderLock } from '../../server/store/index.js';
import { REPO_ROOT, spawnServe, type ServeProcess, createTokenWithCli } from '../helpers/cli.js';
import { makeDataDir, removeDataDir } from '../helpers/store-fixtures.js';

const CONTENDER = join(REPO_ROOT, 'test', 'helpers', 'lock-contender.ts');
let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dataDir = await makeDataDir();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await removeDataDir(dataDir);
});

interface Contender {
  child: ChildProcess;
  /** Resolves once the contender is loaded and waiting for `go()` (at once with `now`). */
  ready: Promise<void>;
  go(): void;
  answer: Promise<{ ok: boolean; pid?: number; code?: string; message?: string }>;
}

function startContender(holder: 'server' | 'cli', options: { now?: boolean; viaShell?: boolean } = {}): Contender {
  const args = ['--import', 'tsx', CONTENDER, dataDir, holder, ...(options.now ? ['--now'] : [])];
  // Through `sh -c '… & exec sleep'`, the contender's parent becomes a `sleep` that never reaps it, so a
  // killed contender stays a zombie: its pid still "exists" for kill(pid, 0).
  const child = options.viaShell
    ? spawn(
        'sh',
        ['-c', `"${process.execPath}" ${args.map((a) => `'${a}'`).join(' ')} & echo $! >&2; exec sleep 120`],
        { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
      )
    : spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  if (options.now) markReady();
  const answer = new Promise<{ ok: boolean; pid?: number; code?: string; message?: string }>((resolve, reject) => {
    lines.on('line', (line) => {
      const message = JSON.parse(line) as { ready?: boolean; ok: boolean };
      if (message.ready) markReady();
      else resolve(message);
    });
    child.once('exit', (code) => reject(new Error(`contender exited (${code}) without answering`)));
  });
  answer.catch(() => undefined);
  return { child, ready, go: () => child.stdin!.write('go\n'), answer };
}

function processState(pid: number): string | undefined {
  const result = spawnSync('sh', ['-c', `cat /proc/${pid}/stat 2>/dev/null`], { encoding: 'utf8' });
  return result.stdout.split(') ')[1]?.[0];
}

const lockPath = () => join(dataDir, 'scim-desk.lock');

describe('the data folder lock, held by real processes', () => {
  it('is refused while another live process holds it, naming the command', async () => {
    const holder = startContender('cli', { now: true });
    expect(await holder.answer).toMatchObject({ ok: true });
    await expect(acquireDataFolderLock(dataDir, { holder: 'server', command: 'serve' })).rejects.toMatchObject({
      code: 'locked',
      message: expect.stringContaining(`in use by scim-desk token create (pid ${holder.child.pid}`),
    });
    expect(await readDataFolderLock(dataDir)).toMatchObject({ pid: holder.child.pid, holder: 'cli' });
  });

  it('is taken over from a killed holder that is still a zombie (its pid still exists)', async () => {
    const holder = startContender('server', { now: true, viaShell: true });
    const answer = await holder.answer;
    expect(answer.ok).toBe(true);
    const pid = answer.pid!;
    process.kill(pid, 'SIGKILL');
    await vi.waitUntil(() => processState(pid) === 'Z', { timeout: 10_000, interval: 20 });
    expect(() => process.kill(pid, 0)).not.toThrow(); // what the old check relied on: the zombie "exists"

    const lock = await acquireDataFolderLock(dataDir, { holder: 'cli', command: 'token list' });
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toMatchObject({ pid: process.pid, holder: 'cli' });
    await lock.release();
    // The dead holder's beacon socket is cleaned up, not left in the folder.
    expect((await readdir(dataDir)).filter((name) => name.endsWith('.sock'))).toEqual([]);
  });

  it('is taken over when the recorded pid now belongs to an unrelated live process (pid reuse)', async () => {
    const holder = startContender('server', { now: true });
    expect((await holder.answer).ok).toBe(true);
    const recorded = JSON.parse(await readFile(lockPath(), 'utf8')) as Record<string, unknown>;
    holder.child.kill('SIGKILL');
    await new Promise((resolve) => holder.child.once('exit', resolve));
    // A container restarted on the same volume: the old lock's pid is now pid 1, alive and unrelated.
    await writeFile(lockPath(), JSON.stringify({ ...recorded, pid: 1 }));

    expect(await readDataFolderLock(dataDir)).toBeUndefined();
    const lock = await acquireDataFolderLock(dataDir, { holder: 'server', command: 'serve' });
    expect(lock.info.pid).toBe(process.pid);
    await lock.release();
  });

  it('lets exactly one of many processes take over the same stale lock, round after round', async () => {
    for (let round = 0; round < 3; round++) {
      await writeFile(
        lockPath(),
        JSON.stringify({
          pid: 1,
          holder: 'server',
          startedAt: '2026-01-01T00:00:00.000Z',
          beacon: join(dataDir, '.lock-gone.sock'),
          nonce: `old-${round}`,
        }),
      );
      const contenders = Array.from({ length: 6 }, () => startContender(round % 2 ? 'cli' : 'server'));
      // Each is loaded and waiting; release them together.
      await Promise.all(contenders.map((contender) => contender.ready));
      for (const contender of contenders) contender.go();
      const answers = await Promise.all(contenders.map((contender) => contender.answer));
      const winners = answers.filter((answer) => answer.ok);
      expect(winners).toHaveLength(1);
      expect(answers.filter((answer) => !answer.ok).every((answer) => answer.code === 'locked')).toBe(true);
      expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toMatchObject({ pid: winners[0]!.pid });
      for (const contender of contenders) contender.child.kill('SIGKILL');
      await Promise.all(
        contenders.map(
          (contender) =>
            new Promise((resolve) =>
              contender.child.exitCode !== null ? resolve(null) : contender.child.once('exit', resolve),
            ),
        ),
      );
    }
    // No takeover claim or temp file is left behind.
    expect((await readdir(dataDir)).filter((name) => name.includes('takeover') || name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

describe('two servers racing for a folder after a crash', () => {
  it('starts exactly one; what it acknowledged is there once after the next restart', async () => {
    const first = await spawnServe(dataDir);
    const { token } = await createTokenWithCli(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    // The killed server's lock names a pid that may be reused; make that certain.
    const recorded = JSON.parse(await readFile(lockPath(), 'utf8')) as Record<string, unknown>;
    await writeFile(lockPath(), JSON.stringify({ ...recorded, pid: 1 }));

    // A server prints its ready line only once it holds the folder, so "started" means "holds the lock".
    const attempts = await Promise.allSettled([spawnServe(dataDir), spawnServe(dataDir)]);
    const started = attempts
      .filter((attempt): attempt is PromiseFulfilledResult<ServeProcess> => attempt.status === 'fulfilled')
      .map((attempt) => attempt.value);
    for (const serve of started) children.push(serve.child);
    expect(started).toHaveLength(1);
    const loser = attempts.find((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected')!;
    expect(String(loser.reason)).toContain('is in use by scim-desk serve');
    const winner = started[0]!;
    expect(JSON.parse(await readFile(lockPath(), 'utf8'))).toMatchObject({ pid: winner.ready.pid, holder: 'server' });

    const created = await fetch(`${winner.ready.scimUrl}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'race@example.com' }),
    });
    expect(created.status).toBe(201);
    winner.child.kill('SIGKILL');
    await winner.exited;

    const next = await spawnServe(dataDir);
    children.push(next.child);
    const listed = await fetch(
      `${next.ready.scimUrl}/Users?filter=${encodeURIComponent('userName eq "race@example.com"')}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(((await listed.json()) as { totalResults: number }).totalResults).toBe(1);
  }, 60_000);
});
