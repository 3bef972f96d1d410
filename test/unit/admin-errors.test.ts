import type { Server } from 'node:http';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdminError, ERROR_STATUS, invalidBody, notFound } from '../../server/admin/admin-error.js';
import { toAdminError } from '../../server/admin/answer-errors.js';
import { createAdminApp } from '../../server/admin/app.js';
import type { ApiErrorCode } from '../../server/admin/contract.js';
import { TokenError } from '../../server/auth/errors.js';
import { closeServer, listenTcp, portOf } from '../../server/core/listen.js';
import { WebhookInputError } from '../../server/events/webhook-endpoints.js';
import { RehearsalError } from '../../server/rehearsal/rehearsal-runner.js';
import { TunnelError } from '../../server/tunnel/tunnel-manager.js';
import { ApplyIncompleteError } from '../../server/clumio-account/apply-rules.js';
import { ConnectionError, fromTenantError } from '../../server/connections/connection-error.js';
import { TenantApiError } from '../../server/tenants/tenant-error.js';

const bodyOf = (error: unknown) => {
  const answer = toAdminError(error);
  return answer ? { status: answer.status, ...answer.body } : undefined;
};

describe('admin errors: one translation of every failure into the API error body', () => {
  it('gives each code one status', () => {
    const expected: Record<ApiErrorCode, number> = {
      unauthorized: 401,
      too_many_attempts: 429,
      misdirected_request: 421,
      not_found: 404,
      invalid_query: 400,
      invalid_body: 400,
      invalid_rule: 400,
      invalid_organizational_unit: 400,
      organizational_unit_in_use: 409,
      organizational_unit_has_children: 409,
      guard_refused: 409,
      rehearsal_running: 409,
      not_running: 409,
      tunnel_failed: 502,
      connection_failed: 400,
      not_connected: 409,
      tenant_unavailable: 502,
      apply_incomplete: 502,
      payload_too_large: 413,
      internal: 500,
    };
    expect(ERROR_STATUS).toEqual(expected);
    expect(new AdminError({ code: 'not_running', message: 'm' }).status).toBe(409);
  });

  it('leaves out details that are not there', () => {
    expect(notFound('No rule x.').body).toEqual({ error: { code: 'not_found', message: 'No rule x.' } });
    expect(Object.keys(invalidBody('Bad.').body.error)).toEqual(['code', 'message']);
    expect(invalidBody('Bad.', [{ field: 'a', message: 'b' }]).body.error.details).toEqual({
      issues: [{ field: 'a', message: 'b' }],
    });
  });

  it('translates the domain errors the way each route answered them', () => {
    expect(bodyOf(new TokenError('not-found', 'No token with id "t".'))).toEqual({
      status: 404,
      error: { code: 'not_found', message: 'No token with id "t".' },
    });
    expect(bodyOf(new TokenError('invalid-input', 'A token label must have 1 to 100 characters.'))).toEqual({
      status: 400,
      error: { code: 'invalid_body', message: 'A token label must have 1 to 100 characters.' },
    });
    expect(bodyOf(new RehearsalError('invalid', 'fast must be true or false.'))).toEqual({
      status: 400,
      error: { code: 'invalid_body', message: 'fast must be true or false.' },
    });
    expect(bodyOf(new RehearsalError('running', 'A rehearsal is already running.'))).toEqual({
      status: 409,
      error: { code: 'rehearsal_running', message: 'A rehearsal is already running.' },
    });
    expect(bodyOf(new TunnelError('invalid', 'The public URL must be an http(s) URL.'))).toEqual({
      status: 400,
      error: {
        code: 'invalid_body',
        message: 'The public URL must be an http(s) URL.',
        details: { issues: [{ field: 'url', message: 'The public URL must be an http(s) URL.' }] },
      },
    });
    expect(bodyOf(new TunnelError('unavailable', 'ngrok was not found on PATH.'))).toEqual({
      status: 400,
      error: { code: 'invalid_body', message: 'ngrok was not found on PATH.' },
    });
    expect(bodyOf(new TunnelError('failed', 'The ngrok tunnel did not start.'))).toEqual({
      status: 502,
      error: { code: 'tunnel_failed', message: 'The ngrok tunnel did not start.' },
    });
    expect(
      bodyOf(new WebhookInputError('url: must be a string', [{ field: 'url', message: 'must be a string' }])),
    ).toEqual({
      status: 400,
      error: {
        code: 'invalid_body',
        message: 'url: must be a string',
        details: { issues: [{ field: 'url', message: 'must be a string' }] },
      },
    });
    expect(bodyOf(new WebhookInputError('The body must be a JSON object.', []))).toEqual({
      status: 400,
      error: { code: 'invalid_body', message: 'The body must be a JSON object.' },
    });
    const unauthorized = new TenantApiError({
      service: 'okta',
      kind: 'unauthorized',
      operation: "list the org's apps",
      method: 'GET',
      path: '/api/v1/apps',
      status: 401,
      serviceCode: 'E0000011',
    });
    const refused = bodyOf(fromTenantError('refused', unauthorized, 0));
    expect(refused).toMatchObject({
      status: 400,
      error: {
        code: 'connection_failed',
        details: { service: 'okta', kind: 'unauthorized', status: 401, service_code: 'E0000011', path: '/api/v1/apps' },
      },
    });
    expect(refused!.error.message).toMatch(/^Okta refused the API token \(401 E0000011\)/);
    expect(bodyOf(fromTenantError('unavailable', unauthorized, 0))).toMatchObject({
      status: 502,
      error: { code: 'tenant_unavailable', message: refused!.error.message },
    });
    expect(bodyOf(new ConnectionError({ kind: 'not_connected', message: 'Connect it.' }))).toEqual({
      status: 409,
      error: { code: 'not_connected', message: 'Connect it.' },
    });
    expect(
      bodyOf(
        new ConnectionError({
          kind: 'invalid',
          message: 'org_url: is required',
          issues: [{ field: 'org_url', message: 'is required' }],
        }),
      ),
    ).toEqual({
      status: 400,
      error: {
        code: 'invalid_body',
        message: 'org_url: is required',
        details: { issues: [{ field: 'org_url', message: 'is required' }] },
      },
    });
    const incomplete = new ApplyIncompleteError({
      done: [{ method: 'POST', path: '/settings/auto-user-provisioning/rules', status: 201 }],
      failed: {
        method: 'DELETE',
        path: '/settings/auto-user-provisioning/rules/r1',
        body: null,
        status: 500,
        message: 'Clumio had an internal error.',
      },
      not_sent: [],
    });
    expect(bodyOf(incomplete)).toEqual({
      status: 502,
      error: { code: 'apply_incomplete', message: incomplete.message, details: incomplete.details },
    });
    expect(toAdminError(new Error('a bug'))).toBeUndefined();
    expect(toAdminError(null)).toBeUndefined();
  });

  describe('answered by the admin app', () => {
    let server: Server;
    let origin: string;
    const token = 'a-test-admin-token-0123456789';
    const thrown: Record<string, unknown> = {
      '/guard': new AdminError({
        code: 'guard_refused',
        message: 'No.',
        details: { reason: 'no_super_admin_rule', message: 'No.', rules: [], current_admin: null },
      }),
      '/rehearsal': new RehearsalError('running', 'Busy.'),
      '/bug': new Error('a bug'),
    };

    beforeAll(async () => {
      const api = Router();
      api.get('/{*path}', async (req) => {
        throw thrown[req.path];
      });
      api.post('/echo', (req, res) => {
        res.json(req.body);
      });
      let port = 0;
      server = await listenTcp(createAdminApp({ adminToken: token, port: () => port, api }), '127.0.0.1', 0);
      port = portOf(server);
      origin = `http://127.0.0.1:${port}`;
    });
    afterAll(async () => {
      await closeServer(server, 0);
    });

    const call = async (path: string, init: RequestInit = {}, withToken = true) => {
      const res = await fetch(`${origin}/api${path}`, {
        ...init,
        headers: { ...(withToken ? { Authorization: `Bearer ${token}` } : {}), ...init.headers },
      });
      return { status: res.status, body: (await res.json()) as unknown };
    };

    it('answers thrown AdminErrors and domain errors with their body', async () => {
      expect(await call('/guard')).toEqual({
        status: 409,
        body: {
          error: {
            code: 'guard_refused',
            message: 'No.',
            details: { reason: 'no_super_admin_rule', message: 'No.', rules: [], current_admin: null },
          },
        },
      });
      expect(await call('/rehearsal')).toEqual({
        status: 409,
        body: { error: { code: 'rehearsal_running', message: 'Busy.' } },
      });
    });

    it('answers a bug 500 internal, logged without its details reaching the client', async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        expect(await call('/bug')).toEqual({
          status: 500,
          body: { error: { code: 'internal', message: 'The server failed to handle the request.' } },
        });
        expect(logged).toHaveBeenCalledWith('scim-desk: admin API error', thrown['/bug']);
      } finally {
        logged.mockRestore();
      }
    });

    it('answers the session and body checks through the same handler', async () => {
      expect(await call('/guard', {}, false)).toEqual({
        status: 401,
        body: {
          error: {
            code: 'unauthorized',
            message: 'The admin session token is missing or wrong. Open the login URL printed by scim-desk serve.',
          },
        },
      });
      const json = { method: 'POST', headers: { 'Content-Type': 'application/json' } };
      expect(await call('/echo', { ...json, body: '{"a":' })).toEqual({
        status: 400,
        body: { error: { code: 'invalid_body', message: 'The request body is not valid JSON.' } },
      });
      expect(await call('/echo', { ...json, body: JSON.stringify({ a: 'x'.repeat(3 * 1024 * 1024) }) })).toEqual({
        status: 413,
        body: { error: { code: 'payload_too_large', message: 'The request body is too large.' } },
      });
      expect(await call('/echo', { ...json, body: '{"a":1}' })).toEqual({ status: 200, body: { a: 1 } });
    });

    it('answers an unknown route 404 not_found', async () => {
      expect(await call('/nothing-here', { method: 'DELETE' })).toEqual({
        status: 404,
        body: { error: { code: 'not_found', message: 'No admin API route DELETE /api/nothing-here.' } },
      });
    });
  });
});
