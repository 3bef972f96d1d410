/**
 * A fake `electron` module for unit tests of the desktop shell.
 *
 * This is the one fake that is right in this project: the Electron runtime cannot start on these machines
 * (no binary can be downloaded, and `import 'electron'` in plain Node throws), so the shell's Electron
 * calls are checked against this stand-in. It records what the shell asks of Electron and lets a test act
 * as the page or the user (navigate, open a window, call IPC, click a menu item, quit).
 *
 * Use: `vi.mock('electron', () => import('../helpers/fake-electron.js'))`, then `fake.reset(...)` per test.
 */
import { EventEmitter } from 'node:events';

export class FakeEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | null = null;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** The page calls `window.open(url)`; returns Electron's decision. */
  openWindow(url: string): 'allow' | 'deny' {
    if (!this.windowOpenHandler) return 'allow';
    return this.windowOpenHandler({ url }).action;
  }

  /** The page navigates (link click, `location = ...`); true when Electron would let it proceed. */
  navigate(url: string, eventName: 'will-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const event = new FakeEvent();
    this.emit(eventName, event, url);
    return !event.defaultPrevented;
  }

  /** The page adds a `<webview>`; true when it would be attached. */
  attachWebview(): boolean {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, {}, { src: 'https://example.com' });
    return !event.defaultPrevented;
  }
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];
  bounds: Rect;
  minimized = false;
  maximized = false;
  visible = false;
  focusCount = 0;

  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    this.bounds = {
      x: typeof options['x'] === 'number' ? options['x'] : 10,
      y: typeof options['y'] === 'number' ? options['y'] : 10,
      width: typeof options['width'] === 'number' ? options['width'] : 800,
      height: typeof options['height'] === 'number' ? options['height'] : 600,
    };
    state.windows.push(this);
    // Like Electron: every new web contents is announced on the app.
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focusCount += 1;
  }
  /** The user closes the window. */
  close(): void {
    this.emit('close', new FakeEvent());
    this.emit('closed');
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string) => boolean;
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;
type InvokeHandler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown;
export interface FakeMenuItem {
  id?: string;
  label?: string;
  type?: string;
  enabled?: boolean;
  role?: string;
  submenu?: FakeMenuItem[];
  click?: () => void;
}

interface FakeState {
  singleInstanceLock: boolean;
  paths: Record<string, string>;
  version: string;
  quitRequested: boolean;
  quitCompleted: boolean;
  exitCode: number | null;
  windows: FakeBrowserWindow[];
  invokeHandlers: Map<string, InvokeHandler>;
  openedExternally: string[];
  clipboardText: string[];
  saveDialogResult: { canceled: boolean; filePath?: string };
  saveDialogOptions: Array<Record<string, unknown>>;
  errorBoxes: Array<{ title: string; content: string }>;
  displays: Array<{ workArea: Rect }>;
  applicationMenu: FakeMenuItem[] | null;
  trays: FakeTray[];
  permissionRequestHandler: PermissionRequestHandler | null;
  permissionCheckHandler: PermissionCheckHandler | null;
  headersListener: HeadersListener | null;
  exposedInMainWorld: Map<string, unknown>;
  rendererInvocations: Array<{ channel: string; args: unknown[] }>;
}

function freshState(): FakeState {
  return {
    singleInstanceLock: true,
    paths: {},
    version: '0.1.0',
    quitRequested: false,
    quitCompleted: false,
    exitCode: null,
    windows: [],
    invokeHandlers: new Map(),
    openedExternally: [],
    clipboardText: [],
    saveDialogResult: { canceled: true },
    saveDialogOptions: [],
    errorBoxes: [],
    displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    applicationMenu: null,
    trays: [],
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    headersListener: null,
    exposedInMainWorld: new Map(),
    rendererInvocations: [],
  };
}

let state = freshState();

