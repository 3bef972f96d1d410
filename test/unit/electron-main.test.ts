// The Electron runtime cannot start on this machine (no binary, and `import 'electron'` throws in plain
// Node), so `electron` is replaced by a fake module; that is the only fake here. The server core's start
// function is passed in by the test (the shell takes it as a dependency) and records what it was asked;
// settings are real electron-store files and saved tokens real files, in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunningScimDesk, ScimDeskOptions } from '../../server/core/types.js';

vi.mock('electron', () => import('../helpers/fake-electron.js'));

const { fake } = await import('../helpers/fake-electron.js');
const { runDesktopApp, STOPPED_PAGE_URL } = await import('../../electron/app-lifecycle.js');
const { DESKTOP_API_FUNCTIONS, DESKTOP_CHANNELS } = await import('../../electron/ipc-contract.js');
const { FALLBACK_CSP } = await import('../../electron/security.js');
const { EXTERNAL_LINK_REFUSED, safeFileName } = await import('../../electron/ipc-handlers.js');
const { openSettings } = await import('../../electron/settings.js');

const ADMIN_TOKEN = 'admin-token-123';

/** Stands in for `startScimDesk`: records each start's options, answers with the URLs a core would. */
class CoreStarts {
  readonly options: ScimDeskOptions[] = [];
  /** Stops asked for, and stops finished. */
  stopsRequested = 0;
  stops = 0;
  failWith: Error | null = null;
  /** Resolves the pending stop; lets a test see that quitting waits for it. */
  holdStop: Promise<void> | null = null;

  readonly start = async (options: ScimDeskOptions): Promise<RunningScimDesk> => {
    this.options.push(options);
    if (this.failWith) throw this.failWith;
    const scimPort = options.scimPort || 40001;
    const adminPort = options.adminPort || 40002;
    const adminToken = options.adminToken ?? ADMIN_TOKEN;
    return {
      scimUrl: `http://127.0.0.1:${scimPort}/scim/v2`,
      adminOrigin: `http://127.0.0.1:${adminPort}`,
      adminUrl: `http://127.0.0.1:${adminPort}/?token=${adminToken}`,
      adminToken,
      dataDir: options.dataDir,
      stop: async () => {
        this.stopsRequested += 1;
        await this.holdStop;
        this.stops += 1;
      },
    };
  };
}

const ADMIN_ORIGIN = 'http://127.0.0.1:40002';

let dir: string;
let core: CoreStarts;
let logLines: string[];

async function launch() {
  return runDesktopApp({
    startCore: core.start,
    preloadPath: '/app/dist-electron/electron/preload.cjs',
    rendererDir: '/app/dist/renderer',
    log: (line) => logLines.push(line),
  });
}

async function launchStarted() {
  const result = await launch();
  if (result.kind !== 'started') throw new Error(`expected a started app, got ${result.kind}`);
  const window = fake.state.windows[0];
  if (!window) throw new Error('no window was created');
  return { result, window };
}

/** Waits until what a menu click or a quit set off has happened (they run asynchronously). */
const until = (condition: () => boolean) => vi.waitUntil(condition, { timeout: 5_000, interval: 5 });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scim-desk-electron-'));
  fs.mkdirSync(path.join(dir, 'downloads'));
  fake.reset({ userData: path.join(dir, 'userData'), downloads: path.join(dir, 'downloads') });
  core = new CoreStarts();
  logLines = [];
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('single-instance lock', () => {
  it('a second instance quits at once, without starting a core or opening a window', async () => {
    fake.state.singleInstanceLock = false;

    const result = await launch();

    expect(result).toEqual({ kind: 'second-instance' });
    expect(fake.state.quitRequested).toBe(true);
    expect(core.options).toEqual([]);
    expect(fake.state.windows).toEqual([]);
  });

  it('the first instance brings its window forward when a second one is launched', async () => {
    const { window } = await launchStarted();
    window.minimized = true;

    fake.module.app.emit('second-instance', {}, ['scim-desk'], '/');

    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focusCount).toBe(1);
  });
});

