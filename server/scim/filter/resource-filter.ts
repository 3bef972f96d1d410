/**
 * Filters and sorting over SCIM JSON in hand (a resource as the server outputs it, one element of a complex
 * attribute): the PATCH engine's value filters, and tests that state what a filter selects. There is one
 * filter engine: these translate the filter into the store's query (to-store-query.ts) and run the store's own
 * evaluator (server/store/query/evaluate.ts), so a filter means here exactly what it means in a listing.
 */
import { ScimError } from '../errors.js';
import type { AttributeDefinition, ResourceTypeDefinition } from '../schemas/index.js';
import { compileCondition, sortKeyReader, type Subject } from '../../store/query/evaluate.js';
import { isObject } from '../../store/query/values.js';
import type { ResourceRecord } from '../../store/types.js';
import type { FilterNode } from './ast.js';
import { parseAttributePath } from './parser.js';
import { resolvePath } from './resolve.js';
import { toElementCondition, toStoreCondition, toStoreSort, type StoreQueryContext } from './to-store-query.js';

export type ResourcePredicate = (resource: Record<string, unknown>) => boolean;
export type SortOrder = 'ascending' | 'descending';
export type ResourceComparator = (a: Record<string, unknown>, b: Record<string, unknown>) => number;

/** Resources in hand carry their own URLs; `meta.location` and `$ref` filters compare them with this base. */
const IN_HAND: StoreQueryContext = { baseUrl: '' };

/** Compile once, then call the predicate for each resource (400 invalidFilter as a listing answers). */
export function compileFilter(
  node: FilterNode,
  type: ResourceTypeDefinition,
  context: StoreQueryContext = IN_HAND,
): ResourcePredicate {
  const matches = compileCondition(toStoreCondition(node, type, context));
  return (resource) => matches(resourceSubject(resource));
}

/**
 * The predicate of a value filter (`members[value eq "id"]`, `emails[type eq "work"]`) over ONE value of the
 * complex attribute `parent`: what the PATCH engine needs to pick the values an operation targets.
 */
export function compileValueFilter(
  parent: AttributeDefinition,
  filter: FilterNode,
  context: StoreQueryContext = IN_HAND,
): (value: unknown) => boolean {
  const membership = parent.name === 'members' || parent.name === 'groups' ? parent.name : undefined;
  const matches = compileCondition(toElementCondition(filter, parent, context, membership));
  return (value) => isObject(value) && matches({ record: undefined, data: value, elements: noElements });
}

/** RFC 7644 §3.4.2.3 order of resources in hand; equal keys keep their input order. */
export function compileSort(type: ResourceTypeDefinition, sortBy: string, sortOrder: SortOrder): ResourceComparator {
  const key = toStoreSort(sortBy, sortOrder, type);
  if (!key) return () => 0;
  const read = sortKeyReader({ ...key, descending: false });
  // Keys are read once per resource, not once per comparison.
  const keys = new WeakMap<object, string | number | undefined>();
  const keyOf = (resource: Record<string, unknown>) => {
    if (!keys.has(resource)) keys.set(resource, read(resourceSubject(resource)));
    return keys.get(resource);
  };
  const ascending: ResourceComparator = (a, b) => compareKeys(keyOf(a), keyOf(b));
  return sortOrder === 'descending' ? (a, b) => ascending(b, a) : ascending;
}

/** Missing values last (ascending); otherwise code point order for texts, numeric for numbers. */
export function compareKeys(a: string | number | undefined, b: string | number | undefined): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `sortOrder` query parameter: default ascending (RFC 7644 §3.4.2.3); case-insensitive. */
export function parseSortOrder(raw: string | undefined): SortOrder {
  if (raw === undefined || raw === '') return 'ascending';
  const lower = raw.toLowerCase();
  if (lower === 'ascending' || lower === 'descending') return lower;
  throw new ScimError(400, 'invalidValue', `sortOrder must be ascending or descending, not '${raw.slice(0, 40)}'`);
}

/** Whether `sortBy` names an attribute of `type` (a root search sorts by the first type that has it). */
export function sortsBy(type: ResourceTypeDefinition, sortBy: string): boolean {
  return resolvePath({ kind: 'resource', type }, parseAttributePath(sortBy, 'invalidValue')) !== undefined;
}

function noElements(): Iterable<Record<string, unknown>> {
  return [];
}

/** A rendered resource as the store's evaluator sees a record: its server fields, its data, its memberships. */
function resourceSubject(resource: Record<string, unknown>): Subject {
  const meta = isObject(resource.meta) ? resource.meta : {};
  const etag = typeof meta.version === 'string' ? /^W\/"(.*)"$/.exec(meta.version) : null;
  const record = {
    id: typeof resource.id === 'string' ? resource.id : '',
    meta: { created: meta.created, lastModified: meta.lastModified, version: etag ? etag[1] : meta.version },
    data: resource,
  } as unknown as ResourceRecord;
  return {
    record,
    data: resource,
    elements: (collection) =>
      Array.isArray(resource[collection]) ? (resource[collection] as unknown[]).filter(isObject) : [],
  };
}
