import { spawnSync } from 'node:child_process';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataFolderLock, readDataFolderLock } from '../../server/store/index.js';
import { makeDataDir, modeOf, removeDataDir } from '../helpers/store-fixtures.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await makeDataDir();
});
afterEach(async () => {
  await removeDataDir(dataDir);
});

/** A pid that certainly belongs to no running process: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid ?? 999_999;
}

describe('the data folder lock', () => {
  it('is a private file describing its holder, readable by other commands', async () => {
    const lock = await acquireDataFolderLock(dataDir, { holder: 'server', scimUrl: null });
    const path = join(dataDir, 'scim-desk.lock');
    expect(await modeOf(path)).toBe(0o600);
    expect(await modeOf(dataDir)).toBe(0o700);
    await lock.update({ scimUrl: 'http://127.0.0.1:5000/scim/v2', controlSocket: '/tmp/x.sock' });
    expect(await readDataFolderLock(dataDir)).toMatchObject({
      pid: process.pid,
      holder: 'server',
      scimUrl: 'http://127.0.0.1:5000/scim/v2',
      controlSocket: '/tmp/x.sock',
    });
    await lock.release();
    expect(await readDataFolderLock(dataDir)).toBeUndefined();
  });

  it('refuses a second holder while the first is alive, saying who holds it', async () => {
    const lock = await acquireDataFolderLock(dataDir, { holder: 'server' });
    await expect(acquireDataFolderLock(dataDir, { holder: 'cli', command: 'token create' })).rejects.toMatchObject({
      name: 'StoreError',
      code: 'locked',
      message: expect.stringContaining(`data folder ${dataDir} is in use by scim-desk serve (pid ${process.pid}`),
    });
    await lock.release();
    const next = await acquireDataFolderLock(dataDir, { holder: 'cli', command: 'token create' });
    await next.release();
  });

  it('takes over a stale lock whose process is gone', async () => {
    await mkdir(dataDir, { recursive: true });
    const path = join(dataDir, 'scim-desk.lock');
    const stale = { pid: deadPid(), holder: 'server', startedAt: '2026-01-01T00:00:00.000Z' };
    await writeFile(path, JSON.stringify(stale));
    expect(await readDataFolderLock(dataDir)).toBeUndefined();

    const lock = await acquireDataFolderLock(dataDir, { holder: 'cli', command: 'token list' });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      pid: process.pid,
      holder: 'cli',
      command: 'token list',
    });
    await lock.release();
  });

  it('does not remove a lock that another holder has taken since', async () => {
    const lock = await acquireDataFolderLock(dataDir, { holder: 'server' });
    const path = join(dataDir, 'scim-desk.lock');
    const other = { pid: process.pid, holder: 'cli', startedAt: '2030-01-01T00:00:00.000Z' };
    await writeFile(path, JSON.stringify(other));
    await lock.release();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(other);
  });
});

describe('the data folder lock, proven by its holder', () => {
  const path = () => join(dataDir, 'scim-desk.lock');

  it('treats a lock with our own pid that this process does not hold as stale (a restarted pid 1)', async () => {
    await mkdir(dataDir, { recursive: true });
    for (const stale of [
      {
        pid: process.pid,
        holder: 'server',
        startedAt: '2026-01-01T00:00:00.000Z',
        nonce: 'from-a-previous-life',
        beacon: join(dataDir, '.lock-x.sock'),
      },
      { pid: process.pid, holder: 'server', startedAt: '2026-01-01T00:00:00.000Z' },
    ]) {
      await writeFile(path(), JSON.stringify(stale));
      expect(await readDataFolderLock(dataDir)).toBeUndefined();
      const lock = await acquireDataFolderLock(dataDir, { holder: 'server' });
      expect(JSON.parse(await readFile(path(), 'utf8'))).toMatchObject({ nonce: lock.info.nonce });
      await lock.release();
    }
  });

  it('asks the holder, not the pid: a live pid whose beacon refuses is stale', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      path(),
      JSON.stringify({
        pid: 1,
        holder: 'server',
        startedAt: '2026-01-01T00:00:00.000Z',
        nonce: 'n',
        beacon: join(dataDir, '.lock-gone.sock'),
      }),
    );
    expect(await readDataFolderLock(dataDir)).toBeUndefined();
    // An older lock (no beacon) of a server whose control socket is gone is stale too.
    await writeFile(
      path(),
      JSON.stringify({
        pid: 1,
        holder: 'server',
        startedAt: '2026-01-01T00:00:00.000Z',
        controlSocket: join(dataDir, 'control.sock'),
      }),
    );
    expect(await readDataFolderLock(dataDir)).toBeUndefined();
    const lock = await acquireDataFolderLock(dataDir, { holder: 'server' });
    await lock.release();
  });

  it('keeps the beacon listening while held and stops it on release', async () => {
    const lock = await acquireDataFolderLock(dataDir, { holder: 'cli', command: 'token list' });
    const beacon = lock.info.beacon!;
    expect(beacon.startsWith(dataDir)).toBe(true);
    const { probeBeacon } = await import('../../server/store/lock-beacon.js');
    expect(await probeBeacon(beacon)).toBe('alive');
    await lock.release();
    expect(await probeBeacon(beacon)).toBe('gone');
  });
});
