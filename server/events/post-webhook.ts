/**
 * One webhook delivery attempt over node:http(s) with keep-alive agents: a receiver gets every event as its
 * own POST (Standard Webhooks), so reusing connections matters, and node:http costs the server about half
 * the CPU of fetch per request. Redirects are never followed (node:http does not), the answer is read up
 * to an excerpt and the rest discarded, and `signal` aborts a hanging attempt.
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

export function postWebhook(url: URL, body: string, headers: Record<string, string>, signal: AbortSignal, excerptLength: number): Promise<WebhookAnswer> {
  const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
  const send = protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        agent: agents[protocol],
        signal,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        let excerpt = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (excerpt.length < excerptLength) excerpt += chunk.slice(0, excerptLength - excerpt.length);
        });
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, location: response.headers.location, excerpt }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
