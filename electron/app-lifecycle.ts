/**
 * The desktop app from launch to quit: single-instance lock, guards, settings, the in-process core,
 * the window, IPC, menus, and a shutdown that waits for the core to finish its writes.
 *
 * Dependencies that are ours (the core's start function, file locations) come in as arguments, so the
 * whole flow runs in tests against a fake `electron` module.
 */
import { app, clipboard, dialog, nativeTheme, session, shell, type BrowserWindow } from 'electron';
import { EndpointController, type StartScimDesk } from './endpoint-controller.js';
import { registerIpcHandlers } from './ipc-handlers.js';
import { guardAllWebContents, hardenSession } from './security.js';
import { openSettings, resolveDataDir, type DesktopSettings } from './settings.js';
import { createEndpointMenus } from './tray.js';
import { createMainWindow, focusWindow } from './window.js';

export interface DesktopAppDependencies {
  startCore: StartScimDesk;
  /** Absolute path of the compiled preload (`preload.cjs`). */
  preloadPath: string;
  /** The built renderer (`dist/renderer`), served by the admin listener. */
  rendererDir: string;
  /** Plain lines without secrets (the admin URL carries the admin token and is never logged). */
  log: (line: string) => void;
}

export type DesktopAppResult =
  | { kind: 'second-instance' }
  | { kind: 'failed'; reason: string }
  | {
      kind: 'started';
      endpoint: EndpointController;
      settings: DesktopSettings;
      window: () => BrowserWindow | null;
    };

/** Shown while the endpoint is stopped from the menu (the admin listener is down with it). */
export const STOPPED_PAGE_URL = `data:text/html;charset=utf-8,${encodeURIComponent(
  '<!doctype html><meta charset="utf-8"><title>SCIM Desk</title>' +
    '<body style="font:16px system-ui;margin:3rem;color:#333">' +
    '<h1>The endpoint is stopped</h1>' +
    '<p>Okta cannot reach it. Start it again from the <b>Endpoint</b> menu or the tray icon.</p>',
)}`;

export async function runDesktopApp(deps: DesktopAppDependencies): Promise<DesktopAppResult> {
  // A second copy would fight over the data folder and the ports: hand over to the first and leave.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { kind: 'second-instance' };
  }

  let appWindow: BrowserWindow | null = null;
  let endpoint: EndpointController | null = null;

  app.on('second-instance', () => {
    if (appWindow) focusWindow(appWindow);
  });
  // Registered before any window exists, so no web contents escapes the guards.
  guardAllWebContents(app, {
    adminOrigin: () => endpoint?.adminOrigin ?? null,
    openExternal: (url) => shell.openExternal(url),
    log: deps.log,
  });
  app.on('window-all-closed', () => app.quit());

  await app.whenReady();

  const userDataDir = app.getPath('userData');
  const { settings, setAsideInvalidFile } = openSettings(userDataDir);
  if (setAsideInvalidFile) {
    deps.log(`scim-desk: the settings file broke its schema; moved to ${setAsideInvalidFile}, using defaults`);
  }
  hardenSession(session.defaultSession);
  // The page follows `prefers-color-scheme`; the saved theme steers it ('system' = follow the OS).
  nativeTheme.themeSource = settings.get('ui').theme;

  const controller = new EndpointController(deps.startCore, {
    dataDir: resolveDataDir(settings, userDataDir),
    scimPort: settings.get('scimPort'),
    adminPort: settings.get('adminPort'),
    rendererDir: deps.rendererDir,
    log: deps.log,
  });
  endpoint = controller;
  installShutdown(controller, deps.log);
  registerIpcHandlers({ adminOrigin: () => controller.adminOrigin, window: () => appWindow });

  let adminUrl: string;
  try {
    adminUrl = (await controller.start()).adminUrl;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('SCIM Desk could not start', reason);
    app.quit();
    return { kind: 'failed', reason };
  }

  const mainWindow = createMainWindow({ preloadPath: deps.preloadPath, settings, title: 'SCIM Desk' });
  appWindow = mainWindow;
  mainWindow.on('closed', () => {
    appWindow = null;
  });
  const show = (url: string): void => {
    mainWindow.loadURL(url).catch(() => deps.log('scim-desk: the window could not load the admin page'));
  };
  show(adminUrl);

  const menus = createEndpointMenus(controller.status, {
    copyScimUrl: (scimUrl) => clipboard.writeText(scimUrl),
    startEndpoint: () => {
      controller.start().then(
        (running) => show(running.adminUrl),
        () => undefined, // the status (and so the menu) says why
      );
    },
    stopEndpoint: () => {
      controller.stop().then(
        () => show(STOPPED_PAGE_URL),
        () => undefined,
      );
    },
    showWindow: () => {
      if (appWindow) focusWindow(appWindow);
    },
    quit: () => app.quit(),
  });
  controller.onChange((status) => menus.update(status));
  app.once('will-quit', () => menus.destroy());

  return { kind: 'started', endpoint: controller, settings, window: () => appWindow };
}

/**
 * Electron does not wait for promises in `before-quit`: hold the quit, stop the core (pending writes
 * reach the disk, the data folder is released), then quit for real.
 */
function installShutdown(endpoint: EndpointController, log: (line: string) => void): void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    endpoint
      .stop()
      .catch((error: unknown) => log(`scim-desk: the endpoint did not stop cleanly: ${String(error)}`))
      .finally(() => {
        phase = 'stopped';
        app.quit();
      });
  });
}
