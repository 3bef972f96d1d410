/**
 * The store-neutral query: a condition tree over stored records, a sort key and a page. The store knows no
 * SCIM; the caller (the SCIM layer) resolves attribute names against its schema and writes down here what the
 * store needs to compare values correctly: where the values are, whether each step of the path holds an
 * array, the value type and whether case matters.
 *
 * Semantics every backend implements (the contract tests run the same queries on each):
 * - A field can hold several values: walking a data path visits every element of an array at each step and
 *   skips JSON nulls. `compare`, `present` and `exists` are true when SOME visited value satisfies them;
 *   a field with no value satisfies none of them (so `not` of them is true).
 * - `compare` per value: `string`/`binary` compare text (strings, and numbers or booleans by their text),
 *   lower-cased on both sides unless `caseExact`; `gt`/`lt`/… order by code point. `boolean` accepts
 *   true/false and the strings "true"/"false" in any case. `number` accepts numbers and numeric strings.
 *   `dateTime` compares instants; the wanted value is an ISO 8601 text. `ne` is "not equal", per value.
 *   A value of the wrong kind is equal to nothing, so it is `ne` everything and never `gt`/`lt` anything.
 * - `present`: some value is non-empty: not an empty string, and for an object or array, some member of it
 *   is (looked at no deeper than three levels).
 * - `exists`: some value is not null (an empty string exists but is not present).
 * - `any`: some element of the collection satisfies the inner condition, whose fields are relative to the
 *   element. For a group's `members` an element is `{value, type, display}` (display: the one stored with
 *   the membership, else the member's display name); for a user's `groups` it is
 *   `{value, type: 'direct', display}` (the group's id and displayName).
 */

/** How the values of a field are compared (decided from the caller's schema). */
export type ValueType = 'string' | 'binary' | 'boolean' | 'number' | 'dateTime';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** One step of a path inside `data` (or inside an element): the key, and whether its value is an array. */
export interface PathStep {
  name: string;
  multiValued: boolean;
}

/**
 * Where values are read. Record fields are the server-owned ones (`created`/`lastModified` are ISO 8601 texts,
 * `version` a number); `data` is a path into the stored attributes, or into the element inside `any`
 * (an empty path is the element itself).
 */
export type Field =
  | { kind: 'id' }
  | { kind: 'created' }
  | { kind: 'lastModified' }
  | { kind: 'version' }
  /** The id of the SCIM token whose request created the record (absent: no value). */
  | { kind: 'origin' }
  | { kind: 'data'; path: readonly PathStep[] };

/** A collection whose elements `any` tests one by one. */
export type Collection =
  | { kind: 'data'; path: readonly PathStep[] }
  /** A group's members (only meaningful on groups). */
  | { kind: 'members' }
  /** The groups a user is a member of (only meaningful on users). */
  | { kind: 'groups' };

export interface CompareCondition {
  kind: 'compare';
  field: Field;
  op: CompareOp;
  value: string | number | boolean;
  type: ValueType;
  caseExact: boolean;
  /**
   * Compare `prefix + text of the value + suffix` instead of the value itself: what a caller needs for
   * attributes derived from a stored one (a resource's URL from its id, an ETag from its version).
   * Only with `string` comparisons.
   */
  affix?: { prefix: string; suffix: string };
}

export type Condition =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'and'; conditions: readonly Condition[] }
  | { kind: 'or'; conditions: readonly Condition[] }
  | { kind: 'not'; condition: Condition }
  | CompareCondition
  | { kind: 'present'; field: Field }
  | { kind: 'exists'; field: Field }
  | { kind: 'any'; collection: Collection; condition: Condition };

/**
 * Sorting by one field: a multi-valued attribute sorts by its primary element (`primary` true), else its
 * first; strings by their (folded unless caseExact) text in code point order, numbers numerically, dateTimes
 * chronologically, booleans false before true. Records without a value come last when ascending and first
 * when descending; ties keep creation order in both directions.
 */
export interface SortKey {
  field: Field;
  type: ValueType;
  caseExact: boolean;
  descending: boolean;
}

/** A listing: the records that match, in creation order unless sorted, one page of them. */
export interface RecordQuery {
  where?: Condition;
  sort?: SortKey;
  /** Records to skip (0-based). */
  offset: number;
  /** Records to return at most (0: only count). */
  limit: number;
}

/** One page of a listing and how many records match in all. */
export interface RecordPage<R> {
  total: number;
  records: R[];
}

export const MATCH_ALL: Condition = { kind: 'true' };
