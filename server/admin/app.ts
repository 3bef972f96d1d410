import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { hostCheck, requireAdminToken, securityHeaders, sendError } from './security.js';

export interface AdminAppOptions {
  /** The session token every `/api` request must carry; undefined on the control socket, whose file
   * permissions (0600 in a 0700 folder) already restrict it to the owner. */
  adminToken: string | undefined;
  /** The listener's port, for the Host check (read lazily: it is known only after listen). */
  port: () => number;
  /** The `/api` router. */
  api: Router;
  /** Built renderer folder (index.html); absent in API-only runs. */
  rendererDir?: string;
}

/** The admin listener: UI and `/api`, 127.0.0.1 only, Host-checked, token-guarded, no CORS. */
export function createAdminApp(options: AdminAppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders);
  if (options.adminToken !== undefined) app.use(hostCheck(options.port));
  // No CORS: preflights are refused, and no Access-Control-* header is ever set.
  app.options('/*splat', (_req, res) => {
    res.status(405).end();
  });
  app.use('/api', express.json({ limit: '2mb' }));
  if (options.adminToken !== undefined) app.use('/api', requireAdminToken(options.adminToken));
  app.use('/api', options.api);
  app.use('/api', (req, res) => sendError(res, 404, 'not_found', `No admin API route ${req.method} /api${req.path}.`));

  if (options.rendererDir && existsSync(path.join(options.rendererDir, 'index.html'))) {
    const index = path.join(options.rendererDir, 'index.html');
    app.use(express.static(options.rendererDir, { index: false, maxAge: 0 }));
    app.get('/{*splat}', (_req, res) => res.sendFile(index));
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send('SCIM Desk admin API is running. Build the UI with `npm run build` to use it in a browser.');
    });
  }

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = error as { type?: string; status?: number };
    if (e.type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', 'The request body is too large.');
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'invalid_body', 'The request body is not valid JSON.');
    console.error('scim-desk: admin API error', error);
    return sendError(res, 500, 'internal', 'The server failed to handle the request.');
  });
  return app;
}
