/** What a rehearsal is asked to play and how it reports (`/api/rehearsal`). Types only; the admin contract re-exports them. */
import type { IdentityProvider } from '../identity-providers/identity-provider.js';

/** The PATCH dialect of Entra's provisioning job: the default one, or the RFC-compliant one the Tenant URL
 * flag `?aadOptscim062020` selects. */
export type EntraDialect = 'default' | 'aadOptscim062020';

/** `POST /api/rehearsal` body → 202 RehearsalStatus; 409 `rehearsal_running` while one runs. */
export interface RehearsalRequest {
  /** Which identity provider to play (default: the current profile). */
  idp?: IdentityProvider;
  /** Entra only (default `default`). */
  entraDialect?: EntraDialect;
  /** Users to assign (2-50, default 5). */
  users?: number;
  /** Groups to push (1-8, default 3); the first is the admin group "Clumio Admins". */
  groups?: number;
  /** The admin's own userName: created if missing and pushed in the admin group. */
  admin?: string;
  /** No pause between requests (default: 300-600 ms, a pace the admin can watch). */
  fast?: boolean;
}

/** `GET /api/rehearsal`. `DELETE /api/rehearsal` removes rehearsal users and groups → RehearsalRemoved. */
export interface RehearsalStatus {
  phase: 'idle' | 'running' | 'finished' | 'failed';
  /** What the current or last run played; null before the first. */
  idp: IdentityProvider | null;
  entraDialect: EntraDialect | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Requests sent so far, and the plan's total. */
  requestsSent: number;
  requestsPlanned: number;
  /** The current or last step, e.g. "Group push: Backup Team". */
  step: string | null;
  error: string | null;
  /** Users and groups in the directory created by rehearsal tokens. */
  data: { users: number; groups: number };
}

export interface RehearsalRemoved {
  users: number;
  groups: number;
}
