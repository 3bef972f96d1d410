import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lt-server.cjs');

export interface LocaltunnelServer {
  port: number;
  /** The `host` option for the localtunnel client. */
  url: string;
  stop(): Promise<void>;
}

/** Starts test/helpers/lt-server.cjs as a child process (under tsx) and waits until it listens. */
export function startLocaltunnelServer(port = 0): Promise<LocaltunnelServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, LT_PORT: String(port), DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lt-server did not start: ${stderr}`)), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /LT_SERVER_LISTENING (\d+)/.exec(chunk.toString());
      if (!match) return;
      clearTimeout(timer);
      const listening = Number(match[1]);
      resolve({
        port: listening,
        url: `http://127.0.0.1:${listening}`,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lt-server exited with ${code}: ${stderr}`));
    });
  });
}
