/**
 * Reading the public URL from what cloudflared and ngrok print.
 * - cloudflared quick tunnels (`cloudflared tunnel --url http://127.0.0.1:PORT`) log to stderr, in a box:
 *   `INF |  https://random-words-here.trycloudflare.com  |`
 * - ngrok (`ngrok http PORT --log stdout --log-format json`) logs JSON lines; the tunnel's is
 *   `{"lvl":"info","msg":"started tunnel","obj":"tunnels","name":"command_line","addr":"http://localhost:PORT","url":"https://....ngrok-free.app"}`
 */

// Not api.trycloudflare.com, which cloudflared names in its errors ("failed to request quick Tunnel: Post
// \"https://api.trycloudflare.com/tunnel\""), and not a URL with a path.
const TRYCLOUDFLARE = /https:\/\/(?!api\.)[a-z0-9-]+\.trycloudflare\.com(?![\w./-])/i;

export function parseCloudflaredLine(line: string): string | undefined {
  return TRYCLOUDFLARE.exec(line)?.[0];
}

export function parseNgrokLine(line: string): string | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const record = JSON.parse(trimmed) as { msg?: unknown; url?: unknown };
    if (record.msg === 'started tunnel' && typeof record.url === 'string' && /^https?:\/\//.test(record.url))
      return record.url;
  } catch {
    // not a JSON log line
  }
  return undefined;
}

/** An error line worth showing when the process exits before printing a URL. */
export function errorOfLine(line: string): string | undefined {
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const record = JSON.parse(trimmed) as { lvl?: unknown; err?: unknown; msg?: unknown };
      if ((record.lvl === 'eror' || record.lvl === 'crit' || record.lvl === 'error') && typeof record.err === 'string')
        return record.err;
    } catch {
      return undefined;
    }
    return undefined;
  }
  return /\b(ERR|error|failed)\b/i.test(trimmed) ? trimmed.slice(0, 300) : undefined;
}
