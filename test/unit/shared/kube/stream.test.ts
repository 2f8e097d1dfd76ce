import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectionError, KubeClient } from '../../../../shared/kube/rest.js';
import { streamBody } from '../../../../shared/kube/stream.js';

describe('streamBody failures', () => {
  let server: Server;
  let base: string;

  before(async () => {
    // Sends the headers and part of a body, then cuts the connection.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"kind":"PodList","items":[', () => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('should say which server could not be reached when no connection was made', async () => {
    const client = new KubeClient({ server: 'http://127.0.0.1:1', tls: {}, headers: {} });
    await assert.rejects(
      streamBody(client, '/api/v1/pods', () => undefined, { what: 'the list request' }),
      (err: unknown) => err instanceof ConnectionError && /^unable to connect to the server http:\/\/127\.0\.0\.1:1: /.test(err.message),
    );
  });

  it('should say the stream broke off when the server answered and then cut the connection', async () => {
    const client = new KubeClient({ server: base, tls: {}, headers: {} });
    const chunks: string[] = [];
    await assert.rejects(
      streamBody(client, '/api/v1/pods', (c) => chunks.push(c.toString('utf8')), { what: 'the list request' }),
      (err: unknown) => err instanceof ConnectionError && err.message.startsWith(`the list request to the server ${base} failed: `),
    );
    assert.equal(chunks.join(''), '{"kind":"PodList","items":[');
  });
});
