import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { LOGIN_TOKEN_PARAM } from './contract.js';
import { notFound } from './admin-error.js';
import { answerErrors } from './answer-errors.js';
import { hostCheck, requireAdminToken, securityHeaders } from './security.js';

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

const UI_MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SCIM Desk</title></head>
<body><h1>SCIM Desk is running, but its console UI is not built</h1>
<p>The SCIM endpoint and the admin API work. To use the console in a browser, build it in the SCIM Desk folder
with <code>npm run build</code> (or start with <code>npm run serve</code>, which builds it), then open the
<em>Admin console</em> link that <code>scim-desk serve</code> prints.</p></body></html>
`;

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
  app.use('/api', (req) => {
    throw notFound(`No admin API route ${req.method} /api${req.path}.`);
  });

  if (options.rendererDir && existsSync(path.join(options.rendererDir, 'index.html'))) {
    const index = path.join(options.rendererDir, 'index.html');
    app.use(express.static(options.rendererDir, { index: false, maxAge: 0 }));
    app.get('/{*splat}', (_req, res) => res.sendFile(index));
  } else {
    app.get('/', (req, res) => {
      // The login link carries the session token; without a UI to take it out of the address bar, the
      // server does: a redirect to the bare page, which the browser keeps in history instead.
      if (LOGIN_TOKEN_PARAM in req.query) return res.redirect(303, '/');
      return res.type('html').send(UI_MISSING_PAGE);
    });
  }

  app.use(answerErrors);
  return app;
}
