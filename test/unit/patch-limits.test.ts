/**
 * What one PATCH may cost. Work is counted, not timed: every step (an operation, a value compared with a filter
 * term, a value keyed or written) is charged before it is done, so a request refused for its work did at most
 * the budget's. (How long the budget takes on a given machine is for the bench.)
 */
import { describe, expect, it } from 'vitest';
import { ScimError } from '../../server/scim/errors.js';
import { SCIM_LIMITS } from '../../server/scim/limits.js';
import { PatchWork, WORK, applyPatch, parsePatchRequest } from '../../server/scim/patch/index.js';
import { PATCH_OP_SCHEMA, USER_SCHEMA, userResourceType } from '../../server/scim/schemas/index.js';
import { sanitizeResource } from '../../server/scim/resources/sanitize.js';
import { errorOf } from '../helpers/patch-fixtures.js';

const user = (emails = 1) => ({
  schemas: [USER_SCHEMA],
  id: 'u1',
  userName: 'ada@example.com',
  emails: Array.from({ length: emails }, (_, i) => ({ value: `ada${i}@example.com`, type: 'work' })),
});
const run = (resource: Record<string, unknown>, operations: unknown[], work = new PatchWork()) => {
  const result = applyPatch(
    resource,
    parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: operations }),
    userResourceType,
    work,
  );
  return { result, work };
};
/** The removal the red team repeated 1,000 times: three terms joined by two `or`s (five filter nodes). */
const slowRemoval = { op: 'remove', path: 'emails[value eq "zz" or value co "qq" or type eq "nope"]' };

describe("the red team's PATCH", () => {
  it('adding 20,000 emails is refused at once, naming the limit', () => {
    const work = new PatchWork();
    const emails = Array.from({ length: 20_000 }, (_, i) => ({ value: `x${i}@example.com`, type: 'work' }));
    const error = errorOf(() =>
      run(
        user(),
        [{ op: 'add', path: 'emails', value: emails }, ...Array.from({ length: 999 }, () => slowRemoval)],
        work,
      ),
    );
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain('emails has 20,000 values; the limit is 100 values per multi-valued attribute');
    expect(work.spent).toBe(WORK.operation + WORK.target); // one operation looked at, no value compared
  });

  it('1,000 filtered removals over the most values an attribute may hold are refused within the work budget', () => {
    const work = new PatchWork();
    const error = errorOf(() =>
      run(
        user(SCIM_LIMITS.maxValuesPerAttribute),
        Array.from({ length: 1_000 }, () => slowRemoval),
        work,
      ),
    );
    expect(error).toMatchObject({ status: 400, scimType: 'tooMany' });
    expect(error.detail).toMatch(/more than 100,000 values compared against filter terms/);
    expect(work.spent).toBeLessThanOrEqual(SCIM_LIMITS.maxPatchWork);
    // each removal costs an operation, a target and 100 values x 5 filter nodes: 192 fit, the 193rd is refused
    // before its filter runs
    const removal = WORK.operation + WORK.target + 100 * 5;
    expect(work.spent).toBe(192 * removal + WORK.operation + WORK.target);
  });

  it('an attribute never grows past the limit between two operations of one request', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ value: `y${i}@example.com`, type: 'home' }));
    const error = errorOf(() =>
      run(user(60), [
        { op: 'add', path: 'emails', value: fifty },
        { op: 'remove', path: 'emails[type eq "home"]' },
      ]),
    );
    expect(error.detail).toContain('emails has 110 values; the limit is 100');
  });
});

describe('what Okta and Entra send', () => {
  it.each([
    ['Okta deactivation', [{ op: 'replace', value: { active: false } }]],
    [
      'Okta profile update',
      [
        {
          op: 'replace',
          value: {
            name: { givenName: 'Ada' },
            title: 'CTO',
            emails: [{ value: 'ada@example.com', primary: true, type: 'work' }],
          },
        },
      ],
    ],
    [
      'Entra incremental update',
      [
        { op: 'Replace', path: 'displayName', value: 'Ada L' },
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ada@example.com' },
        { op: 'Replace', path: 'active', value: 'False' },
        { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'R&D' },
      ],
    ],
  ])('%s costs a few hundred units at most, of a budget of 100,000', (_name, operations) => {
    const { work } = run(user(3), operations);
    expect(work.spent).toBeGreaterThan(0);
    expect(work.spent).toBeLessThan(200);
  });
});

describe('strings and values in a resource', () => {
  it('a 1 MiB displayName is refused, naming the limit', () => {
    const error = errorOf(() =>
      sanitizeResource(
        { schemas: [USER_SCHEMA], userName: 'a@example.com', displayName: 'x'.repeat(1024 * 1024) },
        userResourceType,
      ),
    );
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      detail: 'displayName has 1,048,576 characters; the limit is 16,384 characters per value.',
    });
  });

  it('as is a value just over it anywhere in the resource, and one at the limit is kept', () => {
    const over = 'x'.repeat(SCIM_LIMITS.maxStringLength + 1);
    expect(
      errorOf(() => sanitizeResource({ userName: 'a@example.com', name: { givenName: over } }, userResourceType))
        .detail,
    ).toMatch(/^name\.givenName has 16,385 characters/);
    expect(
      errorOf(() => sanitizeResource({ userName: 'a@example.com', emails: [{ value: over }] }, userResourceType))
        .detail,
    ).toMatch(/^emails\[0\]\.value has 16,385 characters/);
    const at = 'x'.repeat(SCIM_LIMITS.maxStringLength);
    expect(sanitizeResource({ userName: 'a@example.com', title: at }, userResourceType).data.title).toBe(at);
  });

  it('101 phone numbers are refused', () => {
    const phoneNumbers = Array.from({ length: 101 }, (_, i) => ({ value: `+1 555 ${i}` }));
    expect(errorOf(() => sanitizeResource({ userName: 'a@example.com', phoneNumbers }, userResourceType)).detail).toBe(
      'phoneNumbers has 101 values; the limit is 100 values per multi-valued attribute.',
    );
  });
});
