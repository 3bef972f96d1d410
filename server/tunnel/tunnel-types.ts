/** How the tunnel reports itself (`GET /api/tunnel`, the self-probe). Types only; the admin contract re-exports them. */

export type TunnelProvider = 'localtunnel' | 'cloudflared' | 'ngrok' | 'custom';

export type TunnelPhase = 'off' | 'starting' | 'running' | 'reconnecting' | 'failed';

/** `GET /api/tunnel`. */
export interface TunnelStatus {
  provider: TunnelProvider | null;
  phase: TunnelPhase;
  /** Public origin, e.g. `https://abc.loca.lt`; null until known. */
  publicUrl: string | null;
  /** `<publicUrl>/scim/v2`: what to paste into Okta as the base URL. */
  publicScimUrl: string | null;
  /** Providers whose executable was found on PATH (localtunnel and custom are always available). */
  available: TunnelProvider[];
  /** The public SCIM URL the identity provider is known to call: its authenticated requests came through it,
   * or the admin acknowledged giving it. null until then (a URL only typed here was given to nobody). */
  oktaBaseUrl: string | null;
  /** The public URL is another than the one the identity provider calls: it must be given the new one. */
  urlChanged: boolean;
  /** The last failure (provider exit, connection error), in plain words. */
  error: string | null;
  probe: TunnelProbeResult | null;
}

/** `POST /api/tunnel/probe` → the self-probe over the public URL (also kept in TunnelStatus.probe). */
export interface TunnelProbeResult {
  outcome: 'ok' | 'not-https' | 'unreachable' | 'someone-else' | 'no-public-url';
  /** ok and not-https: the request came back to this endpoint. */
  reachedThisEndpoint: boolean;
  url: string | null;
  status: number | null;
  message: string;
  at: string;
}
