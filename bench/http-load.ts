import http from 'node:http';

/** One request the load generator sends; `check` throws when the answer is wrong (every response is checked). */
export interface LoadRequest {
  method: string;
  path: string;
  body?: unknown;
  check: (status: number, body: any) => void;
}

export interface PhaseResult {
  name: string;
  operations: number;
  seconds: number;
  /** Operations / seconds over the whole phase. */
  overallOpsPerSecond: number;
  /** The median of the throughputs of five consecutive fifths of the phase: what the reference figures
   * are (medians), and steadier than the overall figure when the two shared cores see a burst of other work. */
  opsPerSecond: number;
  p50ms: number;
  p99ms: number;
  /** Every operation's latency, ms. */
  latencies: Float64Array;
  /** Requests answered 503 (the server's bound on a slow database) and sent again, as an IdP retries them. */
  unavailable: number;
}

const SLICES = 5;

/** What a phase sends its requests through: one server, or several behind one interface. */
export interface RequestSender {
  send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** A keep-alive HTTP client with a fixed number of sockets, like 16 provisioning workers. */
export class LoadClient implements RequestSender {
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: URL,
    private readonly headers: Record<string, string>,
    concurrency: number,
  ) {
    // A socket idle for 4 s is closed by the client, before the server's 5 s keep-alive timeout closes it: a
    // request sent on a socket the server is closing at that moment fails with "socket hang up" (with two
    // nodes behind the spread client, sockets sit idle long enough for that to happen during a phase).
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, timeout: 4_000 });
  }

  send(method: string, path: string, body?: unknown, retried = false): Promise<{ status: number; body: any }> {
    // A string body is sent as is: phases may serialise large bodies before the clock starts.
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          host: this.baseUrl.hostname,
          port: this.baseUrl.port,
          method,
          path: this.baseUrl.pathname.replace(/\/$/, '') + path,
          headers: { ...this.headers, ...(payload ? { 'Content-Length': Buffer.byteLength(payload) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
          });
          res.on('error', reject);
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed as idle while the request was on its way: a node stalled
        // past its keep-alive timeout (as a million-user node's garbage collection can) closes it, unread,
        // when it wakes, and the kernel answers the unread request with a reset. The server never read it,
        // so it is sent again once on a new socket, as Node's documentation advises (a create that had in
        // fact been processed would come back 409 and fail the phase's check, not pass unseen).
        if (!retried && req.reusedSocket && error.code === 'ECONNRESET') {
          this.send(method, path, body, true).then(resolve, reject);
        } else reject(error);
      });
      req.end(payload);
    });
  }

  close() {
    this.agent.destroy();
  }
}

/** Several nodes as one client, each request to the next node in turn: what a round-robin load balancer does. */
export class SpreadClient implements RequestSender {
  private next = 0;

  constructor(private readonly clients: LoadClient[]) {}

  send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const index = this.next;
    this.next = (this.next + 1) % this.clients.length;
    return this.clients[index]!.send(method, path, body).catch((error: unknown) => {
      throw new Error(`node ${index + 1}: ${(error as Error).message}`, { cause: error });
    });
  }

  close() {
    for (const client of this.clients) client.close();
  }
}

/**
 * Runs `operations` (each a sequence of dependent requests, e.g. lookup then create) with `concurrency`
 * workers, checking every response, and measures throughput and per-operation latency.
 */
export async function runPhase(
  name: string,
  client: RequestSender,
  concurrency: number,
  operations: Array<() => LoadRequest[] | Promise<LoadRequest[]>>,
): Promise<PhaseResult> {
  const latencies = new Float64Array(operations.length);
  const finishedAt = new Float64Array(operations.length);
  let next = 0;
  let unavailable = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < operations.length) {
      const index = next++;
      const t0 = performance.now();
      for (const request of await operations[index]!()) {
        const send = () =>
          client.send(request.method, request.path, request.body).catch((error: unknown) => {
            throw new Error(`${name}: ${request.method} ${request.path}: ${(error as Error).message}`, {
              cause: error,
            });
          });
        // A 503 is the server's answer to a database slower than its bound: Okta and Entra send the request
        // again, and so does the bench (counted, and in the operation's latency), up to five times.
        let response = await send();
        for (let retry = 0; response.status === 503 && retry < 5; retry++) {
          unavailable++;
          response = await send();
        }
        try {
          request.check(response.status, response.body);
        } catch (error) {
          throw new Error(
            `${name}: ${request.method} ${request.path} -> ${response.status} ${JSON.stringify(response.body)?.slice(0, 300)}: ${(error as Error).message}`,
            { cause: error },
          );
        }
      }
      const now = performance.now();
      latencies[index] = now - t0;
      finishedAt[index] = now;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const overall = operations.length / seconds;
  return {
    name,
    operations: operations.length,
    seconds,
    overallOpsPerSecond: overall,
    opsPerSecond: medianSliceRate(started, finishedAt) ?? overall,
    p50ms: pct(0.5),
    p99ms: pct(0.99),
    latencies,
    unavailable,
  };
}

/** Throughput of each fifth of the operations, by completion time; the median of the five. */
function medianSliceRate(started: number, finishedAt: Float64Array): number | undefined {
  const n = finishedAt.length;
  if (n < SLICES * 20) return undefined; // too few operations to slice
  const done = [...finishedAt].sort((a, b) => a - b);
  const rates: number[] = [];
  for (let k = 0; k < SLICES; k++) {
    const from = k === 0 ? started : done[Math.floor((k * n) / SLICES) - 1]!;
    const to = done[Math.floor(((k + 1) * n) / SLICES) - 1]!;
    const count = Math.floor(((k + 1) * n) / SLICES) - Math.floor((k * n) / SLICES);
    rates.push(count / ((to - from) / 1000));
  }
  return rates.sort((a, b) => a - b)[Math.floor(SLICES / 2)];
}

export function expectStatus(expected: number) {
  return (status: number) => {
    if (status !== expected) throw new Error(`expected HTTP ${expected}`);
  };
}
