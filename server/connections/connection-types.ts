/**
 * The connections to the admin's Okta org and Clumio account as the admin API speaks of them (snake_case, as
 * the rest of what models the two services). Types only: the admin contract re-exports them to the console.
 * No answer ever carries an API token: a token is taken once, checked, sealed, and never shown again.
 */

export type TenantServiceName = 'okta' | 'clumio';

/** `PUT /api/connections/okta`: the org URL, an SSWS API token, and (optionally) the Clumio app's id. */
export interface OktaConnectRequest {
  org_url: string;
  api_token: string;
  /** The Clumio app; without it the connection is saved without an app, to be picked from the org's apps. */
  app_id?: string | null;
}

/** `PUT /api/connections/clumio`: a regional API host (or any https URL) and a Clumio API token. */
export interface ClumioConnectRequest {
  base_url: string;
  api_token: string;
}

/** `PUT /api/connections/okta/app`: pick (or change) the Clumio app among the org's apps. */
export interface OktaAppPick {
  app_id: string;
}

/** One app of the Okta org (`GET /api/connections/okta/apps`), to pick the Clumio app from. */
export interface OktaAppChoice {
  id: string;
  label: string;
  /** The app's integration name (`clumio` for Clumio's app in the Okta Integration Network). */
  name: string;
  /** ACTIVE | INACTIVE */
  status: string;
  sign_on_mode: string;
  /** Its name or label says Clumio: listed first. */
  looks_like_clumio: boolean;
}

/** What the check made when the connection was saved said. */
export interface ConnectionCheck {
  at: string;
  /** e.g. `GET /api/v1/apps/0oa1 answered 200: "Clumio" (ACTIVE)`. */
  said: string;
}

/** Something of a service SCIM Desk could not read in the latest snapshot, with what to do. */
export interface ConnectionProblem {
  /** What could not be read ("the System Log", "the users"). */
  item: string;
  message: string;
}

/** The latest read of a connected service. */
export interface ConnectionReading {
  at: string;
  /** Every item was read. */
  ok: boolean;
  problems: ConnectionProblem[];
}

export interface OktaConnectionInfo {
  org_url: string;
  /** The Clumio app; null until one is picked. */
  app: { id: string; label: string } | null;
  connected_at: string;
  checked: ConnectionCheck;
  /** The latest read of the org (null until one ran). */
  last_read: ConnectionReading | null;
  /** A read of the org is under way. */
  reading: boolean;
}

export interface ClumioConnectionInfo {
  base_url: string;
  /** The portal that signs in to this regional host, when it is one of Clumio's. */
  portal: string | null;
  connected_at: string;
  checked: ConnectionCheck;
  last_read: ConnectionReading | null;
  reading: boolean;
}

/** `GET /api/connections` (also the answer of `POST /api/connections/refresh`). */
export interface Connections {
  okta: OktaConnectionInfo | null;
  clumio: ClumioConnectionInfo | null;
}

/**
 * Why a call to Okta or Clumio failed, in fields that can never hold a token (the `details` of a 400
 * `connection_failed` or a 502 `tenant_unavailable`); `message` of the error says it in a sentence.
 */
export interface TenantCallFailure {
  service: TenantServiceName;
  /** bad_url | unreachable | timeout | unauthorized | forbidden | not_found | rate_limited | rejected | server_error | bad_response */
  kind: string;
  /** What SCIM Desk was doing ("list the org's apps"). */
  operation: string;
  method: string | null;
  path: string | null;
  status: number | null;
  /** Okta's `errorCode` or Clumio's `error_code`. */
  service_code: string | null;
  /** Okta: the OAuth scopes the call needs (a 403 names them). */
  required_scopes: string[];
  /** Clumio: the role the token's user needs (a 403 names it). */
  required_role: string | null;
  /** A rate limit: when the service says to try again. */
  retry_at: string | null;
}
