/**
 * What `npm pack` ships. `"files"` was once a JSON-looking string, so the tarball held 4 files
 * and `npx scim-desk serve` from it had no server. The real npm, on the real tree (the console built first).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt, REPO_ROOT } from '../helpers/e2e-browser.js';

const run = promisify(execFile);

interface PackEntry {
  files: { path: string }[];
}

describe('npm pack', { timeout: 180_000 }, () => {
  let paths: string[];
  beforeAll(async () => {
    await ensureConsoleBuilt();
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    const [entry] = JSON.parse(stdout) as PackEntry[];
    paths = entry!.files.map((f) => f.path);
  });

  it('ships the CLI, the server sources and the built console', () => {
    expect(paths).toContain('bin/scim-desk.js');
    expect(paths).toContain('scripts/freshness.js');
    expect(paths).toContain('server/cli/main.ts');
    expect(paths).toContain('dist/renderer/index.html');
    expect(paths.some((p) => p.startsWith('dist/renderer/assets/') && p.endsWith('.js'))).toBe(true);
    expect(paths.filter((p) => p.startsWith('server/')).length).toBeGreaterThan(100);
    expect(paths).toContain('package.json');
    expect(paths).toContain('README.md');
  });

  it('leaves out tests, benchmarks and local data', () => {
    expect(
      paths.some(
        (p) =>
          p.startsWith('test/') ||
          p.startsWith('bench/') ||
          p.startsWith('node_modules/') ||
          p.startsWith('test-results/'),
      ),
    ).toBe(false);
  });
});
