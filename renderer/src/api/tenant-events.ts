/**
 * Tells the parts of the console that show the real Okta org and Clumio account (the lock-out banner, the
 * Connections and Clumio pages) that what the server read of them changed: a connection was made or
 * removed, the services were read again, rules were applied. Each then asks the server again at once.
 */
const EVENT = 'scim-desk:tenants-changed';

export function announceTenantChange(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onTenantChange(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}

/** "10:42, 7 Dec" style: when something was read, in the admin's own time zone. */
export function readTime(iso: string | null | undefined): string {
  if (!iso) return 'not yet';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
