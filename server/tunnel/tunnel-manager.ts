/**
 * Owns how Okta reaches the SCIM listener: one provider at a time (the built-in localtunnel client,
 * cloudflared or ngrok from PATH, or the admin's own URL), reconnection, the self-probe, and the public
 * base URL that tunnelled requests see in `Location` and `meta.location`. Only the SCIM listener's port
 * is ever tunnelled; the admin listener is not reachable this way.
 */
import { randomBytes } from 'node:crypto';
import type { TunnelProbeResult, TunnelProvider, TunnelStatus } from './tunnel-types.js';
import type { ActivityInput } from '../activity/types.js';
import { SCIM_BASE_PATH } from '../scim/endpoint.js';
import type { DirectoryStore, DocumentReader } from '../store/directory-store.js';
import { writeDocs } from '../store/doc-ops.js';
import { findExecutable } from './find-executable.js';
import { openLocaltunnel } from './localtunnel-provider.js';
import { openProcessTunnel } from './process-provider.js';
import { probePublicUrl, type ProbeResolver } from './self-probe.js';
import type { TunnelHandle } from './tunnel-handle.js';
import { readTunnelSettings, tunnelSettingsOp } from './tunnel-settings.js';

export interface TunnelManagerOptions {
  store: DirectoryStore;
  /** The tunnel settings as this node keeps them. */
  documents: DocumentReader;
  /** Where tunnel events go (URL changes, reconnections): the activity log. */
  activity?: { append(input: ActivityInput): unknown };
  /** The SCIM listener's port and address (known after listen). */
  scimPort: () => number;
  scimHost: string;
  /** Tests on loopback: where to connect for a public host name. */
  resolve?: ProbeResolver;
  /** PATH searched for cloudflared and ngrok (default: this process's). */
  searchPath?: string;
  /** Where a spawned tunnel's pid is recorded for the next start to reap (orphan-reaper.ts). */
  tunnelPidFile?: string;
  /** First reconnection delay; doubles up to 30 s (default 1 s). */
  reconnectDelayMs?: number;
  now?: () => Date;
}

export type TunnelRequest =
  | { provider: 'localtunnel'; host?: string; subdomain?: string }
  | { provider: 'cloudflared' | 'ngrok' }
  | { provider: 'custom'; url: string };

export class TunnelError extends Error {
  constructor(
    readonly code: 'invalid' | 'unavailable' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'TunnelError';
  }
}

const MAX_RECONNECT_DELAY_MS = 30_000;
const MARKER_TTL_MS = 60_000;

