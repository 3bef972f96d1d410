import { badRequest } from '../errors.js';
import { SCIM_LIMITS } from '../limits.js';
import { parseFilter, toStoreQuery, type FilterNode, type ScimListParameters } from '../filter/index.js';
import type { RecordPage, RecordQuery } from '../../store/query/types.js';
import type { ResourceRecord } from '../../store/types.js';
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

/** One resource type as a listing reads it: pages of stored records, and their SCIM representation. */
export interface ListSource {
  type: ResourceTypeDefinition;
  /** One page of the records the store query selects, and how many it selects in all. */
  list(query: RecordQuery): Promise<RecordPage<ResourceRecord>>;
  /** The records as SCIM returns them (memberships only when the projection keeps them). */
  render(records: readonly ResourceRecord[]): Promise<Record<string, unknown>[]>;
}

/** The listing's filter, sort and page as one store query: the store selects, sorts and pages. */
export function storeQueryOf(query: ListQuery, type: ResourceTypeDefinition, baseUrl: string): RecordQuery {
  const params: ScimListParameters = { sortOrder: query.sortOrder, startIndex: query.startIndex, count: query.count };
  if (query.filter) params.filter = query.filter;
  if (query.sortBy) params.sortBy = query.sortBy;
  return toStoreQuery(params, type, { baseUrl });
}

/** The ListResponse body for one page of already rendered, projected resources. */
export function listResponse(total: number, startIndex: number, page: Record<string, unknown>[]) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: page.length,
    Resources: page,
  };
}

/** Runs a list query in the store and renders its page: a ListResponse body. */
export async function runList(source: ListSource, query: ListQuery, baseUrl: string) {
  const page = await source.list(storeQueryOf(query, source.type, baseUrl));
  const resources = await source.render(page.records);
  return listResponse(
    page.total,
    query.startIndex,
    resources.map((resource) => query.projection.apply(resource)),
  );
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