describe('starting the server core in-process', () => {
  it('uses <userData>/data, any free ports and the built renderer by default, then shows the admin URL', async () => {
    const { window } = await launchStarted();

    expect(core.options).toHaveLength(1);
    expect(core.options[0]).toMatchObject({
      dataDir: path.join(dir, 'userData', 'data'),
      scimPort: 0,
      adminPort: 0,
      rendererDir: '/app/dist/renderer',
    });
    expect(window.loadedUrls).toEqual([`${ADMIN_ORIGIN}/?token=${ADMIN_TOKEN}`]);
  });

  it('uses the data folder and ports from the settings', async () => {
    const { settings } = openSettings(path.join(dir, 'userData'));
    settings.set('dataDir', path.join(dir, 'elsewhere'));
    settings.set('scimPort', 8443);
    settings.set('adminPort', 8444);

    await launchStarted();

    expect(core.options[0]).toMatchObject({ dataDir: path.join(dir, 'elsewhere'), scimPort: 8443, adminPort: 8444 });
  });

  it('lets the saved theme steer the page’s prefers-color-scheme', async () => {
    openSettings(path.join(dir, 'userData')).settings.set('ui', { theme: 'dark' });

    await launchStarted();

    expect(fake.module.nativeTheme.themeSource).toBe('dark');
  });

  it('never logs the admin URL or token', async () => {
    await launchStarted();

    expect(logLines.join('\n')).not.toContain(ADMIN_TOKEN);
  });

  it('when the core cannot start: says why in an error box and quits, with no window', async () => {
    core.failWith = new Error('The data folder is in use by another SCIM Desk (pid 4242).');

    const result = await launch();

    expect(result).toEqual({ kind: 'failed', reason: 'The data folder is in use by another SCIM Desk (pid 4242).' });
    expect(fake.state.errorBoxes).toEqual([
      { title: 'SCIM Desk could not start', content: 'The data folder is in use by another SCIM Desk (pid 4242).' },
    ]);
    expect(fake.state.windows).toEqual([]);
    await until(() => fake.state.quitCompleted);
  });
});

describe('the window', () => {
  it('has every security option of the window in its webPreferences', async () => {
    const { window } = await launchStarted();
    const prefs = window.options.webPreferences;

    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      preload: '/app/dist-electron/electron/preload.cjs',
    });
  });

  it('restores its bounds from the settings and saves them on close', async () => {
    const { settings } = openSettings(path.join(dir, 'userData'));
    settings.set('windowBounds', { x: 100, y: 120, width: 1100, height: 700 });

    const { window, result } = await launchStarted();
    expect(window.options).toMatchObject({ x: 100, y: 120, width: 1100, height: 700 });

    window.bounds = { x: 200, y: 220, width: 1300, height: 900 };
    window.close();
    expect(result.settings.get('windowBounds')).toEqual({ x: 200, y: 220, width: 1300, height: 900 });
    expect(openSettings(path.join(dir, 'userData')).settings.get('windowBounds')).toMatchObject({ x: 200 });
  });

  it('drops a saved position that is on no connected display, keeping the size', async () => {
    const { settings } = openSettings(path.join(dir, 'userData'));
    settings.set('windowBounds', { x: 5000, y: 5000, width: 1100, height: 700 });

    const { window } = await launchStarted();

    expect(window.options).toMatchObject({ width: 1100, height: 700 });
    expect(window.options).not.toHaveProperty('x');
  });
});

describe('navigation and new windows', () => {
  it('denies every window.open; an https target opens in the default browser instead', async () => {
    const { window } = await launchStarted();

    expect(window.webContents.openWindow('https://help.okta.com/oie/en-us/')).toBe('deny');
    expect(window.webContents.openWindow(`${ADMIN_ORIGIN}/rules`)).toBe('deny');
    expect(fake.state.openedExternally).toEqual(['https://help.okta.com/oie/en-us/']);
  });

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'https://user:pw@example.com/',
  ])('does not open %s externally', async (url) => {
    const { window } = await launchStarted();

    expect(window.webContents.openWindow(url)).toBe('deny');
    expect(window.webContents.navigate(url)).toBe(false);
    expect(fake.state.openedExternally).toEqual([]);
  });

  it('allows navigation within the admin origin', async () => {
    const { window } = await launchStarted();

    expect(window.webContents.navigate(`${ADMIN_ORIGIN}/directory/users?q=ada`)).toBe(true);
    expect(window.webContents.navigate(`${ADMIN_ORIGIN}/`, 'will-redirect')).toBe(true);
  });

  it('prevents navigation and redirects to any other origin, even another port on 127.0.0.1', async () => {
    const { window } = await launchStarted();

    expect(window.webContents.navigate('https://evil.example/')).toBe(false);
    expect(window.webContents.navigate('http://127.0.0.1:40001/scim/v2/Users')).toBe(false);
    expect(window.webContents.navigate('http://localhost:40002/')).toBe(false);
    expect(window.webContents.navigate('https://evil.example/', 'will-redirect')).toBe(false);
    // A link to the web leaves the app through the browser, not through the window.
    expect(fake.state.openedExternally).toEqual(['https://evil.example/', 'https://evil.example/']);
  });

  it('never attaches a <webview>', async () => {
    const { window } = await launchStarted();

    expect(window.webContents.attachWebview()).toBe(false);
  });

  it('guards web contents created later as well', async () => {
    await launchStarted();
    const other = new fake.module.BrowserWindow({});

    expect(other.webContents.openWindow('https://example.com/')).toBe('deny');
    expect(other.webContents.navigate('https://example.com/')).toBe(false);
  });
});

