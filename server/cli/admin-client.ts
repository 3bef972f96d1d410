import http from 'node:http';
import { CliError } from './cli-error.js';

/** Where the CLI reaches an admin API: a running server's control socket, or an in-process one. */
export type AdminEndpoint = { socketPath: string } | { port: number; token: string };

export interface AdminResponse<T> {
  status: number;
  body: T;
}

/** A minimal JSON client for the admin API; commands are written once against /api, online or offline. */
export class AdminClient {
  constructor(private readonly endpoint: AdminEndpoint) {}

  request<T>(method: string, path: string, body?: unknown): Promise<AdminResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    const target =
      'socketPath' in this.endpoint
        ? { socketPath: this.endpoint.socketPath }
        : { host: '127.0.0.1', port: this.endpoint.port };
    if ('token' in this.endpoint) {
      headers.Authorization = `Bearer ${this.endpoint.token}`;
      headers.Host = `127.0.0.1:${this.endpoint.port}`;
    }
    return new Promise((resolve, reject) => {
      const req = http.request({ ...target, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : undefined) as T });
          } catch {
            reject(new CliError(`unexpected answer from the SCIM Desk server (HTTP ${res.statusCode})`));
          }
        });
      });
      req.on('error', (error) => reject(new CliError(`cannot reach the running SCIM Desk server: ${error.message}`)));
      req.end(payload);
    });
  }

  /** Like request, but a non-2xx answer becomes a CliError carrying the API's message. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request<T | { error?: { message?: string } }>(method, path, body);
    if (response.status >= 200 && response.status < 300) return response.body as T;
    const message = (response.body as { error?: { message?: string } } | undefined)?.error?.message;
    throw new CliError(message ?? `the server answered HTTP ${response.status}`);
  }
}
