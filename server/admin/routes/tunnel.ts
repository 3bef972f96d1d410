import type { GuidedSetup } from '../../setup/guided-setup.js';
import type { TunnelRequest } from '../../tunnel/tunnel-manager.js';
import { invalidBody, notFound } from '../admin-error.js';
import { AdminRouter } from '../typed-router.js';
import type { TunnelProvider } from '../contract.js';

const PROVIDERS: readonly TunnelProvider[] = ['localtunnel', 'cloudflared', 'ngrok', 'custom'];

/** `/api/tunnel`: how Okta reaches the SCIM listener (never the admin listener). */
export function tunnelRouter(guided: GuidedSetup | undefined) {
  const tunnel = () => {
    if (!guided) throw notFound('Tunnels run with the server: start `scim-desk serve` (or the desktop app) first.');
    return guided.tunnel;
  };
  return new AdminRouter()
    .on('GET /api/tunnel', () => tunnel().status())
    .on('POST /api/tunnel', (req) => {
      const manager = tunnel();
      return manager.start(parseTunnelRequest(req.body));
    })
    .on('DELETE /api/tunnel', () => tunnel().stop())
    .on('POST /api/tunnel/probe', () => tunnel().probe())
    .on('POST /api/tunnel/acknowledge', () => tunnel().acknowledge()).router;
}

function parseTunnelRequest(body: unknown): TunnelRequest {
  const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const provider = PROVIDERS.find((p) => p === input.provider);
  if (!provider)
    throw invalidBody(`provider must be one of ${PROVIDERS.join(', ')}.`, [
      { field: 'provider', message: 'unknown provider' },
    ]);
  const text = (field: 'url' | 'host') => {
    const value = input[field];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || value.length > 2048)
      throw invalidBody(`${field} must be a URL.`, [{ field, message: 'must be a URL string' }]);
    return value;
  };
  if (provider === 'custom') {
    const url = text('url');
    if (!url)
      throw invalidBody('Paste your public URL (e.g. https://scim.example.com/scim/v2).', [
        { field: 'url', message: 'required for custom' },
      ]);
    return { provider, url };
  }
  if (provider === 'localtunnel') {
    const host = text('host');
    if (host !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(host))
      throw invalidBody('host must be a localtunnel server origin such as https://localtunnel.me.', [
        { field: 'host', message: 'must be an http(s) origin' },
      ]);
    const subdomain = input.subdomain;
    if (
      subdomain !== undefined &&
      (typeof subdomain !== 'string' || !/^[a-z0-9][a-z0-9-]{2,61}[a-z0-9]$/.test(subdomain))
    ) {
      throw invalidBody('subdomain must be 4-63 lower-case letters, digits or dashes.', [
        { field: 'subdomain', message: 'invalid subdomain' },
      ]);
    }
    return { provider, ...(host ? { host } : {}), ...(typeof subdomain === 'string' ? { subdomain } : {}) };
  }
  return { provider };
}
