/**
 * `POST /.search` at the service provider root (RFC 7644 §3.4.3): one query over every resource type,
 * Users then Groups. The filter runs against each type (an attribute a type does not have matches nothing
 * there), `attributes` / `excludedAttributes` project each resource by its own type, `sortBy` sorts the union
 * by the first type that has the attribute (resources without a value last, as §3.4.2.3 says), and
 * `startIndex` / `count` page the union; `totalResults` counts every match of every type.
 *
 * Each type's store answers its part sorted and cut at the end of the page asked for, so no more than that
 * many resources per type are read: the parts are then merged as two sorted lists.
 */
import { sortsBy, toStoreSort } from '../filter/index.js';
import { compareKeys } from '../filter/index.js';
import type { ScimRequest, ScimResponse } from '../protocol/types.js';
import type { ResourceTypeDefinition } from '../schemas/index.js';
import { sortKeyReader } from '../../store/query/evaluate.js';
import type { RecordQuery, SortKey } from '../../store/query/types.js';
import type { ResourceRecord } from '../../store/types.js';
import { listResponse, parseListQuery, storeQueryOf, type ListQuery, type ListSource } from './listing.js';
import { ok } from './users.js';

type Resource = Record<string, unknown>;

/** One resource type's part of a root search. */
export interface RootSearchPart {
  type: ResourceTypeDefinition;
  source(req: ScimRequest, query: ListQuery): ListSource;
}

interface Selected {
  record: ResourceRecord;
  part: number;
  key: string | number | undefined;
}

export async function rootSearch(
  req: ScimRequest,
  params: Record<string, unknown>,
  parts: readonly RootSearchPart[],
): Promise<ScimResponse> {
  const queries = parts.map((part) => parseListQuery(part.type, params)); // every part validates the parameters
  const first = queries[0]!;
  const sortBy = first.sortBy;
  const owner = sortBy === undefined ? undefined : parts.find((part) => sortsBy(part.type, sortBy));
  const sort: SortKey | undefined =
    owner && sortBy !== undefined ? toStoreSort(sortBy, first.sortOrder, owner.type) : undefined;
  const start = first.startIndex - 1;
  const end = start + first.count;
  const sources = parts.map((part, i) => part.source(req, queries[i]!));
  // Each part's first `end` matches, in the union's order (the owner's sort key, read the same way on every type).
  const pages = await Promise.all(
    parts.map((part, i) => {
      const { where } = storeQueryOf({ ...queries[i]!, sortBy: undefined }, part.type, req.baseUrl);
      const query: RecordQuery = { offset: 0, limit: end, ...(where ? { where } : {}), ...(sort ? { sort } : {}) };
      return sources[i]!.list(query);
    }),
  );
  const read = sort ? sortKeyReader({ ...sort, descending: false }) : undefined;
  const lists: Selected[][] = pages.map((page, part) =>
    page.records.map((record) => ({ record, part, key: read?.({ record, data: record.data, elements: () => [] }) })),
  );
  const merged = sort ? mergeSorted(lists, sort.descending) : lists.flat();
  const chosen = merged.slice(start, end);
  const rendered = await Promise.all(
    chosen.map(({ record, part }) => sources[part]!.render([record]).then(([resource]) => resource!)),
  );
  const page = rendered.map((resource: Resource, i) => queries[chosen[i]!.part]!.projection.apply(resource));
  const total = pages.reduce((sum, p) => sum + p.total, 0);
  return ok(200, listResponse(total, first.startIndex, page));
}

/** Merges lists each sorted by key; equal keys keep list order (Users before Groups), as a stable sort of the union would. */
function mergeSorted(lists: Selected[][], descending: boolean): Selected[] {
  const order = (a: Selected, b: Selected) => (descending ? compareKeys(b.key, a.key) : compareKeys(a.key, b.key));
  const merged: Selected[] = [];
  const at = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const candidate = lists[i]![at[i]!];
      if (candidate && (best === -1 || order(candidate, lists[best]![at[best]!]!) < 0)) best = i;
    }
    if (best === -1) return merged;
    merged.push(lists[best]![at[best]!++]!);
  }
}
