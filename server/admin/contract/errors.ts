/** The one error body of the admin API, and the validation issues it carries. */
import type { GuardRefusal, RuleRef } from '../../access/access-types.js';
import type { ClumioApplyIncomplete } from '../../clumio-account/account-types.js';
import type { TenantCallFailure } from '../../connections/connection-types.js';

/** Every non-2xx answer (except 204-less transport failures) has this body. */
export interface ApiErrorBody {
  error: ApiError;
}

/** A discriminated union on `code`; `message` is a plain sentence the UI may show as is. */
export type ApiError =
  | { code: 'unauthorized'; message: string; details?: undefined } // 401
  | { code: 'too_many_attempts'; message: string; details?: undefined } // 429 wrong admin tokens, Retry-After
  | { code: 'misdirected_request'; message: string; details?: undefined } // 421 foreign Host header
  | { code: 'not_found'; message: string; details?: undefined } // 404
  | { code: 'invalid_query'; message: string; details?: FieldIssues } // 400
  | { code: 'invalid_body'; message: string; details?: FieldIssues } // 400 malformed JSON or wrong shape
  | { code: 'invalid_rule'; message: string; details: FieldIssues } // 400 rule validation (duplicate name included)
  | { code: 'invalid_organizational_unit'; message: string; details?: FieldIssues } // 400 name, duplicate, cycle, Global OU
  | { code: 'organizational_unit_in_use'; message: string; details: { rules: RuleRef[] } } // 409 delete refused
  | { code: 'organizational_unit_has_children'; message: string; details: { child_ids: string[] } } // 409
  | { code: 'guard_refused'; message: string; details: GuardRefusal } // 409 lockout guard (docs/decisions.md#the-lockout-guard)
  | { code: 'rehearsal_running'; message: string; details?: undefined } // 409 a rehearsal is already running
  | { code: 'not_running'; message: string; details?: undefined } // 409 needs a running server (webhook retry offline)
  | { code: 'tunnel_failed'; message: string; details?: undefined } // 502 the tunnel provider could not start
  | { code: 'connection_failed'; message: string; details: TenantCallFailure } // 400 Okta or Clumio refused the connection, or could not be reached
  | { code: 'not_connected'; message: string; details?: undefined } // 409 the route needs a connection (or an Okta app) first
  | { code: 'tenant_unavailable'; message: string; details: TenantCallFailure } // 502 a connected service failed a read or write needed now
  | { code: 'apply_incomplete'; message: string; details: ClumioApplyIncomplete } // 502 a Clumio call failed part way through an apply
  | { code: 'payload_too_large'; message: string; details?: undefined } // 413
  | { code: 'internal'; message: string; details?: undefined }; // 500

export type ApiErrorCode = ApiError['code'];

/** Validation problems, one per offending field. `field` is a dotted path such as `provision.role_id`. */
export interface FieldIssues {
  issues: FieldIssue[];
}
export interface FieldIssue {
  field: string;
  message: string;
}
