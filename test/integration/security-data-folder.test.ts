/**
 * The data folder against the other users of the machine, with real processes: `scim-desk serve` started from
 * a shell under `umask 000`, a folder owned by someone else or open to everyone's writes, and symbolic links
 * planted where SCIM Desk's files belong. Another user is played by uid 65534 (nobody), which this suite
 * can switch to because it runs as root, as the project's test machines do.
 */
import { spawn } from 'node:child_process';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';

const NOBODY = 65534;
let root: string;
let dataDir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-folder-'));
  dataDir = path.join(root, 'data');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Served {
  ready: { scimUrl: string; adminUrl: string; pid: number };
  stop(): Promise<void>;
}

/** `scim-desk serve` started by a shell with the given umask, as a user's login shell would. */
function serveWithUmask(umask: string): Promise<Served> {
  const child = spawn(
    'sh',
    ['-c', `umask ${umask} && exec "${process.execPath}" "${CLI}" serve --data "${dataDir}" --json`],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve({
        ready: JSON.parse(line) as Served['ready'],
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      }),
    );
    void exited.then(() => reject(new Error(`serve exited before it was ready: ${stderr}`)));
  });
}

/** Runs `node -e script` as another user; its standard output. */
function asOtherUser(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, ...args], {
      cwd: '/',
      uid: NOBODY,
      gid: NOBODY,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', () => resolve(out.trim()));
  });
}

/** Every entry under `dir`: name, type, size, mode and mtime, to show that nothing was written. */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const full = path.join(dir, name);
    const info = await lstat(full);
    out.push(`${path.relative(root, full)} ${info.mode.toString(8)} ${info.size} ${info.mtimeMs}`);
    if (info.isDirectory()) out.push(...(await snapshot(full)));
  }
  return out;
}

describe('under umask 000', () => {
  it('the control socket and the lock beacon are 0600, and another user cannot reach the admin API through them', async () => {
    // A folder others may enter but not write (allowed): then only the sockets' own modes keep them out.
    await chmod(root, 0o755);
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    const served = await serveWithUmask('000');
    try {
      const lock = JSON.parse(await readFile(path.join(dataDir, 'scim-desk.lock'), 'utf8')) as {
        controlSocket: string;
        beacon: string;
      };
      expect(lock.controlSocket).toBe(path.join(dataDir, 'control.sock'));
      for (const socket of [lock.controlSocket, lock.beacon]) {
        const info = await stat(socket);
        expect(info.isSocket()).toBe(true);
        expect((info.mode & 0o777).toString(8)).toBe('600');
      }
      // Everything else the server made is private too.
      for (const line of await snapshot(dataDir)) {
        const [name, mode] = line.split(' ') as [string, string];
        expect(Number.parseInt(mode, 8) & 0o077, name).toBe(0);
      }
      const createToken = `
        const req = require('node:http').request({ socketPath: process.argv[1], path: '/api/tokens', method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => console.log(res.statusCode));
        req.on('error', (error) => console.log(error.code));
        req.end(JSON.stringify({ label: 'stolen', expiresAt: null }));`;
      expect(await asOtherUser(createToken, [lock.controlSocket])).toBe('EACCES');
      expect(await asOtherUser(createToken, [lock.beacon])).toBe('EACCES');
    } finally {
      await served.stop();
    }
    // and the socket files go with the server
    expect((await readdir(dataDir)).filter((name) => name.endsWith('.sock'))).toEqual([]);
  });
});

describe('a data folder others could tamper with', () => {
  async function refused(args: string[]): Promise<string> {
    const before = await snapshot(root);
    const result = await runCli([...args, '--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(await snapshot(root)).toEqual(before); // nothing written
    return lines[0]!;
  }

  it('is refused when someone else owns it: one line that says how to fix it, exit 1, nothing written', async () => {
    await mkdir(dataDir, { mode: 0o700 });
    await chown(dataDir, NOBODY, NOBODY);
    expect(await refused(['serve', '--json'])).toBe(
      `scim-desk: the data folder ${dataDir} is owned by user id ${NOBODY}, not by you (user id ${process.getuid!()}); another user could change what SCIM Desk reads and writes there. Use a folder of your own, or make it yours: sudo chown -R ${process.getuid!()} ${dataDir}`,
    );
  });

  it('is refused when others can write it, or a folder in it, for serve and for offline commands alike', async () => {
    await mkdir(path.join(dataDir, 'activity'), { recursive: true, mode: 0o700 });
    await chmod(dataDir, 0o777);
    expect(await refused(['serve', '--json'])).toBe(
      `scim-desk: the data folder ${dataDir} can be written by other users (mode 777); they could plant links and sockets that SCIM Desk would use. Fix it with: chmod go-w ${dataDir}`,
    );
    await chmod(dataDir, 0o700);
    await chmod(path.join(dataDir, 'activity'), 0o775);
    expect(await refused(['token', 'create'])).toMatch(
      /^scim-desk: .*\/activity in the data folder .* can be written by other users \(mode 775\).*chmod go-w /,
    );
  });
});

describe('a symbolic link where a file of the data folder belongs', () => {
  const VICTIM_TEXT = "precious: not SCIM Desk's\n";

  it.each([
    'activity/activity.jsonl',
    'activity/unauthenticated.jsonl',
    'directory.json',
    'wizard-evidence.json',
    'webhook-secrets.key',
    'scim-desk.lock',
    'journal/0000000000000001.jsonl',
  ])('%s: the server refuses to start, and the file it points to is left as it was', async (name) => {
    const victim = path.join(root, 'victim.txt');
    await writeFile(victim, VICTIM_TEXT, { mode: 0o644 });
    await chmod(victim, 0o644);
    await mkdir(path.join(dataDir, path.dirname(name)), { recursive: true, mode: 0o700 });
    await symlink(victim, path.join(dataDir, name));

    const result = await runCli(['serve', '--data', dataDir, '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `scim-desk: refusing to open ${path.join(dataDir, name)}: it is a symbolic link, and SCIM Desk never follows links inside its data folder. Remove the link (and check who made it).`,
    );
    expect(await readFile(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect((await stat(victim)).mode & 0o777).toBe(0o644);
    expect(await readlink(path.join(dataDir, name))).toBe(victim); // left for the admin to look at
  });

  it('tunnel-process.json: an orphaned-tunnel record that is a link is not followed, and the server starts', async () => {
    // A process the link's target names: had the reaper followed the link, it would have stopped it.
    const bystander = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      const victim = path.join(root, 'victim.json');
      await writeFile(victim, JSON.stringify({ pid: bystander.pid, executable: 'sleep' }), { mode: 0o644 });
      await mkdir(dataDir, { mode: 0o700 });
      await symlink(victim, path.join(dataDir, 'tunnel-process.json'));
      const served = await serveWithUmask('022');
      await served.stop();
      expect(bystander.exitCode).toBeNull();
      expect(bystander.signalCode).toBeNull();
      expect(await readlink(path.join(dataDir, 'tunnel-process.json'))).toBe(victim);
    } finally {
      bystander.kill('SIGKILL');
    }
  });
});