export class TunnelManager {
  private provider: TunnelProvider | null = null;
  private phase: TunnelStatus['phase'] = 'off';
  private handle: TunnelHandle | undefined;
  private publicUrl: string | null = null;
  private scimUrl: string | null = null;
  private error: string | null = null;
  private lastProbe: TunnelProbeResult | null = null;
  private request: TunnelRequest | undefined;
  private generation = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly markers = new Map<string, number>();
  /** The public SCIM URL being recorded as the one the identity provider calls (a write in flight). */
  private recordingCalled: string | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: TunnelManagerOptions) {
    this.now = options.now ?? (() => new Date());
    const saved = readTunnelSettings(options.documents);
    if (saved.customScimUrl) this.useCustom(saved.customScimUrl);
  }

  status(): TunnelStatus {
    const { oktaBaseUrl } = readTunnelSettings(this.options.documents);
    return {
      provider: this.provider,
      phase: this.phase,
      publicUrl: this.publicUrl,
      publicScimUrl: this.scimUrl,
      available: this.availableProviders(),
      oktaBaseUrl,
      urlChanged: this.scimUrl !== null && oktaBaseUrl !== null && oktaBaseUrl !== this.scimUrl,
      error: this.error,
      probe: this.lastProbe,
    };
  }

  /** The public SCIM base URL (`.../scim/v2`) while one is known. */
  get publicScimUrl(): string | null {
    return this.scimUrl;
  }

  availableProviders(): TunnelProvider[] {
    const found: TunnelProvider[] = ['localtunnel'];
    for (const name of ['cloudflared', 'ngrok'] as const)
      if (findExecutable(name, this.options.searchPath ?? process.env.PATH)) found.push(name);
    found.push('custom');
    return found;
  }

  /** Starts a provider (stopping the current one) and resolves once its public URL is known. */
  async start(request: TunnelRequest): Promise<TunnelStatus> {
    // Refuse a bad request before stopping what runs.
    const customUrl = request.provider === 'custom' ? normaliseScimUrl(request.url) : undefined;
    if (request.provider === 'custom' && !customUrl) {
      throw new TunnelError('invalid', 'The public URL must be an http(s) URL, e.g. https://scim.example.com/scim/v2.');
    }
    if (
      (request.provider === 'cloudflared' || request.provider === 'ngrok') &&
      !this.availableProviders().includes(request.provider)
    ) {
      throw new TunnelError(
        'unavailable',
        `${request.provider} was not found on PATH: install it, or use the built-in tunnel.`,
      );
    }
    await this.stop();
    if (customUrl) {
      const scimUrl = customUrl;
      await this.saveSettings({ customScimUrl: scimUrl });
      this.useCustom(scimUrl);
      await this.noteUrl(scimUrl);
      return this.status();
    }
    await this.saveSettings({ customScimUrl: null });
    this.request = request;
    this.provider = request.provider;
    this.phase = 'starting';
    const generation = ++this.generation;
    try {
      await this.open(generation);
    } catch (error) {
      if (generation === this.generation) {
        this.phase = 'failed';
        this.error = messageOf(error);
      }
      throw new TunnelError('failed', `The ${request.provider} tunnel did not start: ${messageOf(error)}`);
    }
    return this.status();
  }

  /** Stops the tunnel (and forgets a pasted URL). */
  async stop(): Promise<TunnelStatus> {
    this.generation += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const handle = this.handle;
    this.handle = undefined;
    this.request = undefined;
    if (this.provider === 'custom') await this.saveSettings({ customScimUrl: null });
    this.provider = null;
    this.phase = 'off';
    this.publicUrl = null;
    this.scimUrl = null;
    this.error = null;
    this.lastProbe = null;
    await handle?.close().catch(() => {});
    return this.status();
  }

  /** "I pasted the current public URL into the identity provider." */
  async acknowledge(): Promise<TunnelStatus> {
    if (this.scimUrl) await this.saveSettings({ oktaBaseUrl: this.scimUrl });
    return this.status();
  }

  async probe(): Promise<TunnelProbeResult> {
    if (!this.scimUrl) {
      this.lastProbe = {
        outcome: 'no-public-url',
        reachedThisEndpoint: false,
        url: null,
        status: null,
        message: 'There is no public URL to probe: start a tunnel or paste your own URL.',
        at: this.now().toISOString(),
      };
      return this.lastProbe;
    }
    const marker = randomBytes(16).toString('hex');
    this.markers.set(marker, this.now().getTime() + MARKER_TTL_MS);
    try {
      this.lastProbe = await probePublicUrl(this.scimUrl, {
        marker,
        now: this.now,
        ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
      });
    } finally {
      this.markers.delete(marker);
    }
    return this.lastProbe;
  }

  /** The SCIM listener's hook: is this probe marker one we sent? */
  isProbeMarker(marker: string): boolean {
    const expires = this.markers.get(marker);
    return expires !== undefined && expires >= this.now().getTime();
  }

  /**
   * The SCIM listener's hook: the public base URL for a request that came through the tunnel. An authenticated
   * request that did is the identity provider calling this URL: from then on it is the URL it has, and a later
   * public URL is flagged as one it must be given.
   */
  publicBaseFor(arrivedAs: {
    host: string | undefined;
    forwardedHost: string | undefined;
    authenticated?: boolean;
  }): string | undefined {
    if (!this.publicUrl || !this.scimUrl) return undefined;
    const publicHost = new URL(this.publicUrl).host.toLowerCase();
    const hosts = [arrivedAs.forwardedHost, arrivedAs.host].map((h) => h?.split(',')[0]?.trim().toLowerCase());
    if (!hosts.includes(publicHost)) return undefined;
    if (arrivedAs.authenticated) this.noteCalled(this.scimUrl);
    return this.scimUrl;
  }

  async close(): Promise<void> {
    this.generation += 1;
    clearTimeout(this.reconnectTimer);
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => {});
  }

  private useCustom(scimUrl: string) {
    this.provider = 'custom';
    this.phase = 'running';
    this.scimUrl = scimUrl;
    this.publicUrl = scimUrl.slice(0, -SCIM_BASE_PATH.length);
    this.error = null;
  }

  private async open(generation: number): Promise<void> {
    const request = this.request;
    if (!request || request.provider === 'custom') return;
    const port = this.options.scimPort();
    const localHost =
      this.options.scimHost === '0.0.0.0' || this.options.scimHost === '::' ? '127.0.0.1' : this.options.scimHost;
    const handle =
      request.provider === 'localtunnel'
        ? await openLocaltunnel({
            port,
            localHost,
            ...(request.host ? { host: request.host } : {}),
            ...(request.subdomain ? { subdomain: request.subdomain } : {}),
          })
        : await openProcessTunnel({
            provider: request.provider,
            port,
            localHost,
            ...(this.options.searchPath ? { searchPath: this.options.searchPath } : {}),
            ...(this.options.tunnelPidFile ? { pidFile: this.options.tunnelPidFile } : {}),
          });
    if (generation !== this.generation) {
      await handle.close();
      return;
    }
    this.handle = handle;
    this.phase = 'running';
    this.error = null;
    this.publicUrl = handle.url;
    this.scimUrl = `${handle.url}${SCIM_BASE_PATH}`;
    this.lastProbe = null;
    handle.onLost((reason) => this.reconnect(generation, reason, this.options.reconnectDelayMs ?? 1000));
    await this.noteUrl(this.scimUrl);
  }

  private reconnect(generation: number, reason: string, delayMs: number) {
    if (generation !== this.generation) return;
    const lost = this.handle;
    this.handle = undefined;
    void lost?.close().catch(() => {});
    this.phase = 'reconnecting';
    this.error = `${reason}; reconnecting`;
    this.log('tunnel.reconnecting', `The ${this.provider} tunnel was lost (${reason}); reconnecting.`);
    this.reconnectTimer = setTimeout(() => {
      this.open(generation).catch((error: unknown) => {
        if (generation !== this.generation) return;
        this.error = `${messageOf(error)}; retrying`;
        this.reconnect(generation, messageOf(error), Math.min(delayMs * 2, MAX_RECONNECT_DELAY_MS));
      });
    }, delayMs);
    this.reconnectTimer.unref();
  }

  /**
   * A new public URL. Only a URL the identity provider is known to call (its requests came through it, or the
   * admin said they gave it) makes a later one a change: a URL typed twice before anything called it is not.
   */
  private async noteUrl(scimUrl: string) {
    const { oktaBaseUrl } = readTunnelSettings(this.options.documents);
    if (oktaBaseUrl !== null && oktaBaseUrl !== scimUrl) {
      this.log(
        'tunnel.url_changed',
        `The public SCIM URL is now ${scimUrl}; the identity provider still calls ${oktaBaseUrl}: give it the new URL.`,
      );
    }
  }

  /** Records the URL the identity provider called, once (the hook runs on every tunnelled request). */
  private noteCalled(scimUrl: string) {
    if (this.recordingCalled === scimUrl || readTunnelSettings(this.options.documents).oktaBaseUrl === scimUrl) return;
    this.recordingCalled = scimUrl;
    this.saveSettings({ oktaBaseUrl: scimUrl })
      .catch((error: unknown) =>
        this.log(
          'tunnel.record_failed',
          `Could not record that the identity provider calls ${scimUrl}: ${messageOf(error)}`,
        ),
      )
      .finally(() => {
        if (this.recordingCalled === scimUrl) this.recordingCalled = null;
      });
  }

  private async saveSettings(change: Partial<ReturnType<typeof readTunnelSettings>>) {
    await writeDocs(this.options.store, [
      tunnelSettingsOp({ ...readTunnelSettings(this.options.documents), ...change }),
    ]);
  }

  private log(action: string, message: string) {
    this.options.activity?.append({ kind: 'admin', action, message });
  }
}

/** `https://x.example`, `https://x.example/`, `https://x.example/scim/v2/` → `https://x.example/scim/v2`. */
export function normaliseScimUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  const base = path.toLowerCase().endsWith(SCIM_BASE_PATH) ? path.slice(0, -SCIM_BASE_PATH.length) : path;
  return `${url.origin}${base}${SCIM_BASE_PATH}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
