/**
 * server/tenants sits below the admin API, the wizard and the CLI: they build on it, never the reverse, and it
 * knows no web framework. Checked on the import statements of every file in the folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('server/tenants layering', () => {
  it('imports nothing from the admin API, the wizard, the core, the CLI, Express or Electron', () => {
    const files = sourceFiles('server/tenants');
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const imports = [...readFileSync(file, 'utf8').matchAll(/^import[^;]*?from '([^']+)'/gms)].map((m) => m[1]!);
      for (const target of imports) {
        const resolved = target.startsWith('.') ? path.normalize(path.join(path.dirname(file), target)) : target;
        expect(resolved, `${file} imports ${target}`).not.toMatch(
          /^(server\/(admin|setup|core|cli)\/|express$|electron$)/,
        );
      }
    }
  });
});
