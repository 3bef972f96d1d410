/**
 * The SCIM filter engine: RFC 7644 §3.4.2.2 filters, §3.5.2 PATCH paths and §3.4.2.3 sorting.
 *
 *   parseFilter(text)            -> FilterNode     (400 invalidFilter; length and nesting limits)
 *   compileFilter(node, type)    -> predicate      (compile once per request, run over every candidate)
 *   findEqualityValue(node, a)   -> index key      (narrow candidates before running the predicate)
 *   compileSort(type, by, order) -> comparator     (400 invalidValue for a malformed sortBy)
 *   parsePatchPath(text)         -> PatchPath      (400 invalidPath)
 *   compileValueFilter(def, f)   -> predicate over one value of a complex attribute (PATCH value filters)
 *
 * Tolerances beyond the RFC, all for real IdP traffic: unquoted values are strings (Entra `externalId eq jyoung`),
 * "True"/"False" strings compare as booleans, bare numbers compare by their text against string attributes,
 * extension attributes resolve without their URN, and unknown attributes match nothing instead of failing.
 */
export type { AttributePath, CompareOperator, FilterNode, FilterValue, PatchPath } from './ast.js';
export type { IndexedAttribute } from './equality.js';
export { findEqualityValue } from './equality.js';
export type { ResourcePredicate } from './evaluate.js';
export { compileFilter, compileValueFilter } from './evaluate.js';
export type { FilterLimits } from './parser.js';
export { DEFAULT_FILTER_LIMITS, parseAttributePath, parseFilter, parsePatchPath } from './parser.js';
export type { ResourceComparator, SortOrder } from './sort.js';
export { compileSort, parseSortOrder, sortsBy } from './sort.js';
