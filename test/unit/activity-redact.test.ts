import { describe, expect, it } from 'vitest';
import { generateTokenSecret } from '../../server/auth/token-format.js';
import {
  MAX_DEPTH,
  REDACTED,
  lastAttributeOf,
  nestsDeeperThan,
  redact,
  redactJsonTextForLog,
  redactQuery,
  redactText,
} from '../../server/activity/redact.js';

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
    const huge = {
      Resources: Array.from({ length: 5000 }, (_, i) => ({ id: String(i), userName: `user${i}@example.com` })),
    };
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

describe('redactJsonTextForLog (a body already serialized: as received, or as sent)', () => {
  const limit = 64 * 1024;

  it('logs text with nothing secret in it as it is, on one line', () => {
    const body = {
      userName: 'ada@example.com',
      name: { givenName: 'Ada' },
      emails: [{ value: 'ada@example.com', primary: true }],
    };
    const pretty = `\n  ${JSON.stringify(body, null, 2)}\r\n`;
    const logged = redactJsonTextForLog(pretty, limit)!;
    expect(logged).not.toMatch(/[\r\n]/);
    expect(JSON.parse(logged)).toEqual(body);
    const compact = JSON.stringify(body);
    expect(redactJsonTextForLog(compact, limit)).toBe(compact); // the very string: no copy was made
  });

  it('keeps line breaks that are data (escaped inside strings) as they were', () => {
    const body = { title: 'line one\nline two' };
    expect(JSON.parse(redactJsonTextForLog(JSON.stringify(body, null, 2), limit)!)).toEqual(body);
  });

  it('redacts passwords, secret-named keys and token-looking values, as the object path does', () => {
    const body = {
      userName: 'ada@example.com',
      password: 'Hunter2!',
      note: `see ${secret}`,
      credentials: { clientSecret: 'x' },
    };
    const logged = redactJsonTextForLog(JSON.stringify(body), limit)!;
    expect(JSON.parse(logged)).toEqual(redact(body));
    expect(logged).not.toContain('Hunter2!');
    expect(logged).not.toContain(secret);
  });

  it('is not fooled by \\u escapes that spell a secret key or a token', () => {
    const escapedKey = '{"userName":"ada@example.com","p\\u0061ssword":"Hunter2!"}';
    expect(JSON.parse(redactJsonTextForLog(escapedKey, limit)!)).toEqual({
      userName: 'ada@example.com',
      password: REDACTED,
    });
    const escapedToken = JSON.stringify({ note: secret }).replace('scimdesk_', 'scimdesk\\u005f');
    const logged = redactJsonTextForLog(escapedToken, limit)!;
    expect(JSON.parse(logged)).toEqual({ note: REDACTED });
  });

  it('replaces text over the limit by the same summary the object path gives', () => {
    const body = { members: Array.from({ length: 500 }, (_, i) => ({ value: `member-${i}` })) };
    const text = JSON.stringify(body);
    const logged = JSON.parse(redactJsonTextForLog(text, 1000)!);
    expect(logged).toEqual({ '[truncated]': true, bytes: Buffer.byteLength(text), preview: text.slice(0, 2048) });
    expect(logged).toEqual(redact(body, { maxBytes: 1000 }));
  });

  it('counts bytes, not characters, against the limit', () => {
    const text = JSON.stringify({ name: 'é'.repeat(400) }); // 411 characters, 811 bytes
    expect(JSON.parse(redactJsonTextForLog(text, 600)!)).toMatchObject({ '[truncated]': true, bytes: 811 });
    expect(redactJsonTextForLog(text, 900)).toBe(text);
  });
});

describe('redaction by what a PATCH operation names', () => {
  const limit = 64 * 1024;
  const patch = (path: string, value: unknown, names: { op?: string; path?: string; value?: string } = {}) => ({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [
      { [names.op ?? 'op']: 'replace', [names.path ?? 'path']: path, [names.value ?? 'value']: value },
      { op: 'replace', path: 'title', value: 'Engineer' },
    ],
  });

  it.each([
    'password',
    'PASSWORD',
    'Password',
    'urn:ietf:params:scim:schemas:core:2.0:User:password',
    'URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:PASSWORD',
    'urn:example:params:scim:schemas:extension:acme:2.0:User:password',
    ' password ',
  ])('redacts the value of an operation whose path is %j, in both logging paths', (path) => {
    const body = patch(path, 'Tr0ub4dor&3');
    const expected = { ...body, Operations: [{ op: 'replace', path, value: REDACTED }, body.Operations[1]] };
    expect(redact(body)).toEqual(expected);
    const logged = redactJsonTextForLog(JSON.stringify(body), limit)!;
    expect(logged).not.toContain('Tr0ub4dor');
    expect(JSON.parse(logged)).toEqual(expected);
  });

  it('matches the operation members in any case, as the PATCH parser does, and any value shape', () => {
    const body = patch('password', { nested: ['Tr0ub4dor&3'] }, { op: 'Op', path: 'Path', value: 'VALUE' });
    expect(JSON.stringify(redact(body))).not.toContain('Tr0ub4dor');
    expect(redactJsonTextForLog(JSON.stringify(body), limit)).not.toContain('Tr0ub4dor');
  });

  it('leaves values of other paths alone, even when a filter mentions a password', () => {
    const body = patch('emails[type eq "password"].value', 'ada@example.com');
    expect(redact(body)).toEqual(body);
  });

  it('reads the last attribute of a path', () => {
    expect(lastAttributeOf('emails[type eq "work"].value')).toBe('value');
    expect(lastAttributeOf('urn:ietf:params:scim:schemas:core:2.0:User:password')).toBe('password');
    expect(lastAttributeOf('name.givenName')).toBe('givenName');
    expect(lastAttributeOf('members[value eq "a.b:c"]')).toBe('members');
  });
});

describe('bodies nested too deeply to keep as they are', () => {
  const deepText = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

  it('finds the depth of JSON text in one scan, ignoring brackets inside strings', () => {
    expect(nestsDeeperThan(deepText(MAX_DEPTH), MAX_DEPTH)).toBe(false);
    expect(nestsDeeperThan(deepText(MAX_DEPTH + 1), MAX_DEPTH)).toBe(true);
    expect(nestsDeeperThan(JSON.stringify({ text: '['.repeat(500) + '\\"' + '{'.repeat(500) }), MAX_DEPTH)).toBe(false);
  });

  it('are cut at the same depth whichever path logs them, so the kept text can always be served again', () => {
    const text = '['.repeat(6000) + ']'.repeat(6000); // 12 KB, 6,000 levels
    const viaText = redactJsonTextForLog(text, 64 * 1024)!;
    const viaObject = JSON.stringify(redact(JSON.parse(text) as unknown));
    expect(viaText).toBe(viaObject);
    expect(viaText).toContain('[too deep]');
    expect(() => JSON.stringify(JSON.parse(viaText))).not.toThrow();
  });
});
