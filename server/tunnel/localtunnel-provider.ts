/** The built-in tunnel: the `localtunnel` client against localtunnel.me or the admin's own server. */
import type { TunnelHandle } from './tunnel-handle.js';

export const DEFAULT_LOCALTUNNEL_HOST = 'https://localtunnel.me';

export interface LocaltunnelOptions {
  /** The SCIM listener's port (never the admin listener's). */
  port: number;
  /** The SCIM listener's address. */
  localHost: string;
  /** The localtunnel server, default https://localtunnel.me. */
  host?: string;
  subdomain?: string;
}

export async function openLocaltunnel(options: LocaltunnelOptions): Promise<TunnelHandle> {
  // local_host is left unset on purpose: setting it makes the client rewrite the Host header, and the
  // SCIM listener tells tunnelled requests from local ones by their Host. `localhost` reaches a
  // 127.0.0.1 listener (Node tries both address families).
  // Loaded on first use: the client and its HTTP stack cost ~50 ms of every server start otherwise.
  const { default: localtunnel } = await import('localtunnel');
  const tunnel = await localtunnel({
    port: options.port,
    host: options.host ?? DEFAULT_LOCALTUNNEL_HOST,
    ...(options.subdomain ? { subdomain: options.subdomain } : {}),
    ...(options.localHost !== '127.0.0.1' && options.localHost !== '0.0.0.0' ? { local_host: options.localHost } : {}),
  });
  let closing = false;
  let lost: ((reason: string) => void) | undefined;
  let reported = false;
  const report = (reason: string) => {
    if (closing || reported) return;
    reported = true;
    lost?.(reason);
  };
  tunnel.on('close', () => report('the tunnel closed'));
  // The client retries on its own after a socket error; only a connection refused for good ends it.
  tunnel.on('error', (error: unknown) =>
    report(`the tunnel failed: ${error instanceof Error ? error.message : String(error)}`),
  );
  return {
    url: tunnel.url.replace(/\/+$/, ''),
    onLost(listener) {
      lost = listener;
    },
    async close() {
      closing = true;
      tunnel.close();
    },
  };
}
