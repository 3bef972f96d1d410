/**
 * A TCP proxy on 127.0.0.1 in front of a real server, for network faults: `pass` forwards, `blackhole` cuts
 * every open connection and then accepts new ones but forwards nothing (a host gone silent: the dangerous
 * case, where only a deadline ends a wait), `refuse` cuts everything and refuses new connections (a server
 * that is down), `freeze` keeps every open connection open but forwards nothing more on it, either way, and
 * accepts new ones like `blackhole` (a network partition: nobody closes anything, nothing arrives).
 */
import { createServer, connect, type Server, type Socket, type AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'blackhole' | 'refuse' | 'freeze';

export interface TcpFaultProxy {
  port: number;
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpFaultProxy(targetHost: string, targetPort: number): Promise<TcpFaultProxy> {
  let mode: ProxyMode = 'pass';
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'blackhole' || mode === 'freeze') {
      client.on('data', () => undefined); // read and drop
      return;
    }
    const upstream = connect(targetPort, targetHost);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on('close', () => pairs.delete(pair));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  let server: Server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const cutAll = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    async setMode(next) {
      if (next === 'freeze') {
        for (const [client, upstream] of pairs) {
          client.unpipe(upstream);
          upstream.unpipe(client);
          client.on('data', () => undefined);
          upstream.on('data', () => undefined);
        }
        mode = next;
        return;
      }
      cutAll();
      if (next === 'refuse' && mode !== 'refuse') await new Promise((resolve) => server.close(resolve));
      if (next !== 'refuse' && mode === 'refuse') {
        server = createServer(onConnection);
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      }
      mode = next;
    },
    async close() {
      cutAll();
      if (mode !== 'refuse') await new Promise((resolve) => server.close(resolve));
    },
  };
}
