/**
 * `POST /.search` at the service provider root (RFC 7644 §3.4.3): one query over every resource type,
 * Users then Groups. The filter runs against each type (an attribute a type does not have matches nothing
 * there), `attributes` / `excludedAttributes` project each resource by its own type, `sortBy` sorts the union
 * by the first type that has the attribute (resources without a value last, as §3.4.2.3 says), and
 * `startIndex` / `count` page the union; `totalResults` counts every match of every type.
 */
import { compileSort, sortsBy } from '../filter/index.js';
import type { ScimRequest, ScimResponse } from '../protocol/types.js';
import type { ResourceTypeDefinition } from '../schemas/index.js';
import { listResponse, parseListQuery, selectResources, type ListQuery, type ListSource } from './listing.js';
import { ok } from './users.js';

type Resource = Record<string, unknown>;

/** One resource type's part of a root search. */
export interface RootSearchPart {
  type: ResourceTypeDefinition;
  source(req: ScimRequest, query: ListQuery): ListSource<Resource>;
}

interface Selected {
  resource: Resource;
  query: ListQuery;
}

export function rootSearch(req: ScimRequest, params: Record<string, unknown>, parts: readonly RootSearchPart[]): ScimResponse {
  const queries = parts.map((part) => parseListQuery(part.type, params)); // every part validates the parameters
  const first = queries[0]!;
  const selected: Selected[] = [];
  parts.forEach((part, i) => {
    const query = queries[i]!;
    const source = part.source(req, query);
    // Sorting happens over the union below, so each part only filters here.
    const matched = selectResources(source, { filter: query.filter, sortOrder: query.sortOrder });
    const resources = matched ?? source.allIds().map((id) => source.load(id)).filter((r): r is Resource => r !== undefined);
    for (const resource of resources) selected.push({ resource, query });
  });
  if (first.sortBy) {
    const sortBy = first.sortBy;
    const owner = parts.find((part) => sortsBy(part.type, sortBy));
    if (owner) {
      const compare = compileSort(owner.type, sortBy, first.sortOrder);
      selected.sort((a, b) => compare(a.resource, b.resource));
    }
  }
  const start = first.startIndex - 1;
  const page = selected.slice(start, start + first.count).map(({ resource, query }) => query.projection.apply(resource));
  return ok(200, listResponse(selected.length, first.startIndex, page));
}
