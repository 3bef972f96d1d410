// The Electron runtime cannot start on this machine (no binary, and `import 'electron'` throws in plain
// Node), so `electron` is replaced by a fake module; that is the only fake here. electron-store itself
// is real (inlined by vite.config.ts so the fake reaches it) and writes real files in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../helpers/fake-electron.js'));

const { fake } = await import('../helpers/fake-electron.js');
const { openSettings, resolveDataDir } = await import('../../electron/settings.js');

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-desk-settings-'));
  fake.reset({ userData: dir });
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('desktop settings (electron-store with a schema)', () => {
  it('starts with defaults: any free ports, the default data folder, a usable window size, system theme', () => {
    const { settings, setAsideInvalidFile } = openSettings(dir);

    expect(setAsideInvalidFile).toBeUndefined();
    expect(settings.get('scimPort')).toBe(0);
    expect(settings.get('adminPort')).toBe(0);
    expect(settings.get('dataDir')).toBe('');
    expect(settings.get('windowBounds')).toEqual({ width: 1280, height: 820 });
    expect(settings.get('windowMaximized')).toBe(false);
    expect(settings.get('ui')).toEqual({ theme: 'system' });
  });

  it('keeps values across restarts in settings.json, readable only by the owner', () => {
    const first = openSettings(dir).settings;
    first.set('scimPort', 8443);
    first.set('windowBounds', { x: 20, y: 30, width: 1000, height: 700 });
    first.set('ui', { theme: 'dark' });

    const second = openSettings(dir).settings;

    expect(second.get('scimPort')).toBe(8443);
    expect(second.get('windowBounds')).toEqual({ x: 20, y: 30, width: 1000, height: 700 });
    expect(second.get('ui.theme')).toBe('dark');
    const file = path.join(dir, 'settings.json');
    expect(second.path).toBe(file);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['a port above 65535', 'scimPort', 70000],
    ['a negative port', 'adminPort', -1],
    ['a fractional port', 'scimPort', 80.5],
    ['a port given as text', 'scimPort', '8080'],
    ['an unknown theme', 'ui', { theme: 'pink' }],
    ['a window narrower than the minimum', 'windowBounds', { width: 10, height: 700 }],
    ['window bounds with an unknown key', 'windowBounds', { width: 1000, height: 700, zoom: 2 }],
    ['window bounds without a height', 'windowBounds', { width: 1000 }],
    ['a relative data folder', 'dataDir', 'data'],
    ['a maximized flag that is not a boolean', 'windowMaximized', 'yes'],
  ])('refuses %s', (_what, key, value) => {
    const { settings } = openSettings(dir);
    const before = fs.readFileSync(settings.path, 'utf8');

    expect(() => settings.set(key as never, value as never)).toThrow(/Config schema violation/);
    expect(fs.readFileSync(settings.path, 'utf8')).toBe(before);
  });

  it('accepts an absolute data folder and uses it; an empty one means <userData>/data', () => {
    const { settings } = openSettings(dir);
    expect(resolveDataDir(settings, '/home/ada/.config/SCIM Desk')).toBe(
      path.join('/home/ada/.config/SCIM Desk', 'data'),
    );

    settings.set('dataDir', '/srv/scim-desk');
    expect(resolveDataDir(settings, dir)).toBe('/srv/scim-desk');
  });

  it('moves a hand-edited file that breaks the schema aside, keeps it, and starts on defaults', () => {
    const file = path.join(dir, 'settings.json');
    const broken = JSON.stringify({ scimPort: 'eighty', ui: { theme: 'dark' } });
    fs.writeFileSync(file, broken);

    const { settings, setAsideInvalidFile } = openSettings(dir);

    expect(settings.get('scimPort')).toBe(0);
    expect(setAsideInvalidFile).toMatch(/settings\.invalid-.*\.json$/);
    expect(fs.readFileSync(setAsideInvalidFile ?? '', 'utf8')).toBe(broken);
  });

  it('moves a file that is not JSON aside too', () => {
    fs.writeFileSync(path.join(dir, 'settings.json'), '{ "scimPort": 80,');

    const { settings, setAsideInvalidFile } = openSettings(dir);

    expect(settings.get('scimPort')).toBe(0);
    expect(setAsideInvalidFile).toBeDefined();
  });
});