describe('session', () => {
  it('denies every permission request and check', async () => {
    await launchStarted();
    const request = fake.state.permissionRequestHandler;
    const check = fake.state.permissionCheckHandler;
    if (!request || !check) throw new Error('permission handlers were not installed');

    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const answers: boolean[] = [];
      request({}, permission, (granted) => answers.push(granted));
      expect(answers).toEqual([false]);
      expect(check({}, permission, ADMIN_ORIGIN)).toBe(false);
    }
  });

  it('adds a strict CSP to responses that have none, and keeps the server’s own', async () => {
    await launchStarted();
    const listener = fake.state.headersListener;
    if (!listener) throw new Error('no onHeadersReceived listener');
    const answer = (headers: Record<string, string[]>) => {
      let result: Record<string, string[]> | undefined;
      listener({ url: `${ADMIN_ORIGIN}/`, responseHeaders: headers }, (response) => {
        result = response.responseHeaders;
      });
      return result;
    };

    expect(answer({ 'Content-Type': ['text/html'] })).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [FALLBACK_CSP],
    });
    expect(answer({ 'content-security-policy': ["default-src 'self'"] })).toEqual({
      'content-security-policy': ["default-src 'self'"],
    });
    expect(FALLBACK_CSP).toContain("script-src 'self'");
    expect(FALLBACK_CSP).not.toContain('unsafe');
  });
});

describe('IPC handlers', () => {
  const page = `${ADMIN_ORIGIN}/tokens`;

  it('handles exactly the contract’s channels', async () => {
    await launchStarted();

    expect([...fake.state.invokeHandlers.keys()].sort()).toEqual(
      DESKTOP_API_FUNCTIONS.map((name) => DESKTOP_CHANNELS[name]).sort(),
    );
  });

  it('refuses calls from frames on any other origin', async () => {
    await launchStarted();

    for (const sender of ['https://evil.example/', 'http://127.0.0.1:40001/', 'file:///tmp/x.html']) {
      await expect(fake.invoke(DESKTOP_CHANNELS.getAppVersion, sender)).rejects.toThrow(/Refused/);
      await expect(fake.invoke(DESKTOP_CHANNELS.copyToClipboard, sender, 'x')).rejects.toThrow(/Refused/);
    }
    expect(fake.state.clipboardText).toEqual([]);
  });

  it('getAppVersion answers the app version', async () => {
    await launchStarted();

    await expect(fake.invoke(DESKTOP_CHANNELS.getAppVersion, page)).resolves.toBe('0.1.0');
  });

  it('copyToClipboard writes text, and refuses anything that is not a string', async () => {
    await launchStarted();

    await fake.invoke(DESKTOP_CHANNELS.copyToClipboard, page, 'http://127.0.0.1:40001/scim/v2');
    await expect(fake.invoke(DESKTOP_CHANNELS.copyToClipboard, page, { toString: 'x' })).rejects.toThrow(TypeError);

    expect(fake.state.clipboardText).toEqual(['http://127.0.0.1:40001/scim/v2']);
  });

  it('openExternal opens https and refuses every other scheme', async () => {
    await launchStarted();

    await expect(fake.invoke(DESKTOP_CHANNELS.openExternal, page, 'https://developer.okta.com/')).resolves.toEqual({
      opened: true,
    });
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share']) {
      await expect(fake.invoke(DESKTOP_CHANNELS.openExternal, page, url)).resolves.toEqual({
        opened: false,
        reason: EXTERNAL_LINK_REFUSED,
      });
    }
    expect(fake.state.openedExternally).toEqual(['https://developer.okta.com/']);
  });

  it('saveTokenFile writes the chosen file with mode 0600 and never logs the token', async () => {
    await launchStarted();
    const target = path.join(dir, 'downloads', 'okta-token.txt');
    fake.state.saveDialogResult = { canceled: false, filePath: target };

    const result = await fake.invoke(DESKTOP_CHANNELS.saveTokenFile, page, {
      suggestedName: '../../okta-token.txt',
      contents: 'sd_live_secret',
    });

    expect(result).toEqual({ saved: true, path: target });
    expect(fs.readFileSync(target, 'utf8')).toBe('sd_live_secret');
    if (process.platform !== 'win32') expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fake.state.saveDialogOptions[0]).toMatchObject({
      defaultPath: path.join(dir, 'downloads', 'okta-token.txt'),
    });
    expect(logLines.join('\n')).not.toContain('sd_live_secret');
  });

  it('saveTokenFile answers saved: false when the dialog is cancelled, writing nothing', async () => {
    await launchStarted();
    fake.state.saveDialogResult = { canceled: true };

    await expect(
      fake.invoke(DESKTOP_CHANNELS.saveTokenFile, page, { suggestedName: 't.txt', contents: 'sd_x' }),
    ).resolves.toEqual({ saved: false });
    expect(fs.readdirSync(path.join(dir, 'downloads'))).toEqual([]);
  });

  it('saveTokenFile refuses malformed arguments before opening a dialog', async () => {
    await launchStarted();

    await expect(fake.invoke(DESKTOP_CHANNELS.saveTokenFile, page, 'sd_x')).rejects.toThrow(TypeError);
    await expect(fake.invoke(DESKTOP_CHANNELS.saveTokenFile, page, { suggestedName: 't.txt' })).rejects.toThrow(
      /contents must be a string/,
    );
    await expect(
      fake.invoke(DESKTOP_CHANNELS.saveTokenFile, page, { suggestedName: 't', contents: 'x'.repeat(20_000) }),
    ).rejects.toThrow(RangeError);
    expect(fake.state.saveDialogOptions).toEqual([]);
  });

  it.each([
    ['../../etc/passwd', 'passwd.txt'],
    ['C:\\Users\\ada\\token.txt', 'token.txt'],
    ['.hidden', 'hidden.txt'],
    ['okta token (prod).txt', 'okta token -prod-.txt'],
    ['', 'scim-desk-token.txt'],
  ])('reduces the suggested name %j to the plain file name %j', (suggested, expected) => {
    expect(safeFileName(suggested)).toBe(expected);
  });
});

