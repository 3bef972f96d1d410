/**
 * The SCIM filter engine: RFC 7644 §3.4.2.2 filters, §3.5.2 PATCH paths and §3.4.2.3 sorting.
 *
 *   parseFilter(text)              -> FilterNode   (400 invalidFilter; length and nesting limits)
 *   toStoreQuery(params, type, c)  -> RecordQuery  (a listing's filter, sort and page, for the store)
 *   compileFilter(node, type)      -> predicate    (the same semantics over a resource in hand)
 *   compileValueFilter(def, f)     -> predicate over one value of a complex attribute (PATCH value filters)
 *   compileSort(type, by, order)   -> comparator   (400 invalidValue for a malformed sortBy)
 *   parsePatchPath(text)           -> PatchPath    (400 invalidPath)
 *
 * One engine decides what a filter selects: the store's query evaluator (server/store/query/), with the
 * translation from SCIM in front (to-store-query.ts); a database backend answers the same query itself.
 *
 * Tolerances beyond the RFC, all for real IdP traffic: unquoted values are strings (Entra `externalId eq jyoung`),
 * "True"/"False" strings compare as booleans, bare numbers compare by their text against string attributes,
 * extension attributes resolve without their URN, and unknown attributes match nothing instead of failing.
 */
export type { AttributePath, CompareOperator, FilterNode, FilterValue, PatchPath } from './ast.js';
export type { IndexedAttribute } from './equality.js';
export { findEqualityValue } from './equality.js';
export type { FilterLimits } from './parser.js';
export { DEFAULT_FILTER_LIMITS, parseAttributePath, parseFilter, parsePatchPath } from './parser.js';
export type { ResourceComparator, ResourcePredicate, SortOrder } from './resource-filter.js';
export {
  compareKeys,
  compileFilter,
  compileSort,
  compileValueFilter,
  parseSortOrder,
  sortsBy,
} from './resource-filter.js';
export type { ScimListParameters, StoreQueryContext } from './to-store-query.js';
export { toStoreQuery, toStoreSort } from './to-store-query.js';
