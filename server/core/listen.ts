import { createServer, type Server } from 'node:http';
import { listenPrivately } from '../store/private-files.js';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** Starts an HTTP server for `app` on host:port (port 0 = any) and resolves once it is listening. */
export function listenTcp(app: Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/**
 * Listens on a Unix socket only this user can connect to (0600, whatever the umask), replacing a stale one
 * (the data-folder lock already proved nobody owns it). `remove` deletes the socket file once the server is
 * closed (Node cannot: it was bound under another name).
 */
export async function listenSocket(
  app: Express,
  socketPath: string,
): Promise<{ server: Server; remove: () => Promise<void> }> {
  const server = createServer(app);
  const remove = await listenPrivately(server, socketPath);
  return { server, remove };
}

export const portOf = (server: Server) => (server.address() as AddressInfo).port;

/** Stops accepting, lets in-flight requests finish (bounded), then closes idle keep-alive sockets. */
export function closeServer(server: Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
