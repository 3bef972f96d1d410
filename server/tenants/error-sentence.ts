/**
 * One sentence per tenant error, saying what happened and what to do. The admin API, the CLI and the
 * checklist show these; they are built from the error's fields only, so they never hold a token.
 */
import type { TenantErrorInfo } from './tenant-error.js';

const NAMES = { okta: 'Okta', clumio: 'Clumio' } as const;

export function explainTenantError(info: TenantErrorInfo, now: number = Date.now()): string {
  const service = NAMES[info.service];
  const host = info.host ?? (info.service === 'okta' ? 'the Okta org' : 'the Clumio API');
  const said = info.serviceMessage ? ` ("${info.serviceMessage}")` : '';
  const code = [info.status, info.serviceCode].filter((part) => part !== null && part !== '').join(' ');
  const coded = code ? ` (${code})` : '';
  switch (info.kind) {
    case 'bad_url':
      return `That ${info.service === 'okta' ? 'Okta org URL' : 'Clumio API base URL'} cannot be used: ${info.serviceMessage ?? 'it is not a valid https URL'}.`;
    case 'unreachable':
      return `SCIM Desk could not reach ${host}${info.networkCode ? ` (${networkWords(info.networkCode)})` : ''}: check the URL and this computer's network connection.`;
    case 'timeout':
      return `${service} (${host}) did not answer within ${seconds(info.timeoutMs)} when SCIM Desk tried to ${info.operation}: try again, and check the network if it keeps happening.`;
    case 'unauthorized':
      return info.service === 'okta'
        ? `Okta refused the API token${coded}: it is wrong, expired or revoked. Create a new one in the Okta Admin Console (Security > API > Tokens) and connect again.`
        : `Clumio refused the API token${coded}: it is wrong, expired or was refreshed. Create a new API token in the Clumio portal as a Super Admin and connect again.`;
    case 'forbidden':
      return info.service === 'okta'
        ? `Okta did not allow SCIM Desk to ${info.operation}${coded}: the token's admin lacks permission for it (a scoped OAuth token needs ${scopeWords(info.requiredScopes)}). Use a token created by an admin who can read apps, groups, users and the System Log.`
        : `Clumio did not allow SCIM Desk to ${info.operation}${coded}: the API token's user needs the role ${info.requiredRole ?? 'Super Admin'}. Create the token as such a user.`;
    case 'not_found':
      return /the Clumio app/.test(info.operation)
        ? `Okta has no app with that id${coded}: pick the Clumio app again from the org's apps.`
        : `${service} found nothing to ${info.operation}${coded}${said}.`;
    case 'rate_limited':
      return info.retryAt
        ? `${service}'s rate limit is used up until ${clockTime(info.retryAt, now)}: SCIM Desk reads again after that.`
        : `${service} is refusing requests for now (too many requests): try again in a minute.`;
    case 'rejected':
      return `${service} refused to ${info.operation}${coded}${said}.`;
    case 'server_error':
      return `${service} had an internal error${coded} when SCIM Desk tried to ${info.operation}: try again in a few minutes.`;
    case 'bad_response':
      return `What answered at ${host} is not the ${service} API (SCIM Desk tried to ${info.operation})${said}: check the URL.`;
  }
}

function networkWords(code: string): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'no such host name';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    default:
      return code;
  }
}

function scopeWords(scopes: readonly string[]): string {
  if (scopes.length === 0) return 'the read scopes';
  return scopes.length === 1 ? scopes[0]! : `${scopes.slice(0, -1).join(', ')} and ${scopes[scopes.length - 1]}`;
}

function seconds(ms: number | null): string {
  if (ms === null) return 'the time allowed';
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** "10:42:05 (in 40 s)": the wall-clock time, and how far away it is. */
function clockTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return 'later';
  const wait = Math.max(0, Math.round((at - now) / 1000));
  return `${new Date(at).toISOString().slice(11, 19)} UTC (in ${wait} s)`;
}
