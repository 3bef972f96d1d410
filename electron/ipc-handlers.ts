/**
 * Main-process side of `ipc-contract.ts`: one handler per channel. Every call is checked twice before it
 * does anything: the sender must be a frame on the admin origin, and the arguments must parse.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { app, clipboard, dialog, ipcMain, shell, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import {
  DESKTOP_API_FUNCTIONS,
  DESKTOP_CHANNELS,
  MAX_CLIPBOARD_CHARS,
  MAX_TOKEN_FILE_CHARS,
  MAX_URL_CHARS,
  type DesktopApiFunction,
  type DesktopRequest,
  type DesktopResponse,
  type SaveTokenFileResult,
} from './ipc-contract.js';
import { isAppUrl, isSafeExternalUrl } from './security.js';

export interface IpcHandlerContext {
  /** Only frames on this origin may call; null (no core yet) refuses everyone. */
  adminOrigin: () => string | null;
  /** Parent of the save dialog, so it is modal to the app window. */
  window: () => BrowserWindow | null;
}

interface ChannelHandler<K extends DesktopApiFunction> {
  parse(args: readonly unknown[]): DesktopRequest<K>;
  run(...args: DesktopRequest<K>): Promise<DesktopResponse<K>>;
}

type ChannelHandlers = { [K in DesktopApiFunction]: ChannelHandler<K> };

export const EXTERNAL_LINK_REFUSED = 'Only https links open outside SCIM Desk.';

function createHandlers(context: IpcHandlerContext): ChannelHandlers {
  return {
    saveTokenFile: {
      parse: ([args]) => {
        if (typeof args !== 'object' || args === null) throw new TypeError('saveTokenFile expects an object');
        const { suggestedName, contents } = args as Record<string, unknown>;
        return [
          {
            suggestedName: requireString(suggestedName, 'suggestedName', 255),
            contents: requireString(contents, 'contents', MAX_TOKEN_FILE_CHARS),
          },
        ];
      },
      run: async ({ suggestedName, contents }) => saveTokenFile(context.window(), suggestedName, contents),
    },
    copyToClipboard: {
      parse: ([text]) => [requireString(text, 'text', MAX_CLIPBOARD_CHARS)],
      run: async (text) => clipboard.writeText(text),
    },
    openExternal: {
      parse: ([url]) => [requireString(url, 'url', MAX_URL_CHARS)],
      run: async (url) => {
        if (!isSafeExternalUrl(url)) return { opened: false, reason: EXTERNAL_LINK_REFUSED };
        await shell.openExternal(url);
        return { opened: true };
      },
    },
    getAppVersion: {
      parse: () => [],
      run: async () => app.getVersion(),
    },
  };
}

/** Registers the contract's handlers; returns a function that removes them again. */
export function registerIpcHandlers(context: IpcHandlerContext): () => void {
  const handlers = createHandlers(context);
  for (const name of DESKTOP_API_FUNCTIONS) register(name, handlers[name], context);
  return () => {
    for (const name of DESKTOP_API_FUNCTIONS) ipcMain.removeHandler(DESKTOP_CHANNELS[name]);
  };
}

function register<K extends DesktopApiFunction>(name: K, handler: ChannelHandler<K>, context: IpcHandlerContext): void {
  ipcMain.handle(DESKTOP_CHANNELS[name], async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    assertTrustedSender(event, context.adminOrigin());
    return handler.run(...handler.parse(args));
  });
}

function assertTrustedSender(event: IpcMainInvokeEvent, adminOrigin: string | null): void {
  const frameUrl = event.senderFrame?.url;
  if (adminOrigin === null || frameUrl === undefined || !isAppUrl(frameUrl, adminOrigin)) {
    throw new Error('Refused: the call did not come from the SCIM Desk window.');
  }
}

function requireString(value: unknown, name: string, maxLength: number): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  if (value.length > maxLength) throw new RangeError(`${name} is longer than ${maxLength} characters`);
  return value;
}

async function saveTokenFile(
  parent: BrowserWindow | null,
  suggestedName: string,
  contents: string,
): Promise<SaveTokenFileResult> {
  const dialogOptions = {
    title: 'Save SCIM token',
    defaultPath: path.join(app.getPath('downloads'), safeFileName(suggestedName)),
    filters: [{ name: 'Text file', extensions: ['txt'] }],
    properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<
      'createDirectory' | 'showOverwriteConfirmation'
    >,
  };
  const choice = parent
    ? await dialog.showSaveDialog(parent, dialogOptions)
    : await dialog.showSaveDialog(dialogOptions);
  if (choice.canceled || !choice.filePath) return { saved: false };
  // 0600: the file is a live credential. chmod too, since `mode` only applies when the file is created.
  await fs.writeFile(choice.filePath, contents, { encoding: 'utf8', mode: 0o600 });
  await fs.chmod(choice.filePath, 0o600);
  return { saved: true, path: choice.filePath };
}

/** A plain base name: no folders, no control or shell-special characters; `.txt` when none is given. */
export function safeFileName(suggested: string): string {
  const base = path.basename(suggested.replace(/\\/g, '/'));
  const cleaned = base
    .replace(/[^A-Za-z0-9._ -]/g, '-')
    .replace(/^[.\s-]+/, '')
    .slice(0, 100)
    .trim();
  if (cleaned === '') return 'scim-desk-token.txt';
  return path.extname(cleaned) === '' ? `${cleaned}.txt` : cleaned;
}
