/**
 * The query semantics of ./types.ts over records in memory: what the embedded store runs, and the reference
 * the PostgreSQL translation is tested against. Compile once per query, then test each candidate.
 */
import type { ResourceRecord } from '../types.js';
import type { Collection, CompareCondition, Condition, Field, PathStep, SortKey } from './types.js';
import { isObject, isPresent, own, toBoolean, toInstant, toNumber, toText } from './values.js';

/** What a condition is tested against: a record with its memberships, or one element inside `any`. */
export interface Subject {
  record: ResourceRecord | undefined;
  /** `record.data`, or the element. */
  data: unknown;
  /** Elements of a membership collection (`{value, type, display}` objects). */
  elements(collection: 'members' | 'groups'): Iterable<Record<string, unknown>>;
}

export type SubjectPredicate = (subject: Subject) => boolean;
type ValueTest = (value: unknown) => boolean;
/** Calls `visit` on each value of a field; true as soon as a visit is. */
type Reader = (subject: Subject, visit: ValueTest) => boolean;

const yes = () => true;

export function compileCondition(condition: Condition): SubjectPredicate {
  switch (condition.kind) {
    case 'true':
      return yes;
    case 'false':
      return () => false;
    case 'and': {
      const parts = condition.conditions.map(compileCondition);
      return (s) => parts.every((p) => p(s));
    }
    case 'or': {
      const parts = condition.conditions.map(compileCondition);
      return (s) => parts.some((p) => p(s));
    }
    case 'not': {
      const inner = compileCondition(condition.condition);
      return (s) => !inner(s);
    }
    case 'present': {
      const read = readerOf(condition.field);
      return (s) => read(s, (v) => isPresent(v));
    }
    case 'exists': {
      const read = readerOf(condition.field);
      return (s) => read(s, yes);
    }
    case 'compare': {
      const read = readerOf(condition.field);
      const test = valueTest(condition);
      return (s) => read(s, test);
    }
    case 'any': {
      const inner = compileCondition(condition.condition);
      const elements = elementsOf(condition.collection);
      return (s) => {
        for (const element of elements(s)) {
          if (inner({ record: undefined, data: element, elements: noElements })) return true;
        }
        return false;
      };
    }
  }
}

function noElements(): Iterable<Record<string, unknown>> {
  return [];
}

function elementsOf(collection: Collection): (subject: Subject) => Iterable<unknown> {
  if (collection.kind !== 'data') return (s) => s.elements(collection.kind);
  const read = dataReader(collection.path);
  return (s) => {
    const found: unknown[] = [];
    read(s.data, (v) => {
      found.push(v);
      return false;
    });
    return found;
  };
}

/** Visits a value, or each non-null element when it is an array. */
function visitValues(value: unknown, visit: ValueTest): boolean {
  if (value === undefined || value === null) return false;
  if (!Array.isArray(value)) return visit(value);
  for (const item of value) if (item !== undefined && item !== null && visit(item)) return true;
  return false;
}

function dataReader(path: readonly PathStep[]): (data: unknown, visit: ValueTest) => boolean {
  if (path.length === 0) return (data, visit) => visitValues(data, visit);
  const names = path.map((step) => step.name);
  const walk = (value: unknown, depth: number, visit: ValueTest): boolean => {
    if (depth === names.length) return visit(value);
    return visitValues(own(value, names[depth]!), (item) => walk(item, depth + 1, visit));
  };
  return (data, visit) => walk(data, 0, visit);
}

function readerOf(field: Field): Reader {
  switch (field.kind) {
    case 'id':
      return (s, visit) => s.record !== undefined && visit(s.record.id);
    case 'created':
      return (s, visit) => s.record !== undefined && visit(s.record.meta.created);
    case 'lastModified':
      return (s, visit) => s.record !== undefined && visit(s.record.meta.lastModified);
    case 'version':
      return (s, visit) => s.record !== undefined && visit(s.record.meta.version);
    case 'origin':
      return (s, visit) => s.record?.origin !== undefined && visit(s.record.origin);
    case 'data': {
      const read = dataReader(field.path);
      return (s, visit) => read(s.data, visit);
    }
  }
}

const order = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

