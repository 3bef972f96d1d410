/**
 * Step 1's controls: how the identity provider reaches this endpoint (built-in localtunnel, cloudflared or
 * ngrok when installed, or the admin's own public URL), the public base URL to paste into it (Okta's Base
 * URL, Entra's Tenant URL), the self-probe, and the warnings that matter there (not HTTPS; the URL changed).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type {
  ProfileWords,
  TunnelProbeResult,
  TunnelProvider,
  TunnelStartRequest,
  TunnelStatus,
} from '../../../../server/admin/contract';
import { call, get } from '../../api/client';
import { CopyButton } from '../../components/copy-button';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { ServerText, When } from '../../components/when';
import { useApi } from '../../hooks/use-api';

const PROVIDER_LABELS: Record<TunnelProvider, string> = {
  localtunnel: 'localtunnel (built in)',
  cloudflared: 'Cloudflare quick tunnel (cloudflared)',
  ngrok: 'ngrok',
  custom: 'your own URL',
};

const STARTABLE: readonly TunnelProvider[] = ['localtunnel', 'cloudflared', 'ngrok'];

/** While a tunnel starts or reconnects, its status changes without any SCIM traffic: poll it. */
const POLL_MS = 1000;

const PHASE_LABELS: Record<TunnelStatus['phase'], string> = {
  off: 'Off',
  starting: 'Starting…',
  running: 'Running',
  reconnecting: 'Reconnecting…',
  failed: 'Failed',
};

/** The self-probe of the URL shown now (a probe of an earlier URL says nothing about it). */
function currentProbe(status: TunnelStatus): TunnelProbeResult | null {
  const probe = status.probe;
  return probe && status.publicScimUrl && probe.url?.startsWith(status.publicScimUrl) ? probe : null;
}

/**
 * The badge beside "Reached through": a running tunnel or a URL of your own is only green once the self-probe
 * found this endpoint behind it; until then it says it is unverified, and a failed probe shows as failed.
 */
export function reachBadge(status: TunnelStatus): { label: string; tone: string } {
  const phase = status.phase;
  if (phase !== 'running')
    return {
      label: PHASE_LABELS[phase],
      tone: phase === 'failed' ? 'badge-failed' : phase === 'off' ? '' : 'badge-waiting',
    };
  const running = status.provider === 'custom' ? 'Set' : 'Running';
  const probe = currentProbe(status);
  if (!probe) return { label: `${running}, not probed yet`, tone: 'badge-waiting' };
  if (probe.outcome === 'ok') return { label: `${running}, reaches this endpoint`, tone: 'badge-done' };
  if (probe.outcome === 'not-https') return { label: `${running}, not HTTPS`, tone: 'badge-waiting' };
  return { label: `${running}, the self-probe failed`, tone: 'badge-failed' };
}

export function ProbeResult({ probe, words }: { probe: TunnelProbeResult; words: ProfileWords }) {
  const tone = probe.outcome === 'ok' ? 'success' : probe.outcome === 'not-https' ? 'warning' : 'error';
  const headline: Record<TunnelProbeResult['outcome'], string> = {
    ok: 'The public URL reaches this endpoint.',
    'not-https': `The public URL reaches this endpoint, but not over HTTPS: ${words.short} will refuse it.`,
    unreachable: 'The self-probe could not reach the public URL.',
    'someone-else': 'Something else answered the public URL.',
    'no-public-url': 'There is no public URL to probe yet.',
  };
  return (
    <Notice tone={tone} testId="probe-result">
      <strong>{headline[probe.outcome]}</strong> <ServerText text={probe.message} />
      <span className="muted small">
        {' '}
        ({probe.url ?? 'no URL'}
        {probe.status !== null && <>, HTTP {probe.status}</>}, <When iso={probe.at} />)
      </span>
    </Notice>
  );
}

