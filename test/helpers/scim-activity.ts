import type { ActivityInput } from '../../server/activity/types.js';

type ScimInput = Extract<ActivityInput, { kind: 'scim' }>;

/** A logged SCIM request as the SCIM adapter would append it, authenticated by default. */
export function scimRequest(overrides: Partial<ScimInput> & Pick<ScimInput, 'method' | 'path'>): ScimInput {
  return {
    kind: 'scim',
    query: '',
    status: 200,
    durationMs: 3,
    tokenId: 'token-1',
    tokenLabel: 'Okta',
    userAgent: 'Okta SCIM Client 1.0.0',
    clientIp: '127.0.0.1',
    ...overrides,
  };
}
