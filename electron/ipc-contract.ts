/**
 * The one contract between the renderer and the Electron main process.
 *
 * The renderer sees `window.scimDesk: DesktopApi` (only inside the desktop window; in a browser it is
 * absent and the UI falls back to web APIs). Each function is one IPC channel; main validates every
 * argument (the page is a web page, so its messages are untrusted) and the preload exposes exactly these
 * functions, never `ipcRenderer` or a generic invoke.
 *
 * Adding a function: add it to `DesktopApi`, give it a channel in `DESKTOP_CHANNELS`, add the same entry to
 * the preload's copy (the compiler checks it matches), and register a handler in `ipc-handlers.ts`.
 */

export interface SaveTokenFileRequest {
  /** File name offered in the dialog, e.g. `scim-desk-okta-token.txt`; reduced to a plain base name. */
  suggestedName: string;
  /** The token text. Written once to the chosen file; never logged or kept by the main process. */
  contents: string;
}

export type SaveTokenFileResult = { saved: true; path: string } | { saved: false };

export type OpenExternalResult = { opened: true } | { opened: false; reason: string };

export interface DesktopApi {
  /** Native "Save as" dialog, then writes `contents` (mode 0600). `{ saved: false }` when cancelled. */
  saveTokenFile(args: SaveTokenFileRequest): Promise<SaveTokenFileResult>;
  /** Puts plain text on the system clipboard. */
  copyToClipboard(text: string): Promise<void>;
  /** Opens an `https:` URL in the default browser; every other scheme is refused. */
  openExternal(url: string): Promise<OpenExternalResult>;
  /** The desktop app's version (package.json `version`). */
  getAppVersion(): Promise<string>;
}

export type DesktopApiFunction = keyof DesktopApi;

/** IPC channel per function. `as const` so the preload's copy is checked literally against it. */
export const DESKTOP_CHANNELS = {
  saveTokenFile: 'scim-desk:save-token-file',
  copyToClipboard: 'scim-desk:copy-to-clipboard',
  openExternal: 'scim-desk:open-external',
  getAppVersion: 'scim-desk:get-app-version',
} as const satisfies Record<DesktopApiFunction, `scim-desk:${string}`>;

export type DesktopChannels = typeof DESKTOP_CHANNELS;

/** The names the preload must expose, no more and no fewer. */
export const DESKTOP_API_FUNCTIONS = Object.keys(DESKTOP_CHANNELS) as DesktopApiFunction[];

/** What travels over a channel: the function's argument list, and what its promise resolves to. */
export type DesktopRequest<K extends DesktopApiFunction> = Parameters<DesktopApi[K]>;
export type DesktopResponse<K extends DesktopApiFunction> = Awaited<ReturnType<DesktopApi[K]>>;

/** Name of the global the preload defines in the page: `window.scimDesk`. */
export const DESKTOP_API_GLOBAL = 'scimDesk';

/** Upper bounds checked in main: a token file or a clipboard copy is small; anything larger is a bug or abuse. */
export const MAX_TOKEN_FILE_CHARS = 16 * 1024;
export const MAX_CLIPBOARD_CHARS = 1024 * 1024;
export const MAX_URL_CHARS = 2048;
