/**
 * What the tunnel keeps across restarts, in the store's `settings` collection (document `tunnel`):
 * the admin's own public URL, and the public SCIM URL last given to Okta, so a tunnel that comes back
 * with another URL is flagged (Okta's base URL must then be updated).
 */
import type { DirectoryRepository, StoreOp } from '../store/types.js';

export const TUNNEL_SETTINGS_DOC = 'tunnel';

export interface TunnelSettings {
  /** The pasted public SCIM URL (provider `custom`), or null. */
  customScimUrl: string | null;
  /** The public SCIM URL given to Okta: the first one shown, then whatever the admin acknowledged. */
  oktaBaseUrl: string | null;
}

export function readTunnelSettings(repo: DirectoryRepository): TunnelSettings {
  const doc = repo.getDoc<unknown>('settings', TUNNEL_SETTINGS_DOC);
  const record = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return { customScimUrl: text(record.customScimUrl), oktaBaseUrl: text(record.oktaBaseUrl) };
}

export function tunnelSettingsOp(settings: TunnelSettings): StoreOp {
  return { op: 'putDoc', collection: 'settings', id: TUNNEL_SETTINGS_DOC, doc: settings };
}
