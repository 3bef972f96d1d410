import { describe, expect, it } from 'vitest';
import type { FilterNode } from '../../server/scim/filter/index.js';
import { parseAttributePath, parseFilter, parsePatchPath } from '../../server/scim/filter/index.js';
import { expectScimError } from '../helpers/filter-fixtures.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const eq = (attribute: string, value: string | number | boolean | null): FilterNode => ({
  kind: 'compare',
  path: { attribute },
  op: 'eq',
  value,
});

describe('parseFilter: comparisons', () => {
  it.each(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le'] as const)('parses the %s operator', (op) => {
    expect(parseFilter(`title ${op} "Tour Guide"`)).toEqual({
      kind: 'compare',
      path: { attribute: 'title' },
      op,
      value: 'Tour Guide',
    });
  });

  it('parses pr', () => {
    expect(parseFilter('title pr')).toEqual({ kind: 'present', path: { attribute: 'title' } });
  });

  it('reads operators and keywords in any case', () => {
    expect(parseFilter('userName EQ "bjensen" AnD title Pr')).toEqual({
      kind: 'and',
      left: eq('userName', 'bjensen'),
      right: { kind: 'present', path: { attribute: 'title' } },
    });
    expect(parseFilter('NOT (title PR) OR active eq true').kind).toBe('or');
  });

  it('decodes JSON string literals with escapes', () => {
    expect(parseFilter(String.raw`displayName eq "Say \"hi\" \\ \/ \t \u00e9"`)).toEqual(
      eq('displayName', 'Say "hi" \\ / \t é'),
    );
    expect(parseFilter('displayName eq ""')).toEqual(eq('displayName', ''));
    expect(parseFilter('displayName eq "a ( b ) [ c ] and or"')).toEqual(eq('displayName', 'a ( b ) [ c ] and or'));
  });

  it('parses numbers, true, false and null', () => {
    expect(parseFilter('x eq 42')).toEqual(eq('x', 42));
    expect(parseFilter('x eq -1.5e3')).toEqual(eq('x', -1500));
    expect(parseFilter('active eq true')).toEqual(eq('active', true));
    expect(parseFilter('active eq false')).toEqual(eq('active', false));
    expect(parseFilter('title eq null')).toEqual(eq('title', null));
  });

  it('tolerates whitespace around and inside the expression', () => {
    expect(parseFilter('  userName   eq\t"bjensen"  ')).toEqual(eq('userName', 'bjensen'));
    expect(parseFilter('(userName eq "a")')).toEqual(eq('userName', 'a'));
  });
});

describe('parseFilter: Entra tolerances', () => {
  it('accepts an unquoted word as a string value (Entra sends externalId eq jyoung)', () => {
    expect(parseFilter('externalId eq jyoung')).toEqual(eq('externalId', 'jyoung'));
    expect(parseFilter('userName eq jyoung@contoso.com')).toEqual(eq('userName', 'jyoung@contoso.com'));
  });

  it('accepts an unquoted GUID probe', () => {
    expect(parseFilter('userName eq 9e2c4b7a-1f3d-4c5e-8a9b-0c1d2e3f4a5b')).toEqual(
      eq('userName', '9e2c4b7a-1f3d-4c5e-8a9b-0c1d2e3f4a5b'),
    );
  });

  it('keeps the quoted "True" as a string; the evaluator coerces it for booleans', () => {
    expect(parseFilter('active eq "True"')).toEqual(eq('active', 'True'));
  });

  it('reads words that only look like JSON literals as bare strings', () => {
    expect(parseFilter('externalId eq 007')).toEqual(eq('externalId', '007'));
    expect(parseFilter('title eq True')).toEqual(eq('title', 'True'));
  });

  it('ends a bare word at a closing bracket or parenthesis', () => {
    expect(parseFilter('emails[value eq x@y.z]')).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: eq('value', 'x@y.z'),
    });
    expect(parseFilter('(externalId eq jyoung)')).toEqual(eq('externalId', 'jyoung'));
  });

  // Entra sends a value path followed by a sub-attribute and a comparison (docs/interop.md#entra-value-path-filters).
  it('reads emails[type eq "work"].value eq "x@y" as emails[type eq "work" and value eq "x@y"]', () => {
    const entra = parseFilter('emails[type eq "work"].value eq "x@y.z"');
    expect(entra).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: { kind: 'and', left: eq('type', 'work'), right: eq('value', 'x@y.z') },
    });
    expect(entra).toEqual(parseFilter('emails[type eq "work" and value eq "x@y.z"]'));
    expect(parseFilter('emails[type eq "work"].value pr')).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: { kind: 'and', left: eq('type', 'work'), right: { kind: 'present', path: { attribute: 'value' } } },
    });
  });

  it('combines that form with and/or like any other term', () => {
    const node = parseFilter('emails[type eq "work"].value ew "@y.z" and active eq true');
    expect(node).toMatchObject({ kind: 'and', left: { kind: 'valuePath' }, right: eq('active', true) });
  });

  it.each([
    'emails[type eq "work"].value',
    'emails[type eq "work"].value eq',
    'emails[type eq "work"] .value eq "x"',
    'emails[type eq "work"].va"lue eq "x"',
  ])('refuses %s with invalidFilter', (filter) => {
    expectScimError(() => parseFilter(filter), 'invalidFilter');
  });
});

