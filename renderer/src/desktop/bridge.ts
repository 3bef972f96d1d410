/**
 * Desktop-only affordances. Inside the Electron window the preload defines `window.scimDesk`; in a browser it
 * is absent and each function falls back to a web API.
 */
import type { DesktopApi } from '../../../electron/ipc-contract';

declare global {
  interface Window {
    scimDesk?: DesktopApi;
  }
}

export async function copyText(text: string): Promise<void> {
  if (window.scimDesk) return window.scimDesk.copyToClipboard(text);
  await navigator.clipboard.writeText(text);
}

/** Saves text as a file: a native "Save as" dialog in the desktop app, a download in a browser.
 * Resolves false when the admin cancelled the dialog. */
export async function saveTextFile(suggestedName: string, contents: string, type = 'text/plain'): Promise<boolean> {
  if (window.scimDesk) {
    const result = await window.scimDesk.saveTokenFile({ suggestedName, contents });
    return result.saved;
  }
  const url = URL.createObjectURL(new Blob([contents], { type }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = suggestedName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoke after the click has been handled so the download keeps its data.
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return true;
}
