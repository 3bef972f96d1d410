/** Shapes every area uses: pages, plain lists, SCIM resources. */

export interface Page<T> {
  items: T[];
  /** Items matching the query (all pages). */
  total: number;
  offset: number;
  limit: number;
}

/** Plain list without paging (small collections: roles, OUs, rules, tokens). */
export interface ItemList<T> {
  items: T[];
}

/** A SCIM resource as the SCIM endpoint would serve it (RFC 7643), never with a password. */
export interface ScimResource {
  schemas: string[];
  id: string;
  externalId?: string;
  meta: { resourceType: 'User' | 'Group'; created: string; lastModified: string; location: string; version: string };
  [attribute: string]: unknown;
}