describe('endpoint menu and tray', () => {
  it('shows the SCIM URL and copies it', async () => {
    await launchStarted();

    expect(fake.endpointMenu()[0]?.label).toBe('Endpoint running: http://127.0.0.1:40001/scim/v2');
    fake.clickMenuItem('copy-scim-url');

    expect(fake.state.clipboardText).toEqual(['http://127.0.0.1:40001/scim/v2']);
    expect(fake.state.trays[0]?.contextMenu.map((item) => item.id)).toContain('copy-scim-url');
  });

  it('stops the endpoint, shows the stopped page, and starts it again on the same URLs and admin token', async () => {
    const { window } = await launchStarted();

    fake.clickMenuItem('stop');
    await until(() => window.loadedUrls.at(-1) === STOPPED_PAGE_URL);

    expect(core.stops).toBe(1);
    expect(fake.endpointMenu()[0]?.label).toBe('Endpoint stopped');
    expect(fake.endpointMenu().find((item) => item.id === 'stop')?.enabled).toBe(false);

    fake.clickMenuItem('start');
    await until(() => core.options.length === 2 && window.loadedUrls.at(-1) !== STOPPED_PAGE_URL);

    expect(core.options[1]).toMatchObject({ scimPort: 40001, adminPort: 40002, adminToken: ADMIN_TOKEN });
    expect(window.loadedUrls.at(-1)).toBe(`${ADMIN_ORIGIN}/?token=${ADMIN_TOKEN}`);
    expect(fake.endpointMenu()[0]?.label).toBe('Endpoint running: http://127.0.0.1:40001/scim/v2');
  });

  it('shows why a restart failed and offers Start again', async () => {
    await launchStarted();
    fake.clickMenuItem('stop');
    await until(() => fake.endpointMenu()[0]?.label === 'Endpoint stopped');

    core.failWith = new Error('Port 40001 is in use.');
    fake.clickMenuItem('start');
    await until(() => fake.endpointMenu()[0]?.label !== 'Endpoint stopped');

    expect(fake.endpointMenu()[0]?.label).toBe('Endpoint failed to start: Port 40001 is in use.');
    expect(fake.endpointMenu().find((item) => item.id === 'start')?.enabled).toBe(true);
  });
});

describe('shutdown', () => {
  it('holds the quit until the core has stopped, then quits', async () => {
    await launchStarted();
    let releaseStop!: () => void;
    core.holdStop = new Promise((resolve) => {
      releaseStop = resolve;
    });

    fake.module.app.quit();
    await until(() => core.stopsRequested === 1);
    expect(fake.state.quitCompleted).toBe(false);
    expect(core.stops).toBe(0);

    fake.module.app.quit(); // a second Quit while stopping changes nothing
    releaseStop();
    await until(() => fake.state.quitCompleted);

    expect(core.stopsRequested).toBe(1);
    expect(core.stops).toBe(1);
    expect(fake.state.quitCompleted).toBe(true);
    expect(fake.state.trays[0]?.destroyed).toBe(true);
  });

  it('closing the last window quits the app and stops the core', async () => {
    const { window } = await launchStarted();

    window.close();
    fake.module.app.emit('window-all-closed');
    await until(() => fake.state.quitCompleted);

    expect(core.stops).toBe(1);
  });
});
