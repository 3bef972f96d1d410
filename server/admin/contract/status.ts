/** `GET /api/status`. */

/** `GET /api/status`: the endpoint as the admin needs to see it. */
export interface EndpointStatus {
  version: string;
  /** Local SCIM base URL, e.g. `http://127.0.0.1:8080/scim/v2`. */
  scimUrl: string;
  /** The public HTTPS base URL Okta uses (tunnel or the admin's own), when known. */
  publicScimUrl: string | null;
  running: boolean;
  startedAt: string;
  dataDir: string;
  autoUserProvisioning: boolean;
  counts: { users: number; activeUsers: number; groups: number; rules: number; tokens: number };
}