describe('parseFilter: logic', () => {
  it('binds and tighter than or', () => {
    expect(parseFilter('a eq 1 or b eq 2 and c eq 3')).toEqual({
      kind: 'or',
      left: eq('a', 1),
      right: { kind: 'and', left: eq('b', 2), right: eq('c', 3) },
    });
    expect(parseFilter('a eq 1 and b eq 2 or c eq 3')).toEqual({
      kind: 'or',
      left: { kind: 'and', left: eq('a', 1), right: eq('b', 2) },
      right: eq('c', 3),
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parseFilter('(a eq 1 or b eq 2) and c eq 3')).toEqual({
      kind: 'and',
      left: { kind: 'or', left: eq('a', 1), right: eq('b', 2) },
      right: eq('c', 3),
    });
  });

  it('associates chains to the left', () => {
    expect(parseFilter('a eq 1 and b eq 2 and c eq 3')).toEqual({
      kind: 'and',
      left: { kind: 'and', left: eq('a', 1), right: eq('b', 2) },
      right: eq('c', 3),
    });
  });

  it('parses not with its parenthesised operand', () => {
    expect(parseFilter('not (a eq 1 or b eq 2) and c eq 3')).toEqual({
      kind: 'and',
      left: { kind: 'not', filter: { kind: 'or', left: eq('a', 1), right: eq('b', 2) } },
      right: eq('c', 3),
    });
    expect(parseFilter('not(not(a pr))')).toEqual({
      kind: 'not',
      filter: { kind: 'not', filter: { kind: 'present', path: { attribute: 'a' } } },
    });
  });

  it('requires parentheses after not, as RFC 7644 does', () => {
    expectScimError(() => parseFilter('not a eq 1'), 'invalidFilter', /operator/);
  });
});

describe('parseFilter: attribute paths', () => {
  it('parses sub-attributes', () => {
    expect(parseFilter('name.familyName co "Jen"')).toEqual({
      kind: 'compare',
      path: { attribute: 'name', subAttribute: 'familyName' },
      op: 'co',
      value: 'Jen',
    });
    expect(parseFilter('meta.lastModified gt "2011-05-13T04:42:34Z"').kind).toBe('compare');
  });

  it('splits a URN-qualified path at the last colon, not at the dot in "2.0"', () => {
    expect(parseFilter(`${ENTERPRISE}:manager.value eq "26118915"`)).toEqual({
      kind: 'compare',
      path: { urn: ENTERPRISE, attribute: 'manager', subAttribute: 'value' },
      op: 'eq',
      value: '26118915',
    });
    expect(parseFilter(`${ENTERPRISE}:employeeNumber pr`)).toEqual({
      kind: 'present',
      path: { urn: ENTERPRISE, attribute: 'employeeNumber' },
    });
    expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"')).toEqual({
      kind: 'compare',
      path: { urn: 'urn:ietf:params:scim:schemas:core:2.0:User', attribute: 'userName' },
      op: 'eq',
      value: 'x',
    });
  });

  it('parses value paths with a filter over sub-attributes', () => {
    expect(parseFilter('emails[type eq "work" and value co "@example.com"]')).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: {
        kind: 'and',
        left: eq('type', 'work'),
        right: { kind: 'compare', path: { attribute: 'value' }, op: 'co', value: '@example.com' },
      },
    });
  });

  it('combines value paths with other terms', () => {
    const node = parseFilter('userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")');
    expect(node.kind).toBe('and');
    expect(parseFilter('emails[type eq "work"] or not (emails[primary eq true])').kind).toBe('or');
  });

  it('accepts $ref as a sub-attribute name', () => {
    expect(parseFilter('members.$ref pr')).toEqual({
      kind: 'present',
      path: { attribute: 'members', subAttribute: '$ref' },
    });
  });
});

