/**
 * Every client call answers its value together with the call that produced it, so the checklist can show
 * evidence ("GET /api/v1/apps/0oa1 answered 200 at 10:02") and an apply can record each call in Activity.
 */
import type { TenantService } from './tenant-error.js';

export interface ApiCall {
  service: TenantService;
  /** What the call was for, in words ("read the app"). */
  operation: string;
  method: string;
  /** Path and query of the first request (later pages follow the service's own links). */
  path: string;
  /** Status of the last answer. */
  status: number;
  /** Requests made, one per page for lists (retries after a 429 not counted). */
  pages: number;
  /** When the last answer arrived (ISO 8601, from the client's clock). */
  at: string;
}

export interface Answer<T> {
  value: T;
  call: ApiCall;
}
