import { badRequest } from '../errors.js';
import { SCIM_LIMITS } from '../limits.js';
import { compileFilter, compileSort, findEqualityValue, parseFilter, type FilterNode } from '../filter/index.js';
import { LIST_RESPONSE_SCHEMA, type ResourceTypeDefinition } from '../schemas/index.js';
import { compileProjection, type Projection } from './projection.js';

/** Largest page a client gets, whatever it asks (advertised as filter.maxResults). */
export const MAX_PAGE_SIZE = SCIM_LIMITS.maxPageSize;
const DEFAULT_PAGE_SIZE = 100;

export interface ListQuery {
  filter?: FilterNode;
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder: 'ascending' | 'descending';
  projection: Projection;
}

/** Reads the list parameters from a query string or a SearchRequest body (RFC 7644 §3.4.2, §3.4.3). */
export function parseListQuery(type: ResourceTypeDefinition, params: Record<string, unknown>): ListQuery {
  const filterText = stringParam(params, 'filter');
  const sortOrder = stringParam(params, 'sortOrder')?.toLowerCase() ?? 'ascending';
  if (sortOrder !== 'ascending' && sortOrder !== 'descending') {
    throw badRequest('invalidValue', 'sortOrder must be "ascending" or "descending".');
  }
  const query: ListQuery = {
    startIndex: Math.max(1, intParam(params, 'startIndex') ?? 1), // RFC: values below 1 are read as 1
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, intParam(params, 'count') ?? DEFAULT_PAGE_SIZE)),
    sortOrder,
    projection: compileProjection(type, listParam(params, 'attributes'), listParam(params, 'excludedAttributes')),
  };
  if (filterText !== undefined && filterText.trim() !== '') query.filter = parseFilter(filterText);
  const sortBy = stringParam(params, 'sortBy');
  if (sortBy) query.sortBy = sortBy;
  return query;
}

export interface ListSource<R> {
  type: ResourceTypeDefinition;
  /** All ids in stable (creation) order. */
  allIds(): readonly string[];
  /** Candidate ids an index can answer for an `attr eq "v"` term, or undefined when no index applies. */
  indexedIds(filter: FilterNode): readonly string[] | undefined;
  /** The resource as filters and sorting see it (the full representation). */
  load(id: string): R | undefined;
}

/**
 * The resources a query's filter and sort select, in order; undefined when there is neither (then every id,
 * in creation order, is the answer and only the page needs loading).
 */
export function selectResources<R extends Record<string, unknown>>(source: ListSource<R>, query: Pick<ListQuery, 'filter' | 'sortBy' | 'sortOrder'>): R[] | undefined {
  const indexed = query.filter && source.indexedIds(query.filter);
  const ids = indexed ?? source.allIds();
  let resources: R[] | undefined;
  if (indexed && query.filter && answeredByIndex(query.filter)) {
    // `userName eq "x"` alone, Okta's lookup before every create: the index's answer is the result.
    resources = [];
    for (const id of ids) {
      const resource = source.load(id);
      if (resource) resources.push(resource);
    }
  } else if (query.filter) {
    const matches = compileFilter(query.filter, source.type);
    resources = [];
    for (const id of ids) {
      const resource = source.load(id);
      if (resource && matches(resource)) resources.push(resource);
    }
  }
  if (query.sortBy) {
    resources ??= ids.map((id) => source.load(id)).filter((r): r is R => r !== undefined);
    resources = [...resources].sort(compileSort(source.type, query.sortBy, query.sortOrder));
  }
  return resources;
}

/** The ListResponse body for one page of already rendered, projected resources. */
export function listResponse(total: number, startIndex: number, page: Record<string, unknown>[]) {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults: total, startIndex, itemsPerPage: page.length, Resources: page };
}

/** Runs a list query: index narrowing, filter, sort, page, projection; returns a ListResponse body. */
export function runList<R extends Record<string, unknown>>(source: ListSource<R>, query: ListQuery, render: (r: R) => Record<string, unknown>) {
  const resources = selectResources(source, query);
  const start = query.startIndex - 1;
  let total: number;
  let page: R[];
  if (resources) {
    total = resources.length;
    page = resources.slice(start, start + query.count);
  } else {
    const ids = source.allIds();
    total = ids.length;
    page = ids.slice(start, start + query.count).map((id) => source.load(id)).filter((r): r is R => r !== undefined);
  }
  return listResponse(total, query.startIndex, page.map((r) => query.projection.apply(render(r))));
}

/**
 * A filter that is one `eq` term with a string value on an indexed attribute: the index lookup for it is
 * exactly the filter's answer (id and externalId are case-exact like their indexes; userName and displayName
 * are not, and their indexes fold case the same way the comparison does).
 */
function answeredByIndex(filter: FilterNode): boolean {
  if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return false;
  return INDEXED_ATTRIBUTES.some((attribute) => findEqualityValue(filter, attribute) !== undefined);
}

const INDEXED_ATTRIBUTES = ['id', 'userName', 'displayName', 'externalId'] as const;

/** Which index an `eq` term can use, in order of selectivity. */
export function indexedCandidates(
  filter: FilterNode,
  lookups: Partial<Record<'id' | 'userName' | 'externalId' | 'displayName', (value: string) => readonly string[]>>,
): readonly string[] | undefined {
  for (const attribute of INDEXED_ATTRIBUTES) {
    const lookup = lookups[attribute];
    if (!lookup) continue;
    const value = findEqualityValue(filter, attribute);
    if (value !== undefined) return lookup(value);
  }
  return undefined;
}

function stringParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest('invalidValue', `${name} must be a string.`);
  return value;
}

function listParam(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  return stringParam(params, name);
}

function intParam(params: Record<string, unknown>, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) throw badRequest('invalidValue', `${name} must be an integer.`);
  return n;
}
