/** The SCIM filter engine: RFC 7644 §3.4.2.2 filters, §3.5.2 PATCH paths and §3.4.2.3 sorting. */
export type { AttributePath, CompareOperator, FilterNode, FilterValue, PatchPath } from './ast.js';
export type { IndexedAttribute } from './equality.js';
export { findEqualityValue } from './equality.js';
export type { ResourcePredicate } from './evaluate.js';
export { compileFilter, compileValueFilter } from './evaluate.js';
export type { FilterLimits } from './parser.js';
export { DEFAULT_FILTER_LIMITS, parseAttributePath, parseFilter, parsePatchPath } from './parser.js';
export type { ResourceComparator, SortOrder } from './sort.js';
export { compileSort, parseSortOrder } from './sort.js';
