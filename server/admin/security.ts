import { timingSafeEqual, createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AdminError } from './admin-error.js';
import { FailedAuthLimiter } from '../auth/failed-auth-limiter.js';
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
      next(
        new AdminError({
          code: 'misdirected_request',
          message: 'This admin listener only answers to 127.0.0.1 and localhost.',
        }),
      );
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

/** The shortest admin token SCIM Desk accepts from SCIM_DESK_ADMIN_TOKEN (the random one has 43 characters). */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** Wrong admin tokens allowed per minute, from everyone together (only local processes reach the listener). */
export const ADMIN_FAILURES_PER_MINUTE = 10;

/**
 * `/api/*` needs `Authorization: Bearer <admin token>`; the SSE stream may carry it as a query parameter.
 * Wrong tokens are limited before any comparison: once ten have been presented within a minute, every
 * presented token waits (429 with Retry-After) until the budget refills, so guessing runs at ten a minute
 * however it is spread. A request without any token is not a guess and is not counted.
 */
export function requireAdminToken(
  token: string,
  failures = new FailedAuthLimiter({ maxFailures: ADMIN_FAILURES_PER_MINUTE, windowMs: 60_000 }),
) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization;
    const bearer = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    const streamToken =
      req.path === '/activity/stream' && typeof req.query[STREAM_TOKEN_PARAM] === 'string'
        ? (req.query[STREAM_TOKEN_PARAM] as string)
        : undefined;
    const presented = bearer ?? streamToken;
    if (presented) {
      const waiting = failures.waiting(ADMIN_KEY);
      if (waiting.limited) {
        res.setHeader('Retry-After', String(waiting.retryAfterSeconds));
        next(
          new AdminError({
            code: 'too_many_attempts',
            message: `Too many wrong admin tokens were tried; wait ${waiting.retryAfterSeconds} s and try again.`,
          }),
        );
        return;
      }
    }
    if (adminTokenMatches(token, presented)) {
      next();
      return;
    }
    if (presented) failures.check(ADMIN_KEY);
    next(
      new AdminError({
        code: 'unauthorized',
        message: 'The admin session token is missing or wrong. Open the login URL printed by scim-desk serve.',
      }),
    );
  };
}

const ADMIN_KEY = 'admin';
