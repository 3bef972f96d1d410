import { describe, expect, it } from 'vitest';
import {
  conditionForm,
  explainNonMatch,
  matchCondition,
  parseCondition,
  serializeCondition,
  type Condition,
} from '../../server/rules/condition.js';
import { RuleEvaluator } from '../../server/rules/evaluator.js';
import { BACKUP_ADMIN_ROLE_ID, FINANCE_OU, rule, user } from './rules-fixtures.js';

/** The six forms exactly as Clumio's API documents them (docs/clumio.md#condition-forms). */
const WIRE = {
  thisGroup: '{"user.groups":{"$eq":"Admin"}}',
  anyOf: '{"user.groups":{"$in":["Admin","Eng","Sales"]}}',
  allOf: '{"user.groups":{"$all":["Admin","Eng","Sales"]}}',
  containsKeyword: '{"user.groups":{"$contains":{"$in":["Admin"]}}}',
  containsAny: '{"user.groups":{"$contains":{"$in":["Admin","Eng","Sales"]}}}',
  containsAll: '{"user.groups":{"$contains":{"$all":["Admin","Eng","Sales"]}}}',
};

function parsed(text: string): Condition {
  const result = parseCondition(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.condition;
}

function errorOf(text: unknown) {
  const result = parseCondition(text);
  if (result.ok) throw new Error(`expected ${String(text)} to be rejected`);
  return result.error;
}

describe('condition strings: the six Clumio forms', () => {
  it('parse into the typed union and serialize back to the exact wire string', () => {
    expect(parsed(WIRE.thisGroup)).toEqual({ kind: 'eq', group: 'Admin' });
    expect(parsed(WIRE.anyOf)).toEqual({ kind: 'in', groups: ['Admin', 'Eng', 'Sales'] });
    expect(parsed(WIRE.allOf)).toEqual({ kind: 'all', groups: ['Admin', 'Eng', 'Sales'] });
    expect(parsed(WIRE.containsKeyword)).toEqual({ kind: 'contains-any', keywords: ['Admin'] });
    expect(parsed(WIRE.containsAny)).toEqual({ kind: 'contains-any', keywords: ['Admin', 'Eng', 'Sales'] });
    expect(parsed(WIRE.containsAll)).toEqual({ kind: 'contains-all', keywords: ['Admin', 'Eng', 'Sales'] });
    for (const text of Object.values(WIRE)) expect(serializeCondition(parsed(text))).toBe(text);
  });

  it('name the UI form; one $contains keyword is "contains this keyword"', () => {
    expect(Object.values(WIRE).map((text) => conditionForm(parsed(text)))).toEqual([
      'this-group',
      'any-of-groups',
      'all-of-groups',
      'contains-keyword',
      'contains-any-keyword',
      'contains-all-keywords',
    ]);
  });

  it('normalise whitespace when serialized', () => {
    expect(serializeCondition(parsed(' { "user.groups" : { "$in" : [ "A" , "B" ] } } '))).toBe(
      '{"user.groups":{"$in":["A","B"]}}',
    );
  });
});

describe('condition strings: specific errors', () => {
  it.each([
    [42, 'not-a-string', 'must be a string holding JSON'],
    [{ 'user.groups': { $eq: 'A' } }, 'not-a-string', 'found an object'],
    ['{"user.groups":', 'malformed-json', 'not valid JSON: '],
    ['["A"]', 'not-an-object', 'found a list'],
    ['{}', 'missing-field', 'is empty'],
    [
      '{"user.email":{"$eq":"A"}}',
      'unknown-field',
      'Unknown field "user.email": conditions can only test "user.groups"',
    ],
    ['{"user.groups":{"$eq":"A"},"x":1}', 'extra-keys', 'exactly one key, found "user.groups", "x"'],
    ['{"user.groups":{"$eq":"A","$in":["B"]}}', 'extra-keys', 'found "$eq", "$in"'],
    ['{"user.groups":{"$regex":"A.*"}}', 'unknown-operator', 'Unknown operator "$regex"'],
    ['{"user.groups":{"$contains":{"$eq":"A"}}}', 'unknown-operator', 'Unknown operator "$eq" inside "$contains"'],
    ['{"user.groups":{"$contains":"Admin"}}', 'not-an-object', '"$contains" must hold'],
    ['{"user.groups":{"$in":[]}}', 'empty-list', '"$in" needs at least one group'],
    ['{"user.groups":{"$contains":{"$all":[]}}}', 'empty-list', 'needs at least one keyword'],
    ['{"user.groups":{"$in":"Admin"}}', 'not-a-list', 'found a string'],
    [
      '{"user.groups":{"$all":["A",7]}}',
      'not-a-string-entry',
      'entry 2 must be a group name in quotes, found a number',
    ],
    ['{"user.groups":{"$eq":["A"]}}', 'not-a-string-entry', '"$eq" needs one group name'],
    ['{"user.groups":{"$in":["A","  "]}}', 'empty-string', 'entry 2 is an empty group name'],
    ['{"user.groups":{"$eq":""}}', 'empty-string', 'empty group name'],
  ])('%j is rejected as %s', (input, code, message) => {
    const error = errorOf(input);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('passes the JSON parser message through', () => {
    expect(errorOf('{"user.groups":{"$eq":"A"}').message).toMatch(/^The condition is not valid JSON: .+\.$/);
  });
});

describe('matching: each form, for users in many groups', () => {
  const many = (...extra: string[]) => ['All Staff', 'VPN Users', 'Okta Everyone', 'Building 4', ...extra];

  /** Evaluates through the compiled engine and checks it agrees with the reference matcher. */
  function matches(text: string, groups: string[]): string[] | undefined {
    const evaluator = new RuleEvaluator([rule('r', parsed(text), BACKUP_ADMIN_ROLE_ID, [FINANCE_OU])]);
    const access = evaluator.evaluate(user('u', groups)).access;
    const reference = matchCondition(parsed(text), groups);
    const viaEngine = access[0]?.rules[0]?.via_groups;
    expect(viaEngine ? [...viaEngine] : undefined).toEqual(reference);
    return reference;
  }

  it('$eq: exactly this group, case included', () => {
    expect(matches(WIRE.thisGroup, many('Admin'))).toEqual(['Admin']);
    expect(matches(WIRE.thisGroup, many('admin', 'Admins', 'Admin '))).toBeUndefined();
  });

  it('$in: any listed group; every listed group the user is in explains it', () => {
    expect(matches(WIRE.anyOf, many('Sales'))).toEqual(['Sales']);
    expect(matches(WIRE.anyOf, many('Sales', 'Eng'))).toEqual(['Eng', 'Sales']);
    expect(matches(WIRE.anyOf, many('Marketing'))).toBeUndefined();
  });

  it('$all: every listed group, in any order, duplicates on the user notwithstanding', () => {
    expect(matches(WIRE.allOf, many('Sales', 'Admin', 'Eng'))).toEqual(['Admin', 'Eng', 'Sales']);
    expect(matches(WIRE.allOf, many('Admin', 'Admin', 'Eng'))).toBeUndefined();
    expect(matches(WIRE.allOf, ['Admin', 'Eng', 'Sales'].slice(1))).toBeUndefined();
  });

  it('$contains one keyword: a case-sensitive substring of some group name', () => {
    expect(matches(WIRE.containsKeyword, many('Clumio Admins', 'Okta Admin Console'))).toEqual([
      'Clumio Admins',
      'Okta Admin Console',
    ]);
    expect(matches(WIRE.containsKeyword, many('clumio admins', 'ADMIN'))).toBeUndefined();
  });

  it('$contains any keyword: some group name holds one of them', () => {
    expect(matches(WIRE.containsAny, many('Engineering EMEA'))).toEqual(['Engineering EMEA']);
    expect(matches(WIRE.containsAny, many('Marketing'))).toBeUndefined();
  });

  it('$contains all keywords: ONE group name must hold every keyword', () => {
    expect(matches(WIRE.containsAll, many('Sales Eng Admin Team'))).toEqual(['Sales Eng Admin Team']);
    // All three keywords appear, but spread over three groups: our documented choice is no match.
    expect(matches(WIRE.containsAll, many('Admin', 'Eng', 'Sales'))).toBeUndefined();
  });
});

describe('explaining a non-match', () => {
  it('says which groups are missing, in words', () => {
    expect(explainNonMatch(parsed(WIRE.thisGroup), ['Eng'])).toBe('is not in group "Admin"');
    expect(explainNonMatch(parsed(WIRE.anyOf), [])).toBe('is in none of the groups "Admin", "Eng", "Sales"');
    expect(explainNonMatch(parsed(WIRE.allOf), ['Eng'])).toBe(
      'is not in groups "Admin", "Sales" (the rule needs all of "Admin", "Eng", "Sales")',
    );
    expect(explainNonMatch(parsed(WIRE.containsKeyword), [])).toBe('has no group whose name contains "Admin"');
    expect(explainNonMatch(parsed(WIRE.containsAll), [])).toBe(
      'has no group whose name contains all of "Admin", "Eng", "Sales"',
    );
  });
});
