/**
 * What every step read from Okta's or Clumio's API has in common: evidence made of the calls that answered (what
 * the API said, which call, when), and the findings for what keeps a step from being read at all: no
 * connection, no read yet, a read refused or failed. A failed read says what to do in the tenant error's own
 * sentence (a 401, a 403 naming the scope or the role, a 429, a timeout), never more than that step.
 */
import type { ApiCall } from '../../tenants/api-call.js';
import type { Evidence, Failed } from '../../tenants/facts/reading.js';
import type { ClumioFacts, OktaFacts } from '../../tenants/facts/tenant-snapshot.js';
import type { TenantErrorKind } from '../../tenants/tenant-error.js';
import type { SetupFacts, TenantFacts } from '../setup-facts.js';
import type { SetupApiCall, SetupEvidence } from '../setup-types.js';
import type { Finding } from '../steps/step.js';

const toCall = (call: ApiCall): SetupApiCall => ({
  service: call.service,
  method: call.method,
  path: call.path,
  status: call.status,
  at: call.at,
});

/** Evidence of a read: the step's own sentence about what the API said, when, and the calls it came from. */
export function apiEvidence(evidence: Evidence, summary: string): SetupEvidence {
  return { summary, at: evidence.at, activityId: null, userAgent: null, calls: evidence.calls.map(toCall) };
}

/** Kinds of failure that pass by themselves: the step waits for the next read rather than fails. */
const PASSING: ReadonlySet<TenantErrorKind> = new Set(['timeout', 'rate_limited', 'unreachable', 'server_error']);

/** A read that failed: the step says so in the error's sentence (what to do), with the call that failed. */
export function unreadable(failed: Failed, what: string): Finding {
  const { error } = failed;
  const failedCall: SetupApiCall[] =
    error.method && error.path
      ? [{ service: error.service, method: error.method, path: error.path, status: error.status, at: failed.at }]
      : [];
  const answer = error.status !== null ? ` → ${error.status}` : error.kind === 'timeout' ? ' → no answer' : '';
  const call = error.method && error.path ? ` (${error.method} ${error.path}${answer})` : '';
  return {
    state: PASSING.has(error.kind) ? 'waiting' : 'failed',
    evidence: {
      summary: `SCIM Desk could not read ${what}${call}.`,
      at: failed.at,
      activityId: null,
      userAgent: null,
      calls: [...failed.calls.map(toCall), ...failedCall],
    },
    fix: failed.sentence,
    confirmable: false,
  };
}

function notRead(tenants: TenantFacts, what: string): Finding {
  const fix = tenants.reading
    ? `SCIM Desk is reading ${what} now: this step settles when the read ends.`
    : `SCIM Desk has not read ${what} yet: Refresh (the Setup or Connections page, or scim-desk check), or wait for the next read.`;
  return { state: 'waiting', evidence: null, fix, confirmable: false };
}

export type Side<T> = { ok: true; value: T; tenants: TenantFacts } | { ok: false; finding: Finding };

/** The Okta org as read for the connected app, or why a step cannot be read from it. */
export function oktaSide(facts: SetupFacts): Side<OktaFacts> {
  const tenants = facts.tenants;
  const connection = tenants?.oktaOrg ?? null;
  if (!tenants || !connection) {
    return {
      ok: false,
      finding: {
        state: 'todo',
        evidence: null,
        fix: "Connect your Okta org first (Connections page): this step is read from Okta's API.",
        confirmable: false,
      },
    };
  }
  if (!connection.app) {
    return {
      ok: false,
      finding: {
        state: 'todo',
        evidence: null,
        fix: 'Pick the app that provisions into Clumio first (Connections page): this step is read from that app.',
        confirmable: false,
      },
    };
  }
  const okta = tenants.snapshot?.okta;
  if (!okta || okta.orgUrl !== connection.orgUrl || okta.appId !== connection.app.id)
    return { ok: false, finding: notRead(tenants, 'the Okta org') };
  return { ok: true, value: okta, tenants };
}

/** The Clumio account as read, or why a step cannot be read from it. */
export function clumioSide(facts: SetupFacts): Side<ClumioFacts> {
  const tenants = facts.tenants;
  const connection = tenants?.clumioAccount ?? null;
  if (!tenants || !connection) {
    return {
      ok: false,
      finding: {
        state: 'todo',
        evidence: null,
        fix: "Connect your Clumio account first (Connections page): this step is read from Clumio's API.",
        confirmable: false,
      },
    };
  }
  const clumio = tenants.snapshot?.clumio;
  if (!clumio || clumio.baseUrl !== connection.baseUrl)
    return { ok: false, finding: notRead(tenants, 'the Clumio account') };
  return { ok: true, value: clumio, tenants };
}

/** The latest read began before the current admin was set (or changed): it holds no facts about them. */
export function adminNotRead(tenants: TenantFacts): Finding {
  const fix = tenants.reading
    ? 'SCIM Desk is reading your own user now: this step settles when the read ends.'
    : 'The latest read was made before the current admin was set: Refresh to read your own user (the Setup or Connections page, or scim-desk check).';
  return { state: 'waiting', evidence: null, fix, confirmable: false };
}

/** "Clumio Admins", "Backup Operators" */
export const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');
