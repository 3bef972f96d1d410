/**
 * The admin session token. `serve` prints `http://127.0.0.1:PORT/?token=...`; on first load the token moves
 * into sessionStorage (gone when the tab closes) and the URL is cleaned, so it is not left in the address
 * bar, the history or a screenshot.
 */
import { LOGIN_TOKEN_PARAM } from '../../../server/admin/contract';

const STORAGE_KEY = 'scimDesk.adminToken';

/** Call once before rendering: takes the token out of the URL if it is there. */
export function adoptTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get(LOGIN_TOKEN_PARAM);
  if (token === null) return;
  if (token !== '') sessionStorage.setItem(STORAGE_KEY, token);
  url.searchParams.delete(LOGIN_TOKEN_PARAM);
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

export function adminToken(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function forgetAdminToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
