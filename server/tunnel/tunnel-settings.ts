/**
 * What the tunnel keeps across restarts, in the store's `settings` collection (document `tunnel`):
 * the admin's own public URL, and the public SCIM URL the identity provider is known to call, so a tunnel
 * that comes back with another URL is flagged (the identity provider must then be given the new one).
 */
import type { DocumentReader } from '../store/directory-store.js';
import type { DocOp } from '../store/doc-ops.js';

export const TUNNEL_SETTINGS_DOC = 'tunnel';

export interface TunnelSettings {
  /** The pasted public SCIM URL (provider `custom`), or null. */
  customScimUrl: string | null;
  /** The public SCIM URL the identity provider calls: the one its authenticated requests last came through,
   * or the one the admin acknowledged giving it; null until either happened. */
  oktaBaseUrl: string | null;
}

export function readTunnelSettings(repo: DocumentReader): TunnelSettings {
  const doc = repo.getDoc<unknown>('settings', TUNNEL_SETTINGS_DOC);
  const record = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return { customScimUrl: text(record.customScimUrl), oktaBaseUrl: text(record.oktaBaseUrl) };
}

export function tunnelSettingsOp(settings: TunnelSettings): DocOp {
  return { op: 'putDoc', collection: 'settings', id: TUNNEL_SETTINGS_DOC, doc: settings };
}
