/** The framework-free SCIM protocol core: a request in, `{ status, headers, body }` out. */
export interface ScimRequest {
  method: string;
  /** Path below the SCIM base, e.g. `/Users/123` (no query string). */
  path: string;
  query: Record<string, string>;
  headers: {
    ifMatch?: string;
    ifNoneMatch?: string;
  };
  /** Parsed JSON body (undefined when there is none). */
  body: unknown;
  /** Absolute SCIM base URL as the client sees it, used for `Location` and `meta.location`. */
  baseUrl: string;
  /** Id of the authenticated SCIM token (becomes `origin` of created resources). */
  tokenId?: string;
}

export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** What the activity log learns about a handled request beyond status and bodies. */
export interface ScimRequestFacts {
  resourceType?: 'User' | 'Group' | 'ServiceProviderConfig' | 'ResourceType' | 'Schema';
  resourceId?: string;
}
