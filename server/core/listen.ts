import { rm } from 'node:fs/promises';
import type { Server } from 'node:http';
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

/** Listens on a Unix socket, replacing a stale one (the data-folder lock already proved nobody owns it). */
export async function listenSocket(app: Express, socketPath: string): Promise<Server> {
  await rm(socketPath, { force: true });
  return new Promise((resolve, reject) => {
    const server = app.listen(socketPath);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
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