describe('parseFilter: errors are 400 invalidFilter with what and where', () => {
  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['userName eq "bjensen")', /unexpected \) at position 21/],
    ['(userName eq "bjensen"', /unexpected end of input at position 22; expected \) to close \( at position 0/],
    ['userName eq "bjensen', /unterminated string starting at position 12/],
    ['userName eq', /unexpected end of input at position 11; expected a value/],
    ['userName', /expected an operator/],
    ['userName equals "x"', /unexpected 'equals' at position 9/],
    ['userName eq "a" and', /expected an attribute path/],
    ['userName eq "a" xor title pr', /unexpected 'xor' at position 16/],
    ['title pr "x"', /unexpected string "x" at position 9/],
    ['emails[type eq "work"', /expected \] to close \[ at position 6/],
    ['emails[type eq "work"]]', /unexpected \]/],
    ['emails[type eq "work" or addresses[type eq "x"]]', /cannot be nested/],
    ['emails]', /expected an operator/],
    ['name.givenName.first eq "x"', /more than one sub-attribute/],
    ['1abc eq "x"', /invalid attribute name '1abc'/],
    ['urn:bad!urn:userName eq "x"', /invalid schema URN/],
    ['"userName" eq "x"', /unexpected string "userName" at position 0/],
    [String.raw`displayName eq "\x"`, /invalid escape/],
    [String.raw`displayName eq "\u12"`, /invalid \\u escape/],
    ['displayName eq "tab\there"', /control character/],
    ['()', /unexpected \)/],
  ])('rejects %j', (text, detail) => {
    expectScimError(() => parseFilter(text), 'invalidFilter', detail);
  });
});

