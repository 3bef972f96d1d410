// The ceiling for the SCIM benchmark: a bare Express app answering every request with a fixed small JSON body.
import express from 'express';

const body = JSON.stringify({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
  totalResults: 0,
  Resources: [],
});
const app = express();
app.disable('x-powered-by');
app.use((_req, res) => {
  res.setHeader('Content-Type', 'application/scim+json');
  res.end(body);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
