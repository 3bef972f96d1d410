/**
 * Desktop settings in electron-store (a JSON file in the user-data folder), checked by a JSON schema:
 * a hand-edited file with a bad value, or a bad `set`, is refused instead of reaching the server core.
 */
import fs from 'node:fs';
import path from 'node:path';
import Store, { type Schema } from 'electron-store';

export interface WindowBounds {
  /** Absent on first start: the window manager places the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export type Theme = 'system' | 'light' | 'dark';

export interface DesktopSettingsData {
  windowBounds: WindowBounds;
  windowMaximized: boolean;
  /** SCIM listener port; 0 = any free port. */
  scimPort: number;
  /** Admin listener port (127.0.0.1); 0 = any free port. */
  adminPort: number;
  /** Data folder of the server core; empty = `<userData>/data`. */
  dataDir: string;
  ui: { theme: Theme };
}

export const MIN_WINDOW_WIDTH = 800;
export const MIN_WINDOW_HEIGHT = 560;

const port = { type: 'integer', minimum: 0, maximum: 65535 } as const;
const coordinate = { type: 'integer', minimum: -100_000, maximum: 100_000 } as const;

export const SETTINGS_SCHEMA: Schema<DesktopSettingsData> = {
  windowBounds: {
    type: 'object',
    properties: {
      x: coordinate,
      y: coordinate,
      width: { type: 'integer', minimum: MIN_WINDOW_WIDTH, maximum: 100_000 },
      height: { type: 'integer', minimum: MIN_WINDOW_HEIGHT, maximum: 100_000 },
    },
    required: ['width', 'height'],
    additionalProperties: false,
    default: { width: 1280, height: 820 },
  },
  windowMaximized: { type: 'boolean', default: false },
  scimPort: { ...port, default: 0 },
  adminPort: { ...port, default: 0 },
  dataDir: {
    type: 'string',
    maxLength: 4096,
    // Empty (use the default) or an absolute path; a relative path would depend on the launch folder.
    pattern: '^(|/.*|[A-Za-z]:[\\\\/].*|\\\\\\\\.*)$',
    default: '',
  },
  ui: {
    type: 'object',
    properties: { theme: { type: 'string', enum: ['system', 'light', 'dark'] } },
    required: ['theme'],
    additionalProperties: false,
    default: { theme: 'system' },
  },
};

export type DesktopSettings = Store<DesktopSettingsData>;

export interface OpenSettingsResult {
  settings: DesktopSettings;
  /** Set when the file on disk broke the schema: where it was moved, so the user can look at it. */
  setAsideInvalidFile?: string;
}

/**
 * Opens `<cwd>/settings.json`. A file that is not JSON or breaks the schema is renamed to
 * `settings.invalid-<time>.json` (kept, not overwritten) and the app starts on defaults.
 */
export function openSettings(cwd: string): OpenSettingsResult {
  const open = (): DesktopSettings =>
    new Store<DesktopSettingsData>({
      cwd,
      name: 'settings',
      schema: SETTINGS_SCHEMA,
      configFileMode: 0o600,
      clearInvalidConfig: false,
    });
  try {
    return { settings: open() };
  } catch (error) {
    if (!isInvalidSettingsFile(error)) throw error;
    const file = path.join(cwd, 'settings.json');
    const setAside = path.join(cwd, `settings.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    fs.renameSync(file, setAside);
    return { settings: open(), setAsideInvalidFile: setAside };
  }
}

function isInvalidSettingsFile(error: unknown): boolean {
  return (
    error instanceof SyntaxError || (error instanceof Error && error.message.startsWith('Config schema violation:'))
  );
}

/** The data folder the core uses: the configured one, or `<userData>/data`. */
export function resolveDataDir(settings: DesktopSettings, userDataDir: string): string {
  const configured = settings.get('dataDir');
  return configured === '' ? path.join(userDataDir, 'data') : configured;
}