class FakeApp extends EventEmitter {
  requestSingleInstanceLock(): boolean {
    return state.singleInstanceLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(name: string): string {
    const value = state.paths[name];
    if (value === undefined) throw new Error(`fake electron: no path for ${name}`);
    return value;
  }
  getVersion(): string {
    return state.version;
  }
  getName(): string {
    return 'scim-desk';
  }
  isReady(): boolean {
    return true;
  }
  /** Like Electron: `before-quit` listeners may prevent the quit. */
  quit(): void {
    state.quitRequested = true;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.emit('will-quit', new FakeEvent());
    state.quitCompleted = true;
  }
  exit(code = 0): void {
    state.exitCode = code;
  }
}

export class FakeTray extends EventEmitter {
  toolTip = '';
  contextMenu: FakeMenuItem[] = [];
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    state.trays.push(this);
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setContextMenu(menu: { template: FakeMenuItem[] }): void {
    this.contextMenu = menu.template;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;
export const Tray = FakeTray;

export const ipcMain = {
  handle(channel: string, handler: InvokeHandler): void {
    if (state.invokeHandlers.has(channel)) throw new Error(`fake electron: second handler for ${channel}`);
    state.invokeHandlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    state.invokeHandlers.delete(channel);
  },
  on(): void {},
};

export const ipcRenderer = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    state.rendererInvocations.push({ channel, args });
    return Promise.resolve(`answer from ${channel}`);
  },
};

export const contextBridge = {
  exposeInMainWorld(name: string, api: unknown): void {
    state.exposedInMainWorld.set(name, api);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: PermissionRequestHandler): void {
      state.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler): void {
      state.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived(listener: HeadersListener): void {
        state.headersListener = listener;
      },
    },
  },
};

export const shell = {
  openExternal(url: string): Promise<void> {
    state.openedExternally.push(url);
    return Promise.resolve();
  },
  openPath(): Promise<string> {
    return Promise.resolve('');
  },
};

export const clipboard = {
  writeText(text: string): void {
    state.clipboardText.push(text);
  },
};

export const dialog = {
  showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath?: string }> {
    state.saveDialogOptions.push(args[args.length - 1] as Record<string, unknown>);
    return Promise.resolve(state.saveDialogResult);
  },
  showErrorBox(title: string, content: string): void {
    state.errorBoxes.push({ title, content });
  },
};

export const screen = {
  getAllDisplays(): Array<{ workArea: Rect }> {
    return state.displays;
  },
};

export const Menu = {
  buildFromTemplate(template: FakeMenuItem[]): { template: FakeMenuItem[] } {
    return { template };
  },
  setApplicationMenu(menu: { template: FakeMenuItem[] } | null): void {
    state.applicationMenu = menu?.template ?? null;
  },
};

export const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };

export const nativeImage = {
  createFromDataURL(url: string): { dataUrl: string } {
    return { dataUrl: url };
  },
};

const electronModule = {
  app,
  BrowserWindow,
  Tray,
  ipcMain,
  ipcRenderer,
  contextBridge,
  session,
  shell,
  clipboard,
  dialog,
  screen,
  Menu,
  nativeImage,
  nativeTheme,
};
export default electronModule;

/** Test-side controls and records. */
export const fake = {
  module: electronModule,
  reset(options: { userData?: string; downloads?: string } = {}): void {
    app.removeAllListeners();
    nativeTheme.themeSource = 'system';
    state = freshState();
    if (options.userData) state.paths['userData'] = options.userData;
    if (options.downloads) state.paths['downloads'] = options.downloads;
  },
  get state(): FakeState {
    return state;
  },
  /** A renderer frame at `senderUrl` calls `ipcRenderer.invoke(channel, ...args)`. */
  async invoke(channel: string, senderUrl: string, ...args: unknown[]): Promise<unknown> {
    const handler = state.invokeHandlers.get(channel);
    if (!handler) throw new Error(`fake electron: no handler for ${channel}`);
    return handler({ senderFrame: { url: senderUrl } }, ...args);
  },
  /** The "Endpoint" submenu of the application menu. */
  endpointMenu(): FakeMenuItem[] {
    const endpoint = state.applicationMenu?.find((item) => item.label === 'Endpoint');
    if (!endpoint?.submenu) throw new Error('fake electron: no Endpoint menu');
    return endpoint.submenu;
  },
  clickMenuItem(id: string): void {
    const item = fake.endpointMenu().find((entry) => entry.id === id);
    if (!item?.click) throw new Error(`fake electron: no clickable menu item ${id}`);
    if (item.enabled === false) throw new Error(`fake electron: menu item ${id} is disabled`);
    item.click();
  },
};
