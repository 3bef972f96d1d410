// `npx scim-desk serve` right after `npm install`: the console must work, and no page may keep
// the login token in the address bar.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { startTestServer } from '../helpers/scim-server.js';

let checkout: string;

beforeAll(async () => {
  // A checkout as `npm install` leaves it: sources and node_modules, nothing built.
  checkout = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-checkout-'));
  for (const entry of ['bin', 'scripts', 'server', 'renderer', 'package.json', 'vite.config.ts', 'tsconfig.json']) {
    await cp(path.join(REPO_ROOT, entry), path.join(checkout, entry), { recursive: true });
  }
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
});
afterAll(async () => {
  await rm(checkout, { recursive: true, force: true });
});

describe('scim-desk serve in a fresh checkout', () => {
  it('builds the console on first serve and serves it; the JSON ready line is still the first stdout line', async () => {
    expect(existsSync(path.join(checkout, 'dist'))).toBe(false);
    const env = { ...process.env };
    delete env.SCIM_DESK_NO_UI_BUILD; // the suite sets it; a user's shell does not
    const child = spawn(
      process.execPath,
      [path.join(checkout, 'bin', 'scim-desk.js'), 'serve', '--data', path.join(checkout, 'data'), '--json'],
      {
        cwd: checkout,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const ready = await new Promise<{ adminUrl: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not get ready: ${stderr}`)), 90_000);
        createInterface({ input: child.stdout }).once('line', (line) => {
          clearTimeout(timer);
          resolve(JSON.parse(line) as { adminUrl: string });
        });
      });
      expect(stderr).toContain('building the console UI');
      expect(existsSync(path.join(checkout, 'dist', 'renderer', 'index.html'))).toBe(true);
      const page = await fetch(ready.adminUrl);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toMatch(/<script type="module"[^>]+src="\.\/assets\/index-[^"]+\.js"/);
      expect(html).not.toContain('not built');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 120_000);
});

describe('the admin page when the UI cannot be built', () => {
  it('takes the login token out of the address bar and says how to build the console', async () => {
    const server = await startTestServer({ desk: { rendererDir: path.join(checkout, 'no-such-build') } });
    try {
      const login = await fetch(`${server.desk.adminOrigin}/?token=${server.desk.adminToken}`, { redirect: 'manual' });
      expect(login.status).toBe(303);
      expect(login.headers.get('location')).toBe('/');
      const page = await fetch(`${server.desk.adminOrigin}/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('npm run build');
      expect(html).not.toContain(server.desk.adminToken);
    } finally {
      await server.stop();
    }
  });
});
