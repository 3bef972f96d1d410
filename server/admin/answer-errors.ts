/**
 * Every failure of the admin listener, answered in one place: domain errors (rule changes, tokens,
 * rehearsal, tunnel, webhooks, connections, a Clumio apply) and the body parser's refusals are translated
 * into AdminErrors here, and anything else is a logged 500. The handler is the admin app's last middleware; nothing else writes an error body.
 */
import type { NextFunction, Request, Response } from 'express';
import { RuleChangeError } from '../access/rule-change-error.js';
import { ApplyIncompleteError } from '../clumio-account/apply-rules.js';
import { ConnectionError } from '../connections/connection-error.js';
import { TokenError } from '../auth/errors.js';
import { WebhookInputError } from '../events/webhook-endpoints.js';
import { RehearsalError } from '../rehearsal/rehearsal-runner.js';
import { TunnelError } from '../tunnel/tunnel-manager.js';
import { AdminError, internalError, invalidBody, notFound } from './admin-error.js';

/** What a thrown value means to the API, or undefined when it is a bug (answered 500). */
export function toAdminError(error: unknown): AdminError | undefined {
  if (error instanceof AdminError) return error;
  if (error instanceof RuleChangeError) {
    const failure = error.failure;
    switch (failure.kind) {
      case 'invalid-rules':
        return new AdminError({
          code: 'invalid_rule',
          message: error.message,
          details: { issues: failure.errors.map((e) => ({ ...e })) },
        });
      case 'invalid-file':
        return invalidBody(failure.message);
      case 'unknown-rule':
        return notFound(failure.message);
      case 'guard-refused':
        return new AdminError({ code: 'guard_refused', message: failure.refusal.message, details: failure.refusal });
    }
  }
  if (error instanceof ConnectionError) {
    const failure = error.failure;
    switch (failure.kind) {
      case 'invalid':
        return invalidBody(failure.message, failure.issues.length > 0 ? failure.issues : undefined);
      case 'refused':
        return new AdminError({ code: 'connection_failed', message: failure.message, details: failure.failure });
      case 'not_connected':
        return new AdminError({ code: 'not_connected', message: failure.message });
      case 'unavailable':
        return new AdminError({ code: 'tenant_unavailable', message: failure.message, details: failure.failure });
    }
  }
  if (error instanceof ApplyIncompleteError)
    return new AdminError({ code: 'apply_incomplete', message: error.message, details: error.details });
  if (error instanceof TokenError)
    return error.code === 'not-found' ? notFound(error.message) : invalidBody(error.message);
  if (error instanceof RehearsalError) {
    return error.code === 'invalid'
      ? invalidBody(error.message)
      : new AdminError({ code: 'rehearsal_running', message: error.message });
  }
  if (error instanceof TunnelError) {
    if (error.code === 'invalid') return invalidBody(error.message, [{ field: 'url', message: error.message }]);
    if (error.code === 'unavailable') return invalidBody(error.message);
    return new AdminError({ code: 'tunnel_failed', message: error.message });
  }
  if (error instanceof WebhookInputError)
    return invalidBody(error.message, error.issues.length > 0 ? error.issues : undefined);
  // express.json()'s refusals carry a `type`.
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large')
    return new AdminError({ code: 'payload_too_large', message: 'The request body is too large.' });
  if (type === 'entity.parse.failed') return invalidBody('The request body is not valid JSON.');
  return undefined;
}

/** The admin app's error handler (Express recognises it by its four parameters). */
export function answerErrors(error: unknown, _req: Request, res: Response, _next: NextFunction) {
  const known = toAdminError(error);
  if (!known) console.error('scim-desk: admin API error', error);
  const answer = known ?? internalError();
  res.status(answer.status).json(answer.body);
}
