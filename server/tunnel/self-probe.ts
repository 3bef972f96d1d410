/**
 * The self-probe: SCIM Desk calls its own public URL (`<public>/scim/v2/ServiceProviderConfig`) with a
 * one-time marker header, and only this SCIM listener echoes that marker back. So "it answered" and "it
 * was us who answered" are told apart: interstitial pages (localtunnel's "Friendly Reminder", ngrok's
 * browser warning) and other servers are named as such.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { describeProbeError } from './probe-errors.js';
import type { TunnelProbeResult } from './tunnel-types.js';
import { SELF_PROBE_HEADER } from '../scim/endpoint.js';

/** Where to connect instead of resolving the public host name (tests on loopback: curl's --resolve). */
export type ProbeResolver = (hostname: string) => { address: string; port: number } | undefined;

export interface ProbeOptions {
  marker: string;
  resolve?: ProbeResolver;
  timeoutMs?: number;
  now?: () => Date;
}

/** Not a browser User-Agent, like Okta's: interstitials aimed at browsers should not trigger. */
const PROBE_USER_AGENT = 'SCIM Desk self-probe (Okta SCIM Client 1.0.0 stand-in)';
const MAX_BODY = 64 * 1024;

interface Answer {
  status: number;
  echoed: string | undefined;
  server: string | undefined;
  body: string;
}

export async function probePublicUrl(publicScimUrl: string, options: ProbeOptions): Promise<TunnelProbeResult> {
  const at = (options.now ?? (() => new Date()))().toISOString();
  const target = `${publicScimUrl.replace(/\/+$/, '')}/ServiceProviderConfig`;
  const result = (
    outcome: TunnelProbeResult['outcome'],
    status: number | null,
    message: string,
  ): TunnelProbeResult => ({
    outcome,
    reachedThisEndpoint: outcome === 'ok' || outcome === 'not-https',
    url: target,
    status,
    message,
    at,
  });
  let answer: Answer;
  try {
    answer = await fetchOnce(new URL(target), options);
  } catch (error) {
    return result('unreachable', null, `Probing ${target} failed: ${describeProbeError(error, new URL(target))}.`);
  }
  if (answer.echoed === options.marker) {
    if (target.startsWith('http://')) {
      return result(
        'not-https',
        answer.status,
        `${target} reaches this endpoint, but over plain HTTP: identity providers call HTTPS URLs only.`,
      );
    }
    return result('ok', answer.status, `${target} reaches this endpoint over HTTPS (HTTP ${answer.status}).`);
  }
  return result(
    'someone-else',
    answer.status,
    `${target} answered HTTP ${answer.status}, but not from this endpoint: ${whoAnswered(answer)}.`,
  );
}

/** Names the usual suspects from the answer's body and headers. */
function whoAnswered(answer: Answer): string {
  const body = answer.body;
  if (/friendly reminder|loca\.lt|localtunnel/i.test(body))
    return 'localtunnel\'s "Friendly Reminder" page (shown to browsers; Okta\'s calls pass)';
  if (/ERR_NGROK_\d+|ngrok-skip-browser-warning|You are about to visit/i.test(body))
    return "ngrok's browser warning or an ngrok error page";
  if (/trycloudflare|cloudflare/i.test(body) || /cloudflare/i.test(answer.server ?? ''))
    return 'a Cloudflare page (the quick tunnel may not be ready yet)';
  if (/^\s*404\s*$/.test(body)) return 'the tunnel server knows no tunnel by that name (it closed or its URL changed)';
  const server = answer.server ? `a server identifying as "${answer.server}"` : 'another server';
  return `${server}; the public URL does not lead to this SCIM listener`;
}

function fetchOnce(url: URL, options: ProbeOptions): Promise<Answer> {
  const secure = url.protocol === 'https:';
  const override = options.resolve?.(url.hostname);
  const requestOptions: https.RequestOptions = {
    method: 'GET',
    host: override?.address ?? url.hostname,
    port: override?.port ?? (url.port === '' ? (secure ? 443 : 80) : Number(url.port)),
    path: `${url.pathname}${url.search}`,
    headers: {
      Host: url.host,
      'User-Agent': PROBE_USER_AGENT,
      Accept: 'application/scim+json',
      [SELF_PROBE_HEADER]: options.marker,
    },
    timeout: options.timeoutMs ?? 10_000,
    // SNI names a host; for an IP address (your own URL may be one) TLS sends none, and Node warns (DEP0123) if asked to.
    ...(secure && isIP(url.hostname.replace(/^\[|\]$/g, '')) === 0 ? { servername: url.hostname } : {}),
  };
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(requestOptions, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < MAX_BODY) body += chunk;
      });
      response.on('end', () => {
        const echoed = response.headers[SELF_PROBE_HEADER];
        const server = response.headers.server;
        resolve({
          status: response.statusCode ?? 0,
          echoed: Array.isArray(echoed) ? echoed[0] : echoed,
          server: typeof server === 'string' ? server : undefined,
          body,
        });
      });
      response.on('error', reject);
    });
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s`)),
    );
    request.on('error', reject);
    request.end();
  });
}
