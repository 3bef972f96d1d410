/** Reaching the endpoint: tunnels and the self-probe (tunnel/ owns the status shapes). */
import type { TunnelProvider } from '../../tunnel/tunnel-types.js';

export type { TunnelPhase, TunnelProbeResult, TunnelProvider, TunnelStatus } from '../../tunnel/tunnel-types.js';

/** `POST /api/tunnel` body: start a provider (stopping the current one), or record the admin's own URL.
 * `url` is required for `custom` (the public base URL, with or without `/scim/v2`); `host` is the
 * localtunnel server (default https://localtunnel.me). Answers TunnelStatus. `DELETE /api/tunnel` stops it. */
export interface TunnelStartRequest {
  provider: TunnelProvider;
  url?: string;
  host?: string;
}

/** `POST /api/tunnel/acknowledge`: "I pasted the current public URL into Okta" (clears `urlChanged`). */
