/**
 * A real webhook receiver on 127.0.0.1: every request is verified with the `standardwebhooks` package, as a
 * consumer of SCIM Desk's webhooks would, and kept in arrival order. `mode` makes it answer 503 (down),
 * never answer (hang), or redirect; `close()` and `listen()` again take it off the port and back.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedEvent {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, any>;
  headers: Record<string, string>;
}

export type ReceiverMode = 'ok' | 'down' | 'hang' | 'redirect';

export class WebhookReceiver {
  readonly received: ReceivedEvent[] = [];
  /** Requests whose signature did not verify (must stay empty). */
  readonly rejected: string[] = [];
  mode: ReceiverMode = 'ok';
  secret = '';
  private server: Server | undefined;
  private hanging: ServerResponse[] = [];
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async listen(port = this.port): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging = [];
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests held open, unanswered, in `hang` mode. */
  get held(): number {
    return this.hanging.length;
  }

  /** Distinct event ids received, in first-arrival order. */
  ids(): string[] {
    return [...new Set(this.received.map((e) => e.id))];
  }

  async waitFor(predicate: (received: readonly ReceivedEvent[]) => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      if (Date.now() > deadline)
        throw new Error(
          `receiver: condition not met in ${timeoutMs} ms; got ${this.received.map((e) => e.type).join(', ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (this.mode === 'hang') {
      this.hanging.push(res);
      return;
    }
    if (this.mode === 'down') {
      res.writeHead(503).end('down for maintenance');
      return;
    }
    if (this.mode === 'redirect') {
      res.writeHead(307, { Location: 'http://127.0.0.1:9/elsewhere' }).end();
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    try {
      const event = new Webhook(this.secret).verify(body, headers) as Omit<ReceivedEvent, 'headers'>;
      this.received.push({ ...event, headers });
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
    } catch (error) {
      this.rejected.push(`${(error as Error).message}: ${body.slice(0, 80)}`);
      res.writeHead(400).end('bad signature');
    }
  }
}
