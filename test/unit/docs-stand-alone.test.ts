/**
 * The repository stands on its own: no file cites notes that live outside it (design, domain, peer and toolchain
 * notes, issue numbers); decisions and facts are in docs/, and every pointer into a page of docs/ names a page and
 * a heading that exist.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Folders that are not the project's own text: installed packages, build output, git's store, test output. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'dist-electron',
  'coverage',
  'test-results',
  '.scratch',
  'tmp',
]);
const BINARY = /\.(png|jpe?g|gif|ico|icns|webp|woff2?|ttf|zip|gz|tgz)$/i;

/** Every text file of the repository, relative to its root. */
function repositoryFiles(dir = ROOT): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...repositoryFiles(full));
    else if (entry.isFile() && !BINARY.test(entry.name)) files.push(path.relative(ROOT, full));
  }
  return files;
}

// Each name is spelled in pieces, so that this file does not cite what it looks for.
const name = (...pieces: string[]) => pieces.join('');
const OUTSIDE_CITATIONS: readonly RegExp[] = [
  new RegExp(`${name('DES', 'IGN')}( ?§|\\.md)`),
  new RegExp(`${name('DOM', 'AIN')}( ?§|\\.md)`),
  new RegExp(name('PEE', 'RS')),
  new RegExp(name('TOOL', 'CHAIN')),
  new RegExp(`${name('STY', 'LE')}\\.md`),
  new RegExp(name('REAL-TENANT', '-APIS')),
  new RegExp(`[Ii]${name('ss', 'ue')}s? #?[0-9]+`),
  new RegExp(`\\.\\./${name('sha', 'red')}/`),
];

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, each space a hyphen. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = !fenced && /^#{1,6} (.+)$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]!);
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

interface Pointer {
  from: string;
  page: string;
  anchor: string | undefined;
}

/** `docs/<page>.md#<anchor>` anywhere, and relative Markdown links `](<page>.md#<anchor>)` in Markdown files. */
function pointersIn(file: string, text: string): Pointer[] {
  const pointers: Pointer[] = [];
  for (const m of text.matchAll(/(?<![\w/.-])docs\/([\w-]+\.md)(?:#([\w-]+))?/g)) {
    pointers.push({ from: file, page: path.join('docs', m[1]!), anchor: m[2] });
  }
  if (file.endsWith('.md')) {
    for (const m of text.matchAll(/\]\(((?:\.\.\/|\.\/)*[\w./-]*?[\w-]+\.md)(?:#([\w-]+))?\)/g)) {
      if (/^(docs\/|\.\.\/docs\/)/.test(m[1]!) && !file.startsWith('docs/')) continue; // counted by the pattern above
      pointers.push({ from: file, page: path.normalize(path.join(path.dirname(file), m[1]!)), anchor: m[2] });
    }
  }
  return pointers;
}

const files = repositoryFiles();
const texts = new Map(files.map((file) => [file, readFileSync(path.join(ROOT, file), 'utf8')]));

describe('the repository stands on its own', () => {
  it('reads the whole tree (sources, tests, docs, scripts)', () => {
    for (const file of [
      'README.md',
      'docs/decisions.md',
      'server/rules/guard.ts',
      'test/integration/durability.test.ts',
      'bench/run.ts',
      '.ci/run',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.some((file) => file.startsWith('node_modules'))).toBe(false);
  });

  it('the patterns catch each kind of citation', () => {
    const cited = (line: string) => OUTSIDE_CITATIONS.some((pattern) => pattern.test(line));
    for (const line of [
      `// ${name('DES', 'IGN')} §3: the guard`,
      `(${name('DOM', 'AIN')}.md §1.2)`,
      `(${name('PEE', 'RS')} §2 item 18)`,
      `the ${name('TOOL', 'CHAIN')} notes`,
      `${name('Iss', 'ue')} 10.7: the evidence file`,
      `see ${name('iss', 'ue')} #12`,
      `../${name('sha', 'red')}/notes.md`,
    ]) {
      expect(cited(line), line).toBe(true);
    }
    const sharedSteps = `import { X } from '../${name('sha', 'red')}-steps.js';`;
    for (const line of [sharedSteps, 'Known issues and resolutions', 'https://github.com/o/r/issues/86']) {
      expect(cited(line), line).toBe(false);
    }
  });

  it('no file cites notes outside the repository or an issue number', () => {
    const found: string[] = [];
    for (const [file, text] of texts) {
      text.split('\n').forEach((line, i) => {
        if (OUTSIDE_CITATIONS.some((pattern) => pattern.test(line))) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found, 'bring the decision into docs/ and point there').toEqual([]);
  });

  it('every pointer into a page names a page and a heading that exist', () => {
    const pointers = [...texts].flatMap(([file, text]) => pointersIn(file, text));
    expect(pointers.filter((p) => p.anchor !== undefined).length).toBeGreaterThan(20);
    const broken: string[] = [];
    const anchorCache = new Map<string, Set<string>>();
    for (const pointer of pointers) {
      const page = texts.get(pointer.page);
      if (page === undefined) {
        broken.push(`${pointer.from}: ${pointer.page} does not exist`);
        continue;
      }
      if (pointer.anchor === undefined) continue;
      if (!anchorCache.has(pointer.page)) anchorCache.set(pointer.page, anchorsOf(page));
      if (!anchorCache.get(pointer.page)!.has(pointer.anchor))
        broken.push(`${pointer.from}: ${pointer.page} has no heading #${pointer.anchor}`);
    }
    expect(broken).toEqual([]);
  });
});
