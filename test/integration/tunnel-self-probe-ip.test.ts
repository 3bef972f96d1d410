/**
 * The self-probe against a public URL whose host is an IP address (an admin's own reverse proxy can be one):
 * TLS Server Name Indication carries host names only, and Node prints a DEP0123 warning on stderr when a
 * client asks to send an IP address in it. Runs the probe in a real child process, because Node prints each
 * deprecation warning once per process, and checks that process's stderr.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

/** Probes `https://<host>:<port>` where a plain HTTP server listens, so TLS starts and then fails. */
function probeInChild(host: string): { status: number | null; stdout: string; stderr: string } {
  const script = `
    import http from 'node:http';
    import { probePublicUrl } from './server/tunnel/self-probe.ts';
    const server = http.createServer((_request, response) => response.end('plain http'));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;
    const resolve = () => ({ address: '127.0.0.1', port });
    const result = await probePublicUrl('https://${host}:' + port + '/scim/v2', { marker: 'marker', timeoutMs: 10000, resolve });
    server.close();
    console.log(JSON.stringify({ outcome: result.outcome, url: result.url }));
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('self-probe TLS server name', { timeout: 90_000 }, () => {
  it('probes an IP host without the DEP0123 warning', () => {
    const run = probeInChild('127.0.0.1');
    expect(run.status).toBe(0);
    // The probe really ran over TLS against that IP host (and failed, as plain HTTP answered).
    expect(JSON.parse(run.stdout.trim())).toMatchObject({
      outcome: 'unreachable',
      url: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/scim\/v2\/ServiceProviderConfig$/),
    });
    expect(run.stderr).not.toMatch(/DEP0123|DeprecationWarning/);
  });

  it('still probes a named host with its name', () => {
    const run = probeInChild('scim.example.test');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ outcome: 'unreachable' });
    expect(run.stderr).not.toMatch(/DeprecationWarning/);
  });
});
