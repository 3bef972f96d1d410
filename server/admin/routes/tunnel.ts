import { Router, type Response } from 'express';
import type { GuidedSetup } from '../../setup/guided-setup.js';
import { TunnelError, type TunnelRequest } from '../../tunnel/tunnel-manager.js';
import { invalidBody } from '../api-failure.js';
import type { TunnelProvider } from '../contract.js';
import { sendError } from '../security.js';

const PROVIDERS: readonly TunnelProvider[] = ['localtunnel', 'cloudflared', 'ngrok', 'custom'];

/** `/api/tunnel`: how Okta reaches the SCIM listener (never the admin listener). */
export function tunnelRouter(guided: GuidedSetup | undefined) {
  const router = Router();
  const tunnel = (res: Response) => {
    if (guided) return guided.tunnel;
    sendError(res, 404, 'not_found', 'Tunnels run with the server: start `scim-desk serve` (or the desktop app) first.');
    return undefined;
  };

  router.get('/tunnel', (_req, res) => {
    const manager = tunnel(res);
    if (manager) res.json(manager.status());
  });

  router.post('/tunnel', async (req, res) => {
    const manager = tunnel(res);
    if (!manager) return;
    const request = parseTunnelRequest(req.body);
    try {
      res.json(await manager.start(request));
    } catch (error) {
      if (!(error instanceof TunnelError)) throw error;
      if (error.code === 'invalid') throw invalidBody(error.message, [{ field: 'url', message: error.message }]);
      sendError(res, error.code === 'unavailable' ? 400 : 502, error.code === 'unavailable' ? 'invalid_body' : 'tunnel_failed', error.message);
    }
  });

  router.delete('/tunnel', async (_req, res) => {
    const manager = tunnel(res);
    if (manager) res.json(await manager.stop());
  });

  router.post('/tunnel/probe', async (_req, res) => {
    const manager = tunnel(res);
    if (manager) res.json(await manager.probe());
  });

  router.post('/tunnel/acknowledge', async (_req, res) => {
    const manager = tunnel(res);
    if (manager) res.json(await manager.acknowledge());
  });
  return router;
}

function parseTunnelRequest(body: unknown): TunnelRequest {
  const input = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const provider = PROVIDERS.find((p) => p === input.provider);
  if (!provider) throw invalidBody(`provider must be one of ${PROVIDERS.join(', ')}.`, [{ field: 'provider', message: 'unknown provider' }]);
  const text = (field: 'url' | 'host') => {
    const value = input[field];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || value.length > 2048) throw invalidBody(`${field} must be a URL.`, [{ field, message: 'must be a URL string' }]);
    return value;
  };
  if (provider === 'custom') {
    const url = text('url');
    if (!url) throw invalidBody('Paste your public URL (e.g. https://scim.example.com/scim/v2).', [{ field: 'url', message: 'required for custom' }]);
    return { provider, url };
  }
  if (provider === 'localtunnel') {
    const host = text('host');
    if (host !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(host)) throw invalidBody('host must be a localtunnel server origin such as https://localtunnel.me.', [{ field: 'host', message: 'must be an http(s) origin' }]);
    const subdomain = input.subdomain;
    if (subdomain !== undefined && (typeof subdomain !== 'string' || !/^[a-z0-9][a-z0-9-]{2,61}[a-z0-9]$/.test(subdomain))) {
      throw invalidBody('subdomain must be 4-63 lower-case letters, digits or dashes.', [{ field: 'subdomain', message: 'invalid subdomain' }]);
    }
    return { provider, ...(host ? { host } : {}), ...(typeof subdomain === 'string' ? { subdomain } : {}) };
  }
  return { provider };
}
