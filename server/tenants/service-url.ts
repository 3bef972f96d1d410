/**
 * The one place a service URL typed by the admin is checked. https is required, because the API token travels
 * in a header; plain http is accepted only for loopback hosts (a local gateway, or the fakes in tests).
 * Credentials, a query or a fragment in the URL are refused: a token pasted there would end up in logs.
 */
import { TenantApiError, type TenantService } from './tenant-error.js';

export { CLUMIO_REGIONAL_BASE_URLS } from './clumio/clumio-regions.js';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

const EXAMPLES: Record<TenantService, string> = {
  okta: 'https://example.okta.com',
  clumio: 'https://us-west-2.api.clumio.com',
};

/**
 * Okta's API lives at the org URL itself, so any path is a mistake (usually a console page pasted from the
 * browser). Clumio's SDKs concatenate base URL and path, so a path prefix (a gateway) is allowed there.
 * Returns the normalised base URL without a trailing slash.
 */
export function parseServiceUrl(service: TenantService, raw: string): string {
  const operation = service === 'okta' ? 'use the Okta org URL' : 'use the Clumio API base URL';
  const refuse = (reason: string): never => {
    throw new TenantApiError({ service, kind: 'bad_url', operation, serviceMessage: reason });
  };
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The text itself is not echoed: a token pasted into the wrong field must not reach a message.
    return refuse(`that is not a URL; expected something like ${EXAMPLES[service]}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return refuse(`${url.protocol} URLs are not supported; use https://`);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return refuse(`http is allowed only for 127.0.0.1 and localhost; use https://${url.host}`);
  }
  if (url.username || url.password) return refuse('the URL must not carry a user name or password');
  if (url.search || url.hash) return refuse('the URL must not carry a query (?…) or a fragment (#…)');
  const path = url.pathname.replace(/\/+$/, '');
  if (service === 'okta') {
    if (path) return refuse(`use the org URL only (${url.origin}), without a path`);
    const admin = /^([^.]+)-admin\.(okta|oktapreview|okta-emea)\.com$/i.exec(url.hostname);
    if (admin)
      return refuse(`that is the Admin Console's address; the API answers at https://${admin[1]}.${admin[2]}.com`);
  }
  return url.origin + path;
}
