import { describe, expect, it } from 'vitest';
import { generateTokenSecret } from '../../server/auth/token-format.js';
import { REDACTED, redact, redactQuery, redactText } from '../../server/activity/redact.js';

const secret = generateTokenSecret();

describe('redact', () => {
  it('replaces passwords and secret-named keys at any depth, keeping everything else', () => {
    const body = {
      userName: 'ada@example.com',
      password: 'Hunter2!',
      name: { givenName: 'Ada' },
      credentials: [{ type: 'api', clientSecret: 's3cr3t', accessToken: 'abc', Authorization: 'Bearer x' }],
      'urn:ietf:params:scim:schemas:extension:custom:2.0:User': { PASSWORD: { value: 'nested' } },
    };
    expect(redact(body)).toEqual({
      userName: 'ada@example.com',
      password: REDACTED,
      name: { givenName: 'Ada' },
      credentials: [{ type: 'api', clientSecret: REDACTED, accessToken: REDACTED, Authorization: REDACTED }],
      'urn:ietf:params:scim:schemas:extension:custom:2.0:User': { PASSWORD: REDACTED },
    });
  });

  it('does not change its input', () => {
    const body = { password: 'x', nested: { token: 'y' } };
    redact(body);
    expect(body).toEqual({ password: 'x', nested: { token: 'y' } });
  });

  it('replaces token-looking strings wherever they appear: values, URLs, keys', () => {
    const body = {
      displayName: `leaked ${secret} here`,
      urls: [`https://example.com/cb?t=${secret}`],
      [secret]: 1,
    };
    const text = JSON.stringify(redact(body));
    expect(text).not.toContain(secret);
    expect(text).toContain(`leaked ${REDACTED} here`);
    expect(text).toContain(`https://example.com/cb?t=${REDACTED}`);
  });

  it('leaves ordinary names that merely start with the prefix alone', () => {
    expect(redactText('group scimdesk_admins')).toBe('group scimdesk_admins');
  });

  it('redacts secret-named query parameters and token-looking values in query strings', () => {
    expect(redactQuery('startIndex=1&count=2')).toBe('startIndex=1&count=2');
    expect(redactQuery('access_token=abc&count=2')).toBe(`access_token=${REDACTED}&count=2`);
    expect(redactQuery(`filter=userName%20eq%20%22${secret}%22`)).toBe(`filter=userName%20eq%20%22${REDACTED}%22`);
  });

  it('replaces a body larger than the limit by a summary with a short preview', () => {
    const huge = { Resources: Array.from({ length: 5000 }, (_, i) => ({ id: String(i), userName: `user${i}@example.com` })) };
    const result = redact(huge, { maxBytes: 64 * 1024 }) as Record<string, unknown>;
    expect(result['[truncated]']).toBe(true);
    expect(result.bytes).toBe(Buffer.byteLength(JSON.stringify(huge)));
    expect(JSON.stringify(result).length).toBeLessThan(4096);
  });

  it('keeps a hostile __proto__ key as plain data and leaves Object.prototype alone', () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as unknown;
    const copy = redact(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });

  it('survives absurd nesting', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(JSON.stringify(redact(deep))).toContain('[too deep]');
  });
});
