/** RFC 7644 §3.4.2.2 filter AST. Attribute paths are kept as written; resolution against a schema happens at evaluation. */

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';

export type FilterValue = string | number | boolean | null;

/** `urn:...:User:name.givenName` -> { urn, attribute: 'name', subAttribute: 'givenName' }. */
export interface AttributePath {
  urn?: string;
  attribute: string;
  subAttribute?: string;
}

export type FilterNode =
  | { kind: 'compare'; path: AttributePath; op: CompareOperator; value: FilterValue }
  | { kind: 'present'; path: AttributePath }
  | { kind: 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; filter: FilterNode }
  /** `emails[type eq "work" and value co "@example.com"]`: the inner filter applies to each value of `path`. */
  | { kind: 'valuePath'; path: AttributePath; filter: FilterNode };

/**
 * A PATCH path (RFC 7644 §3.5.2): `attrPath`, or `valuePath[.subAttr]`:
 * `members`, `name.givenName`, `members[value eq "id"]`, `emails[type eq "work"].value`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`.
 */
export interface PatchPath {
  path: AttributePath;
  /** Present for `attr[filter]` forms. */
  valueFilter?: FilterNode;
  /** The sub-attribute after a value filter: `emails[type eq "work"].value` -> 'value'. */
  subAttribute?: string;
}
