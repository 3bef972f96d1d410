import { timingSafeEqual, createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AdminError } from './admin-error.js';
import { STREAM_TOKEN_PARAM } from './contract.js';

/** Content-Security-Policy of the admin UI: only our own scripts and API; nothing framed, nothing inline. */
export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every admin response. no-referrer keeps the login token in the URL from leaking. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Content-Security-Policy', ADMIN_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * DNS-rebinding guard: a page on evil.example that rebinds its name to 127.0.0.1 still sends
 * `Host: evil.example`, so only loopback host names with our port are accepted.
 */
export function hostCheck(port: () => number) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const host = (req.headers.host ?? '').toLowerCase();
    const allowed = new Set([`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`]);
    if (!allowed.has(host)) {
      next(new AdminError({ code: 'misdirected_request', message: 'This admin listener only answers to 127.0.0.1 and localhost.' }));
      return;
    }
    next();
  };
}

/** Constant-time comparison of the presented admin token with the session's. */
export function adminTokenMatches(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

/** `/api/*` needs `Authorization: Bearer <admin token>`; the SSE stream may carry it as a query parameter. */
export function requireAdminToken(token: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const bearer = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    const streamToken =
      req.path === '/activity/stream' && typeof req.query[STREAM_TOKEN_PARAM] === 'string'
        ? (req.query[STREAM_TOKEN_PARAM] as string)
        : undefined;
    if (adminTokenMatches(token, bearer ?? streamToken)) {
      next();
      return;
    }
    next(new AdminError({ code: 'unauthorized', message: 'The admin session token is missing or wrong. Open the login URL printed by scim-desk serve.' }));
  };
}