export function EndpointPanel({
  revision,
  onChanged,
  words,
}: {
  revision: number;
  onChanged(): void;
  words: ProfileWords;
}) {
  const [tick, setTick] = useState(0);
  const tunnel = useApi((signal) => get('GET /api/tunnel', { signal }), [revision, tick]);
  const status = useApi((signal) => get('GET /api/status', { signal }), [revision]);
  const [ownUrl, setOwnUrl] = useState('');
  const [host, setHost] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const data = tunnel.data;

  const settling = data?.phase === 'starting' || data?.phase === 'reconnecting';
  useEffect(() => {
    if (!settling) return;
    const timer = window.setInterval(() => setTick((t) => t + 1), POLL_MS);
    return () => window.clearInterval(timer);
  }, [settling]);

  const act = async (what: string, action: () => Promise<unknown>) => {
    setBusy(what);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
      setTick((t) => t + 1);
      onChanged();
    }
  };
  const start = (body: TunnelStartRequest) => act(`start-${body.provider}`, () => call('POST /api/tunnel', { body }));
  const submitOwn = (event: FormEvent) => {
    event.preventDefault();
    void start({ provider: 'custom', url: ownUrl.trim() });
  };

  if (tunnel.error && !data) return <ErrorMessage error={tunnel.error} />;
  if (!data) return <Loading />;
  const active = data.provider !== null && data.phase !== 'off';
  const badge = reachBadge(data);
  // Said once: the probe result says it too once it has run.
  const notHttps =
    data.publicUrl !== null && !data.publicUrl.startsWith('https://') && data.probe?.outcome !== 'not-https';

  return (
    <div className="wizard-panel endpoint-panel" data-testid="endpoint-panel">
      <dl className="facts">
        <dt>Local base URL</dt>
        <dd className="copy-line">
          {status.data ? (
            <>
              <code>{status.data.scimUrl}</code>
              <CopyButton text={status.data.scimUrl} what="local SCIM base URL" />
              <span className="muted small">this machine only</span>
            </>
          ) : (
            <span className="muted">…</span>
          )}
        </dd>
        <dt>Reached through</dt>
        <dd>
          {active ? PROVIDER_LABELS[data.provider ?? 'custom'] : 'nothing yet'}{' '}
          <span className={`badge ${badge.tone}`} data-testid="tunnel-phase" data-phase={data.phase}>
            {badge.label}
          </span>
        </dd>
        <dt>
          {words.urlField} for {words.short}
        </dt>
        <dd className="copy-line">
          {data.publicScimUrl ? (
            <>
              <code data-testid="public-scim-url">{data.publicScimUrl}</code>
              <CopyButton text={data.publicScimUrl} what="public SCIM base URL" testId="copy-public-scim-url" />
            </>
          ) : (
            <span className="muted">none yet</span>
          )}
        </dd>
      </dl>

      {data.error && (
        <Notice tone="error" testId="tunnel-error">
          <strong>The tunnel failed.</strong> {data.error}
        </Notice>
      )}
      {notHttps && (
        <Notice tone="warning" testId="warning-not-https">
          <strong>Not HTTPS.</strong> {words.short} only calls https:// URLs. Use a tunnel, or put an HTTPS reverse
          proxy in front of this endpoint.
        </Notice>
      )}
      {data.urlChanged && (
        <Notice tone="warning" testId="warning-url-changed">
          <strong>
            URL changed: update {words.short}'s {words.urlField}.
          </strong>{' '}
          {words.short} calls {data.oktaBaseUrl ? <code>{data.oktaBaseUrl}</code> : 'an older URL'}; the endpoint is now
          at <code>{data.publicScimUrl}</code>. In {words.short}: {words.integrationPath} → {words.urlField}, then{' '}
          {words.connectorTest} and Save.{' '}
          <button
            type="button"
            className="button-small"
            disabled={busy !== null}
            onClick={() => void act('ack', () => call('POST /api/tunnel/acknowledge', {}))}
          >
            I updated {words.short}'s {words.urlField}
          </button>
        </Notice>
      )}

      <div className="toolbar" role="group" aria-label="Start a tunnel">
        {STARTABLE.map((provider) => {
          const available = data.available.includes(provider);
          const running = data.provider === provider && active;
          return (
            <button
              key={provider}
              type="button"
              className={provider === 'localtunnel' && !active ? 'button-primary' : undefined}
              disabled={!available || busy !== null || running}
              title={available ? undefined : `${provider} is not installed on this machine`}
              onClick={() =>
                void start(
                  provider === 'localtunnel' && host.trim() !== '' ? { provider, host: host.trim() } : { provider },
                )
              }
              data-testid={`start-${provider}`}
            >
              {running ? `${PROVIDER_LABELS[provider]} is on` : `Start ${PROVIDER_LABELS[provider]}`}
            </button>
          );
        })}
        {active && (
          <button
            type="button"
            className="button-danger"
            disabled={busy !== null}
            onClick={() => void act('stop', () => call('DELETE /api/tunnel', {}))}
            data-testid="stop-tunnel"
          >
            Stop
          </button>
        )}
      </div>
      {STARTABLE.some((p) => !data.available.includes(p)) && (
        <p className="muted small">
          Not found on this machine: {STARTABLE.filter((p) => !data.available.includes(p)).join(', ')}. Install one and
          restart SCIM Desk to use it.
        </p>
      )}

      <form className="inline-form" aria-label="Use your own public URL" onSubmit={submitOwn}>
        <label className="grow">
          <span>Or your own public URL (reverse proxy, corporate ingress)</span>
          <input
            type="url"
            value={ownUrl}
            required
            placeholder="https://scim.example.com"
            onChange={(e) => setOwnUrl(e.target.value)}
            data-testid="own-url"
          />
        </label>
        <button type="submit" disabled={busy !== null} data-testid="use-own-url">
          Use this URL
        </button>
      </form>
      <details className="small">
        <summary>localtunnel server</summary>
        <label>
          <span>Server (default https://localtunnel.me)</span>
          <input
            type="url"
            value={host}
            placeholder="https://localtunnel.me"
            onChange={(e) => setHost(e.target.value)}
          />
        </label>
      </details>

      <div className="toolbar">
        <button
          type="button"
          disabled={busy !== null || data.publicScimUrl === null}
          onClick={() => void act('probe', () => call('POST /api/tunnel/probe', {}))}
          data-testid="run-probe"
        >
          {busy === 'probe' ? 'Probing…' : 'Run the self-probe'}
        </button>
      </div>
      {data.probe && <ProbeResult probe={data.probe} words={words} />}
      <ErrorMessage error={error} />
    </div>
  );
}