describe('parseFilter: hostile input', () => {
  it('rejects a filter over the length limit before reading it', () => {
    expectScimError(
      () => parseFilter(`userName eq "${'a'.repeat(1_000_000)}"`),
      'invalidFilter',
      /1000014 characters long; the limit is 4096/,
    );
  });

  it('does not blow the stack on 100k opening parentheses', () => {
    expectScimError(() => parseFilter('('.repeat(100_000)), 'invalidFilter', /limit is 4096/);
    expectScimError(
      () => parseFilter('('.repeat(100_000), { maxLength: 200_000 }),
      'invalidFilter',
      /nesting deeper than 32 levels/,
    );
    expectScimError(
      () => parseFilter('not ('.repeat(50_000) + 'a pr' + ')'.repeat(50_000), { maxLength: 1e6 }),
      'invalidFilter',
      /nesting/,
    );
  });

  it('allows exactly maxDepth levels and rejects one more', () => {
    const nested = (depth: number) => '('.repeat(depth) + 'title pr' + ')'.repeat(depth);
    expect(parseFilter(nested(32)).kind).toBe('present');
    expectScimError(() => parseFilter(nested(33)), 'invalidFilter', /deeper than 32/);
    expectScimError(() => parseFilter(nested(3), { maxDepth: 2 }), 'invalidFilter', /deeper than 2/);
  });

  it('counts not and value paths as nesting levels', () => {
    expect(parseFilter('not (emails[type eq "work"])', { maxDepth: 3 }).kind).toBe('not');
    expectScimError(
      () => parseFilter('not (emails[type eq "work"])', { maxDepth: 2 }),
      'invalidFilter',
      /deeper than 2/,
    );
  });

  it('handles a long flat chain of and without recursion', () => {
    const chain = Array.from({ length: 400 }, (_, i) => `title ne "t${i}"`).join(' and ');
    expect(parseFilter(chain, { maxLength: 100_000 }).kind).toBe('and');
  });

  it('rejects unbalanced quotes and brackets', () => {
    expectScimError(() => parseFilter('userName eq "a" and title eq "b'), 'invalidFilter', /unterminated string/);
    expectScimError(() => parseFilter('emails[type eq "work" and (value pr]'), 'invalidFilter', /unexpected \]/);
    expectScimError(() => parseFilter(')('), 'invalidFilter', /unexpected \) at position 0/);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'CONSTRUCTOR'])(
    'rejects %s as an attribute or sub-attribute name',
    (name) => {
      expectScimError(() => parseFilter(`${name} eq "x"`), 'invalidFilter', /not allowed/);
      expectScimError(() => parseFilter(`name.${name} pr`), 'invalidFilter', /not allowed/);
      expectScimError(() => parseFilter(`${ENTERPRISE}:${name}.polluted eq 1`), 'invalidFilter', /not allowed/);
      expectScimError(() => parseFilter(`emails[${name} eq "x"]`), 'invalidFilter', /not allowed/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});

describe('parseAttributePath', () => {
  it('parses plain, sub-attribute and URN-qualified paths', () => {
    expect(parseAttributePath('userName')).toEqual({ attribute: 'userName' });
    expect(parseAttributePath('name.givenName')).toEqual({ attribute: 'name', subAttribute: 'givenName' });
    expect(parseAttributePath(`${ENTERPRISE}:manager.value`)).toEqual({
      urn: ENTERPRISE,
      attribute: 'manager',
      subAttribute: 'value',
    });
  });

  it('rejects malformed paths with invalidPath', () => {
    for (const text of [
      '',
      'a b',
      'emails[type eq "work"]',
      'a.b.c',
      '__proto__',
      'name.prototype',
      'urn:x:',
      '.value',
    ]) {
      expectScimError(() => parseAttributePath(text), 'invalidPath');
    }
  });
});

describe('parsePatchPath (RFC 7644 §3.5.2)', () => {
  it('parses an attribute', () => {
    expect(parsePatchPath('members')).toEqual({ path: { attribute: 'members' } });
    expect(parsePatchPath('active')).toEqual({ path: { attribute: 'active' } });
  });

  it('parses a sub-attribute', () => {
    expect(parsePatchPath('name.givenName')).toEqual({ path: { attribute: 'name', subAttribute: 'givenName' } });
  });

  it('parses a value filter (Okta member removal)', () => {
    expect(parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toEqual({
      path: { attribute: 'members' },
      valueFilter: eq('value', '2819c223-7f76-453a-919d-413861904646'),
    });
  });

  it('parses a value filter followed by a sub-attribute (Entra email update)', () => {
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      path: { attribute: 'emails' },
      valueFilter: eq('type', 'work'),
      subAttribute: 'value',
    });
    expect(parsePatchPath('addresses[type eq "work" and primary eq true].streetAddress').subAttribute).toBe(
      'streetAddress',
    );
  });

  it('parses URN-qualified paths, keeping the dot in "2.0" inside the URN', () => {
    expect(parsePatchPath(`${ENTERPRISE}:manager`)).toEqual({ path: { urn: ENTERPRISE, attribute: 'manager' } });
    expect(parsePatchPath(`${ENTERPRISE}:manager.value`)).toEqual({
      path: { urn: ENTERPRISE, attribute: 'manager', subAttribute: 'value' },
    });
    expect(parsePatchPath('urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value')).toEqual({
      path: { urn: 'urn:ietf:params:scim:schemas:core:2.0:User', attribute: 'emails' },
      valueFilter: eq('type', 'work'),
      subAttribute: 'value',
    });
  });

  it('accepts Entra-style unquoted values inside the value filter', () => {
    expect(parsePatchPath('members[value eq 2819c223]').valueFilter).toEqual(eq('value', '2819c223'));
  });

  it.each([
    ['', /empty/],
    ['members[value eq "x"', /expected \] to close \[/],
    ['members[value eq "x"]]', /unexpected \]/],
    ['members]', /expected \[ or the end of the path/],
    ['emails[type eq "work"]value', /unexpected 'value'/],
    ['emails[type eq "work"] .value', /unexpected '.value'/],
    ['emails[type eq "work"].value.x', /invalid attribute name 'value.x'/],
    ['emails[type eq "work"].__proto__', /not allowed/],
    ['name.givenName[value eq "x"]', /must follow a multi-valued attribute/],
    ['members[value eq]', /expected a value/],
    ['members[value eq "x"] or x pr', /unexpected 'or'/],
    ['__proto__', /not allowed/],
    ['constructor.prototype', /not allowed/],
    ['"members"', /expected an attribute path/],
  ])('rejects %j with invalidPath', (text, detail) => {
    expectScimError(() => parsePatchPath(text), 'invalidPath', detail);
  });

  it('applies the length and depth limits', () => {
    expectScimError(
      () => parsePatchPath(`members[value eq "${'x'.repeat(1_000_000)}"]`),
      'invalidPath',
      /limit is 4096/,
    );
    expectScimError(
      () => parsePatchPath(`members[${'('.repeat(40)}value pr${')'.repeat(40)}]`),
      'invalidPath',
      /nesting deeper/,
    );
  });
});
