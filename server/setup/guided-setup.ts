/**
 * The guided setup's live parts for one running SCIM Desk: the tunnel and the rehearsal (Okta or Entra). Created by
 * the server core once the SCIM listener listens; absent in the CLI's offline admin API (no listener to
 * tunnel or rehearse against).
 */
import { RehearsalRunner } from '../rehearsal/rehearsal-runner.js';
import type { ProbeResolver } from '../tunnel/self-probe.js';
import { tunnelPidFile } from '../tunnel/orphan-reaper.js';
import { TunnelManager } from '../tunnel/tunnel-manager.js';
import { currentProfile, gatherSetupFacts, type SetupServices } from './gather-facts.js';
import type { SetupFacts } from './setup-facts.js';

export interface GuidedSetupOptions {
  /** Where to connect for a public host name (tests on loopback). */
  resolve?: ProbeResolver;
  /** PATH searched for cloudflared and ngrok. */
  searchPath?: string;
  reconnectDelayMs?: number;
}

export interface GuidedSetup {
  tunnel: TunnelManager;
  rehearsal: RehearsalRunner;
  facts(): Promise<SetupFacts>;
  close(): Promise<void>;
}

export function createGuidedSetup(
  services: SetupServices,
  listener: { scimUrl: () => string; scimPort: () => number; scimHost: string },
  options: GuidedSetupOptions = {},
): GuidedSetup {
  const tunnel = new TunnelManager({
    store: services.store,
    documents: services.documents,
    activity: services.activity,
    scimPort: listener.scimPort,
    scimHost: listener.scimHost,
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.searchPath ? { searchPath: options.searchPath } : {}),
    tunnelPidFile: tunnelPidFile(services.dataDir),
    ...(options.reconnectDelayMs !== undefined ? { reconnectDelayMs: options.reconnectDelayMs } : {}),
  });
  const rehearsal = new RehearsalRunner({
    store: services.store,
    tokens: services.tokens,
    activity: services.activity,
    scimUrl: listener.scimUrl,
    currentProfile: () => currentProfile(services.documents),
  });
  return {
    tunnel,
    rehearsal,
    facts: () => {
      const status = tunnel.status();
      return gatherSetupFacts(services, {
        publicScimUrl: status.publicScimUrl,
        probe: status.probe,
        urlChanged: status.urlChanged,
        oktaBaseUrl: status.oktaBaseUrl,
      });
    },
    async close() {
      await rehearsal.close();
      await tunnel.close();
    },
  };
}
