/**
 * The webhook receiver for `npm run bench -- --webhook`: a plain node:http server on loopback, in its own
 * process, that answers 204 at once and records, per event, its commit time (the event's timestamp) and its
 * arrival time. It checks each signature with the secret it is given (HMAC-SHA256, as a consumer must), so
 * its cost is a real consumer's. `PUT /secret` sets the secret; `GET /stats` returns every record for the
 * bench to bucket by phase.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';

// The secret exists only once the endpoint is added, after this receiver has its port: PUT /secret sets it.
let key = Buffer.alloc(0);
const records: Array<[committedAt: number, arrivedAt: number]> = [];
let badSignatures = 0;

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ records, badSignatures }));
    return;
  }
  if (req.method === 'PUT' && req.url === '/secret') {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      key = Buffer.from(text.trim().replace(/^whsec_/, ''), 'base64');
      res.statusCode = 204;
      res.end();
    });
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const arrivedAt = Date.now();
    const body = Buffer.concat(chunks).toString('utf8');
    const expected = `v1,${createHmac('sha256', key)
      .update(`${String(req.headers['webhook-id'])}.${String(req.headers['webhook-timestamp'])}.${body}`)
      .digest('base64')}`;
    if (req.headers['webhook-signature'] !== expected) badSignatures++;
    const event = JSON.parse(body) as { timestamp: string };
    records.push([Date.parse(event.timestamp), arrivedAt]);
    res.statusCode = 204;
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
