/**
 * Preload of the admin window. CommonJS because sandboxed preloads cannot be ES modules, and
 * self-contained because a sandboxed preload can `require` only `electron` and a few built-ins: the
 * contract is imported for its types only, and the channel table below is a copy the compiler checks
 * against `DESKTOP_CHANNELS` (a renamed or missing channel fails the build).
 *
 * Exposes exactly the contract's functions as `window.scimDesk`; never `ipcRenderer`, never a generic
 * invoke, so the page can reach nothing in main but these four handlers.
 */
import electron = require('electron');
import type { DesktopApi, DesktopChannels } from './ipc-contract.js';

const { contextBridge, ipcRenderer } = electron;

const CHANNELS: DesktopChannels = {
  saveTokenFile: 'scim-desk:save-token-file',
  copyToClipboard: 'scim-desk:copy-to-clipboard',
  openExternal: 'scim-desk:open-external',
  getAppVersion: 'scim-desk:get-app-version',
};

// Each function forwards only its own arguments to its own channel. Types say what main answers;
// main checks the arguments again, since a compromised page could call invoke with anything.
const desktopApi: DesktopApi = {
  saveTokenFile: (args) =>
    ipcRenderer.invoke(CHANNELS.saveTokenFile, { suggestedName: args.suggestedName, contents: args.contents }),
  copyToClipboard: (text) => ipcRenderer.invoke(CHANNELS.copyToClipboard, text),
  openExternal: (url) => ipcRenderer.invoke(CHANNELS.openExternal, url),
  getAppVersion: () => ipcRenderer.invoke(CHANNELS.getAppVersion),
};

contextBridge.exposeInMainWorld('scimDesk', desktopApi);
