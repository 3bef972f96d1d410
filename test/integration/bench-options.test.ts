/** `npm run bench -- --help` prints the options (it used to crash with a stack trace), and a bad
 * option is a one-screen usage error with exit code 2. Runs the real bench entry point, which exits before
 * any load starts. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/e2e-browser.js';

const bench = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('bench options', { timeout: 120_000 }, () => {
  it('--help prints every option and exits 0', () => {
    const result = bench('--help');
    expect(result.status).toBe(0);
    for (const option of [
      '--users N',
      '--runs N',
      '--store S',
      '--nodes N',
      '--skip-rules',
      '--activity-window',
      '--webhook',
      '--console',
      '--help',
    ])
      expect(result.stdout).toContain(option);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it.each([
    [['--no-such-flag'], /Unknown option '--no-such-flag'/],
    [['--users', 'many'], /--users must be a whole number/],
    [['--store', 'mysql'], /--store must be embedded or postgres/],
    [['--nodes', '2'], /--nodes 2 needs --store postgres/],
  ])('%j is a usage error, exit 2, no stack trace', (args, message) => {
    const result = bench(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: npm run bench');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
