/**
 * Stand-ins for cloudflared and ngrok: the real executables cannot be installed on these machines (no
 * binary in npm or Debian, no network to download one), so small scripts print their public URL the way
 * the real ones do, record their arguments, and run until stopped.
 */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const CLOUDFLARED = `#!/usr/bin/env node
require('fs').writeFileSync(process.env.STAND_IN_LOG_DIR + '/cloudflared.json', JSON.stringify({ args: process.argv.slice(2), pid: process.pid, ppid: process.ppid }));
const t = '2026-11-28T10:00:00Z';
const lines = [
  t + ' INF Thank you for trying Cloudflare Tunnel. Doing so, without a Cloudflare account, is a quick way to experiment and try it out.',
  t + ' INF Requesting new quick Tunnel on trycloudflare.com...',
  t + ' INF +--------------------------------------------------------------------------------------------+',
  t + ' INF |  Your quick Tunnel has been created! Visit it at (it may take some time to be reachable):  |',
  t + ' INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                                      |',
  t + ' INF +--------------------------------------------------------------------------------------------+',
];
setTimeout(() => process.stderr.write(lines.join('\\n') + '\\n'), 50);
setInterval(() => {}, 1000);
`;

const NGROK = `#!/usr/bin/env node
require('fs').writeFileSync(process.env.STAND_IN_LOG_DIR + '/ngrok.json', JSON.stringify({ args: process.argv.slice(2), pid: process.pid, ppid: process.ppid }));
const port = process.argv[3];
const lines = [
  { addr: '', lvl: 'info', msg: 'open config file', path: '/root/.config/ngrok/ngrok.yml', t: '2026-11-28T10:00:00Z' },
  { lvl: 'info', msg: 'client session established', obj: 'tunnels.session', t: '2026-11-28T10:00:01Z' },
  { addr: 'http://localhost:' + port, lvl: 'info', msg: 'started tunnel', name: 'command_line', obj: 'tunnels', t: '2026-11-28T10:00:01Z', url: 'https://7e1f-203-0-113-9.ngrok-free.app' },
];
setTimeout(() => process.stdout.write(lines.map((l) => JSON.stringify(l)).join('\\n') + '\\n'), 50);
setInterval(() => {}, 1000);
`;

/** A temp folder holding executable `cloudflared` and `ngrok` stand-ins; put it first on PATH. */
export async function writeTunnelStandIns(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-stand-ins-'));
  for (const [name, script] of [
    ['cloudflared', CLOUDFLARED],
    ['ngrok', NGROK],
  ] as const) {
    const file = path.join(dir, name);
    await writeFile(file, script);
    await chmod(file, 0o755);
  }
  return dir;
}
