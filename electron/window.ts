/**
 * The one admin window: locked-down webPreferences, bounds restored from and saved to the settings.
 */
import { BrowserWindow, screen, type Rectangle, type WebPreferences } from 'electron';
import { MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH, type DesktopSettings, type WindowBounds } from './settings.js';

/** Every option here is a rule of docs/decisions.md#the-electron-window; tests assert each one. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  settings: DesktopSettings;
  title: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...restorableBounds(options.settings.get('windowBounds')),
    minWidth: MIN_WINDOW_WIDTH,
    minHeight: MIN_WINDOW_HEIGHT,
    title: options.title,
    show: false, // shown once painted, so there is no white flash
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  if (options.settings.get('windowMaximized')) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveBounds(win, options.settings));
  return win;
}

/** Brings the window forward (second instance launched, tray click). */
export function focusWindow(win: BrowserWindow): void {
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

function saveBounds(win: BrowserWindow, settings: DesktopSettings): void {
  const maximized = win.isMaximized();
  settings.set('windowMaximized', maximized);
  // A maximized window's bounds are the screen's; keep the last normal size to restore to.
  if (!maximized && !win.isMinimized()) settings.set('windowBounds', toWindowBounds(win.getBounds()));
}

function toWindowBounds(rect: Rectangle): WindowBounds {
  return {
    x: Math.round(rect.x),
    y: Math.round(rect.y),
    width: Math.max(MIN_WINDOW_WIDTH, Math.round(rect.width)),
    height: Math.max(MIN_WINDOW_HEIGHT, Math.round(rect.height)),
  };
}

/** Saved position only if it is still on a connected display (a monitor may have been unplugged). */
export function restorableBounds(saved: WindowBounds): WindowBounds {
  const { x, y, width, height } = saved;
  if (x === undefined || y === undefined) return { width, height };
  const visible = screen.getAllDisplays().some(({ workArea: area }) => {
    const overlapX = Math.min(x + width, area.x + area.width) - Math.max(x, area.x);
    const overlapY = Math.min(y + height, area.y + area.height) - Math.max(y, area.y);
    return overlapX >= 100 && overlapY >= 50; // enough of the title bar to grab it
  });
  return visible ? { x, y, width, height } : { width, height };
}
