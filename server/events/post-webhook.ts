/**
 * One webhook delivery attempt over node:http(s) with keep-alive agents: a receiver gets every event as its
 * own POST (Standard Webhooks), so reusing connections matters, and node:http costs the server about half
 * the CPU of fetch per request. Redirects are never followed (node:http does not), the answer is read up
 * to an excerpt and the rest discarded, and an attempt without an answer within `timeoutMs` is destroyed.
 * (A plain timer rather than an AbortSignal: its listeners cost more than the rest of the request.)
 */
import http from 'node:http';
import https from 'node:https';

export interface WebhookAnswer {
  statusCode: number;
  location: string | undefined;
  excerpt: string;
}

// Per endpoint at most `concurrency` (8) attempts are in flight; a few endpoints share these pools.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export interface PostOptions {
  timeoutMs: number;
  excerptLength: number;
  /** Attempts in flight, so that stopping can destroy them. */
  inflight: Set<http.ClientRequest>;
}

export function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<WebhookAnswer> {
  const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
  const send = protocol === 'https:' ? https.request : http.request;
  const { excerptLength } = options;
  return new Promise<WebhookAnswer>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        agent: agents[protocol],
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        let excerpt = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (excerpt.length < excerptLength) excerpt += chunk.slice(0, excerptLength - excerpt.length);
        });
        response.on('end', () =>
          resolve({ statusCode: response.statusCode ?? 0, location: response.headers.location, excerpt }),
        );
        response.on('error', reject);
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    options.inflight.add(request);
    request.on('close', () => {
      clearTimeout(timer);
      options.inflight.delete(request);
    });
    request.on('error', reject);
    request.end(body);
  });
}
