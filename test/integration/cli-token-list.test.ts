/**
 * `scim-desk token list` is read by a person at a terminal: times in that machine's time zone, to the minute,
 * with the zone said once; the exact ISO times are in `--json`. Real CLI processes on a real data folder,
 * with TZ set as a user's shell would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenWithCli, runCli } from '../helpers/cli.js';
import { localTime } from '../../server/cli/local-time.js';

const TOKYO_OFFSET_MS = 9 * 3_600_000; // Asia/Tokyo has no daylight saving time

/** What a Tokyo wall clock showed at `iso`, computed without Intl: "2026-12-08 01:16". */
const tokyoClock = (iso: string) =>
  new Date(Date.parse(iso) + TOKYO_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

describe('scim-desk token list', { timeout: 60_000 }, () => {
  let tmp: string;
  let dataDir: string;
  let tokenId: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-token-list-'));
    dataDir = path.join(tmp, 'data');
    tokenId = (await createTokenWithCli(dataDir, ['--label', 'Okta production', '--expires-in-days', '30'])).id;
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('shows local times to the minute and says their zone; --json keeps the exact ISO times', async () => {
    const json = await runCli(['token', 'list', '--data', dataDir, '--json'], { TZ: 'Asia/Tokyo' });
    expect(json.code).toBe(0);
    const [token] = JSON.parse(json.stdout) as { id: string; createdAt: string; expiresAt: string }[];
    expect(token!.id).toBe(tokenId);
    expect(token!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const human = await runCli(['token', 'list', '--data', dataDir], { TZ: 'Asia/Tokyo' });
    expect(human.code).toBe(0);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Times are local (Asia/Tokyo); --json gives them in ISO 8601.');
    const row = lines.find((line) => line.startsWith(tokenId))!;
    expect(row).toContain(`created ${tokyoClock(token!.createdAt)}`);
    expect(row).toContain(`expires ${tokyoClock(token!.expiresAt)}`);
    expect(row).toContain('last used never');
    expect(row).toMatch(/Okta production$/);
    expect(human.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  });

  it('follows the machine time zone', async () => {
    const tokyo = await runCli(['token', 'list', '--data', dataDir], { TZ: 'Asia/Tokyo' });
    const utc = await runCli(['token', 'list', '--data', dataDir], { TZ: 'UTC' });
    const created = (out: string) => /created (\S+ \S+)/.exec(out)?.[1];
    expect(created(utc.stdout)).toBeDefined();
    expect(created(tokyo.stdout)).not.toBe(created(utc.stdout));
  });

  it('rejects an unknown option in lower case, like every other CLI error', async () => {
    const result = await runCli(['token', 'list', '--data', dataDir, '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('scim-desk: unknown option "--bogus" (see --help)\n');
  });
});

describe('localTime', () => {
  it('writes a time as the given zone reads it, to the minute', () => {
    expect(localTime('2026-12-07T16:16:27.209Z', 'Asia/Tokyo')).toBe('2026-12-08 01:16');
    expect(localTime('2026-07-01T00:05:00Z', 'Europe/Berlin')).toBe('2026-07-01 02:05');
    expect(localTime('2026-12-31T23:59:59.999Z', 'UTC')).toBe('2026-12-31 23:59');
  });

  it('leaves a text that is not a time as it is', () => {
    expect(localTime('soon')).toBe('soon');
  });
});
