import type { PublicToken } from '../../auth/token-record.js';
import type { TokenService } from '../../auth/token-service.js';
import { logAdminChange, type ActivitySink } from '../../activity/admin-changes.js';
import type { TokenInfo } from '../contract.js';
import { invalidBody } from '../admin-error.js';
import { AdminRouter, created, noContent } from '../typed-router.js';

const DAY_MS = 86_400_000;

export function toTokenInfo(token: PublicToken): TokenInfo {
  return {
    id: token.id,
    label: token.label,
    prefix: token.hint.replace(/…$/, ''),
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
    lastUsedBy: null,
    expired: token.state === 'expired',
  };
}

/** `/api/tokens`: create (the secret is in this one response only), list, revoke. */
export function tokensRouter(tokens: TokenService, activity: ActivitySink) {
  const api = new AdminRouter();
  api.on('GET /api/tokens', () => {
    const items = tokens
      .list()
      .filter((t) => t.state !== 'revoked')
      .reverse()
      .map(toTokenInfo);
    return { items };
  });
  api.on('POST /api/tokens', async (req) => {
    const body = (req.body ?? {}) as { label?: unknown; expiresAt?: unknown; expiresInDays?: unknown };
    if (body.label !== undefined && typeof body.label !== 'string') {
      throw invalidBody('label must be a string.', [{ field: 'label', message: 'must be a string' }]);
    }
    let expiresInDays: number | undefined;
    if (typeof body.expiresAt === 'string') {
      const at = Date.parse(body.expiresAt);
      if (!Number.isFinite(at) || at <= Date.now()) {
        throw invalidBody('expiresAt must be a date in the future.', [
          { field: 'expiresAt', message: 'must be a future ISO date' },
        ]);
      }
      expiresInDays = (at - Date.now()) / DAY_MS;
    } else if (typeof body.expiresInDays === 'number') expiresInDays = body.expiresInDays;
    const { token, secret } = await tokens.create({
      ...(body.label ? { label: body.label } : {}),
      ...(expiresInDays ? { expiresInDays } : {}),
    });
    // The secret never reaches the log: only the id, label and recognisable prefix.
    logAdminChange(activity, 'token.created', `SCIM token "${token.label}" (${token.hint}…) created.`, {
      type: 'Token',
      id: token.id,
      name: token.label,
    });
    return created({ token: toTokenInfo(token), secret });
  });
  api.on('DELETE /api/tokens/:id', async (req) => {
    await tokens.revoke(req.params.id);
    logAdminChange(activity, 'token.revoked', `SCIM token ${req.params.id} revoked.`, {
      type: 'Token',
      id: req.params.id,
      name: null,
    });
    return noContent;
  });
  return api.router;
}
