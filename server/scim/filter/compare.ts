/**
 * Value semantics by attribute type (RFC 7644 §3.4.2.2): what "equal", "contains" and "greater than" mean for a
 * string, a boolean, a number or a dateTime, decided once per filter term.
 */
import { ScimError } from '../errors.js';
import type { AttributeDefinition } from '../schemas/index.js';
import type { CompareOperator, FilterValue } from './ast.js';
import { isObject } from './resolve.js';

/** RFC 7644 §3.4.2.2 `pr`: a non-empty value, or a complex value with a non-empty node. */
export function isPresent(value: unknown, depth = 0): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.length > 0;
  if (depth > 2) return true; // SCIM values are at most value -> complex -> sub-attribute deep; don't walk further
  if (Array.isArray(value)) return value.some((item) => isPresent(item, depth + 1));
  if (isObject(value)) return Object.values(value).some((item) => isPresent(item, depth + 1));
  return true;
}

/** Entra sends booleans as "True"/"False" (docs/interop.md#entra-boolean-strings), in filters and sometimes in stored data. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function toInstant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Strings, and numbers/booleans written where a string was expected (`externalId eq 12345`). */
export function toText(value: unknown, caseExact: boolean): string | undefined {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  return text === undefined || caseExact ? text : text.toLowerCase();
}

type Test = (value: unknown) => boolean;
type Ordering = (value: unknown) => number | undefined;

const order = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/** eq/ne/gt/lt/ge/le from a three-way comparison; an incomparable value is "not equal" and nothing else. */
function byOrdering(op: CompareOperator, compare: Ordering): Test {
  switch (op) {
    case 'eq':
      return (v) => compare(v) === 0;
    case 'ne':
      return (v) => compare(v) !== 0;
    case 'gt':
      return (v) => (compare(v) ?? 0) > 0;
    case 'ge':
      return (v) => { const c = compare(v); return c !== undefined && c >= 0; };
    case 'lt':
      return (v) => (compare(v) ?? 0) < 0;
    case 'le':
      return (v) => { const c = compare(v); return c !== undefined && c <= 0; };
    default:
      throw new Error(`byOrdering called with ${op}`);
  }
}

function textTest(op: CompareOperator, wanted: string, caseExact: boolean): Test {
  const read = (v: unknown) => toText(v, caseExact);
  switch (op) {
    case 'eq':
      return (v) => read(v) === wanted;
    case 'co':
      return (v) => read(v)?.includes(wanted) ?? false;
    case 'sw':
      return (v) => read(v)?.startsWith(wanted) ?? false;
    case 'ew':
      return (v) => read(v)?.endsWith(wanted) ?? false;
    default:
      return byOrdering(op, (v) => { const t = read(v); return t === undefined ? undefined : order(t, wanted); });
  }
}

const isOrdering = (op: CompareOperator) => op === 'gt' || op === 'lt' || op === 'ge' || op === 'le';
const isSubstring = (op: CompareOperator) => op === 'co' || op === 'sw' || op === 'ew';

/**
 * Builds the per-value test for `<leaf> <op> <value>`. `value` is never null here (callers map `eq null` to
 * "absent"). Unsupported combinations are the client's error: 400 invalidFilter, as RFC 7644 requires for
 * ordering on booleans and binaries.
 */
export function compileValueTest(leaf: AttributeDefinition, name: string, op: CompareOperator, value: Exclude<FilterValue, null>): Test {
  const fail = (why: string) => new ScimError(400, 'invalidFilter', `${name} ${op} ${JSON.stringify(value)}: ${why}`);
  switch (leaf.type) {
    case 'boolean': {
      if (op !== 'eq' && op !== 'ne') throw fail(`${name} is a boolean; only eq, ne and pr apply`);
      const wanted = toBoolean(value);
      if (wanted === undefined) throw fail(`${name} is a boolean; compare it with true or false`);
      return op === 'eq' ? (v) => toBoolean(v) === wanted : (v) => toBoolean(v) !== wanted;
    }
    case 'integer':
    case 'decimal': {
      if (isSubstring(op)) throw fail(`${name} is a number; co, sw and ew apply to strings`);
      const wanted = toNumber(value);
      if (wanted === undefined) throw fail(`${name} is a number`);
      return byOrdering(op, (v) => { const n = toNumber(v); return n === undefined ? undefined : order(n, wanted); });
    }
    case 'dateTime': {
      if (isSubstring(op)) return textTest(op, toText(value, leaf.caseExact)!, leaf.caseExact);
      const wanted = toInstant(value);
      if (wanted === undefined) throw fail(`${name} is a dateTime; use an RFC 3339 timestamp such as "2024-05-01T00:00:00Z"`);
      return byOrdering(op, (v) => { const ms = toInstant(v); return ms === undefined ? undefined : order(ms, wanted); });
    }
    case 'binary':
      if (isOrdering(op)) throw fail(`${name} is binary; gt, lt, ge and le do not apply`);
      return textTest(op, toText(value, true)!, true);
    case 'string':
    case 'reference':
      return textTest(op, toText(value, leaf.caseExact)!, leaf.caseExact);
    case 'complex':
      throw fail(`${name} is complex; filter on one of its sub-attributes`);
  }
}
