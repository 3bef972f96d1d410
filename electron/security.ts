/**
 * The window's security rules (docs/decisions.md#the-electron-window). Pure checks first (what is allowed), then
 * the Electron wiring that applies them to every web contents and to the session.
 */
import type { App, Event, Session, WebContents } from 'electron';
import { ADMIN_CSP } from '../server/admin/security.js';

/**
 * Applied when the admin listener sent no CSP of its own. The server sends one; this is defence in
 * depth should a response ever lack it. No inline script, no eval, no framing, no plugins.
 */
export const FALLBACK_CSP = ADMIN_CSP;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Navigation stays on the admin listener's origin (scheme, host and port all equal). */
export function isAppUrl(url: string, adminOrigin: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.origin === adminOrigin;
}

/** Only plain https links, without credentials, leave the app for the default browser. */
export function isSafeExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
}

export interface WebContentsGuardOptions {
  /** Current admin origin, e.g. `http://127.0.0.1:41234` (read per event: it can change after a restart). */
  adminOrigin: () => string | null;
  openExternal: (url: string) => Promise<void>;
  log: (line: string) => void;
}

/**
 * Locks one web contents: `window.open` always denied (https targets go to the browser instead),
 * navigation and redirects away from the admin origin prevented, `<webview>` never attached.
 */
export function guardWebContents(contents: WebContents, options: WebContentsGuardOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    openIfSafe(url, options);
    return { action: 'deny' };
  });

  const keepInApp = (event: Event, url: string): void => {
    const origin = options.adminOrigin();
    if (origin !== null && isAppUrl(url, origin)) return;
    event.preventDefault();
    openIfSafe(url, options);
  };
  contents.on('will-navigate', keepInApp);
  contents.on('will-redirect', keepInApp);

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

function openIfSafe(url: string, options: WebContentsGuardOptions): void {
  if (!isSafeExternalUrl(url)) {
    options.log(`scim-desk: blocked a link that is not https (${schemeOf(url)})`);
    return;
  }
  options.openExternal(url).catch(() => options.log('scim-desk: the default browser could not open a link'));
}

/** Scheme only: a blocked URL might carry a token in its query, so the rest is never logged. */
function schemeOf(url: string): string {
  return parseUrl(url)?.protocol ?? 'unparseable URL';
}

/** Guards every web contents the app ever creates, the main window's included. */
export function guardAllWebContents(app: App, options: WebContentsGuardOptions): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, options));
}

/** Denies every permission (camera, notifications, clipboard-read, ...) and adds the fallback CSP. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    const hasCsp = Object.keys(headers).some((name) => name.toLowerCase() === 'content-security-policy');
    if (!hasCsp) headers['Content-Security-Policy'] = [FALLBACK_CSP];
    callback({ responseHeaders: headers });
  });
}