function valueTest(condition: CompareCondition): ValueTest {
  const { op, type, caseExact, affix } = condition;
  switch (type) {
    case 'boolean': {
      const wanted = toBoolean(condition.value);
      return op === 'ne'
        ? (v) => toBoolean(v) !== wanted
        : op === 'eq'
          ? (v) => wanted !== undefined && toBoolean(v) === wanted
          : () => false;
    }
    case 'number': {
      const wanted = toNumber(condition.value);
      return byOrdering(op, (v) => {
        const n = toNumber(v);
        return n === undefined || wanted === undefined ? undefined : order(n, wanted);
      });
    }
    case 'dateTime': {
      const wanted = toInstant(condition.value);
      return byOrdering(op, (v) => {
        const ms = toInstant(v);
        return ms === undefined || wanted === undefined ? undefined : order(ms, wanted);
      });
    }
    case 'string':
    case 'binary': {
      const exact = caseExact || type === 'binary';
      const wanted = toText(condition.value, exact) ?? '';
      const read = affix
        ? (v: unknown) => {
            const text = toText(v, true);
            return text === undefined ? undefined : toText(affix.prefix + text + affix.suffix, exact);
          }
        : (v: unknown) => toText(v, exact);
      switch (op) {
        case 'co':
          return (v) => read(v)?.includes(wanted) ?? false;
        case 'sw':
          return (v) => read(v)?.startsWith(wanted) ?? false;
        case 'ew':
          return (v) => read(v)?.endsWith(wanted) ?? false;
        default:
          return byOrdering(op, (v) => {
            const text = read(v);
            return text === undefined ? undefined : order(text, wanted);
          });
      }
    }
  }
}

/** eq/ne/gt/… from a three-way comparison; an incomparable value is "not equal" and nothing else. */
function byOrdering(op: CompareCondition['op'], compare: (value: unknown) => number | undefined): ValueTest {
  switch (op) {
    case 'eq':
      return (v) => compare(v) === 0;
    case 'ne':
      return (v) => compare(v) !== 0;
    case 'gt':
      return (v) => (compare(v) ?? 0) > 0;
    case 'ge':
      return (v) => (compare(v) ?? -1) >= 0;
    case 'lt':
      return (v) => (compare(v) ?? 0) < 0;
    case 'le':
      return (v) => (compare(v) ?? 1) <= 0;
    default:
      return () => false; // substring operators on numbers, dateTimes and booleans match nothing
  }
}

// ---- sorting ----

type SortValue = string | number | undefined;

/** The sort key of a record, normalised once per record. */
export function sortKeyReader(key: SortKey): (subject: Subject) => SortValue {
  const { field, type, caseExact } = key;
  const raw = (s: Subject): unknown => {
    switch (field.kind) {
      case 'id':
        return s.record?.id;
      case 'created':
        return s.record?.meta.created;
      case 'lastModified':
        return s.record?.meta.lastModified;
      case 'version':
        return s.record?.meta.version;
      case 'origin':
        return s.record?.origin;
      case 'data': {
        let value: unknown = s.data;
        for (const step of field.path) {
          value = own(value, step.name);
          if (step.multiValued && Array.isArray(value)) value = primaryOrFirst(value);
        }
        return value;
      }
    }
  };
  return (s) => {
    const value = raw(s);
    switch (type) {
      case 'number':
        return toNumber(value);
      case 'dateTime':
        return toInstant(value);
      case 'boolean': {
        const flag = toBoolean(value);
        return flag === undefined ? undefined : Number(flag);
      }
      default: {
        const text = toText(value, caseExact || type === 'binary');
        return text === '' ? undefined : text;
      }
    }
  };
}

function primaryOrFirst(values: unknown[]): unknown {
  return values.find((v) => isObject(v) && (v.primary === true || v.primary === 'true')) ?? values[0];
}

/** Sorts subjects by `key` (stable: ties keep the input order, which is creation order). */
export function sortSubjects<S extends Subject>(subjects: S[], key: SortKey): S[] {
  const read = sortKeyReader(key);
  const keyed = subjects.map((subject) => ({ subject, value: read(subject) }));
  const ascending = (a: SortValue, b: SortValue) => {
    if (a === undefined) return b === undefined ? 0 : 1;
    if (b === undefined) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  keyed.sort(key.descending ? (a, b) => ascending(b.value, a.value) : (a, b) => ascending(a.value, b.value));
  return keyed.map((entry) => entry.subject);
}
