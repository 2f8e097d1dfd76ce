import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { ApiError, KubeClient } from '../../../../shared/kube/rest.js';
import { streamLines } from '../../../../shared/kube/stream.js';
import type { Transport } from '../../../../shared/kube/transport.js';
import { closeAtOnce, listenOnLoopback } from '../../../support/local-http.js';

// A local plain-HTTP server that accepts only the tokens it is told to, as an API server refuses an expired or revoked
// one with 401: what the client sends and when it renews its credential are checked on the wire.
describe('KubeClient credential renewal', () => {
  let server: Server;
  let base = '';
  let accepted = new Set<string>();
  let sent: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const token = (req.headers['authorization'] ?? '').replace(/^Bearer /, '');
      sent.push(`${req.url ?? ''} ${token}`);
      if (!accepted.has(token)) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized', code: 401 }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/watch' ? '{"type":"ADDED"}\n' : JSON.stringify({ token }));
    });
    base = await listenOnLoopback(server);
  });
  after(() => closeAtOnce(server));
  beforeEach(() => {
    accepted = new Set();
    sent = [];
  });

  /** Transports whose credential is token-1, token-2, …; `expiresAt` gives each one's expiry; records every renewal. */
  function renewing(expiresAt: (n: number) => Date | undefined = () => undefined) {
    const renewals: boolean[] = [];
    const transport = (n: number): Transport => ({
      server: base,
      tls: {},
      headers: { authorization: `Bearer token-${n}` },
      renewal: {
        expiresAt: expiresAt(n),
        next: async (refused) => {
          renewals.push(refused);
          await new Promise((r) => setTimeout(r, 5));
          return transport(n + 1);
        },
      },
    });
    return { first: transport(1), renewals };
  }

  it('should renew a refused credential and send the request once more with the new one', async () => {
    accepted.add('token-2');
    const { first, renewals } = renewing();
    const client = new KubeClient(first);
    assert.deepEqual(await client.get('/a'), { token: 'token-2' });
    assert.deepEqual(await client.get('/b'), { token: 'token-2' });
    client.close();
    assert.deepEqual(sent, ['/a token-1', '/a token-2', '/b token-2']);
    assert.deepEqual(renewals, [true], 'renewed once, as refused');
  });

  it('should renew once for concurrent requests refused with the same credential', async () => {
    accepted.add('token-2');
    const { first, renewals } = renewing();
    const client = new KubeClient(first);
    await Promise.all([client.get('/a'), client.get('/b'), client.get('/c')]);
    client.close();
    assert.deepEqual(renewals, [true]);
    assert.deepEqual(sent.filter((s) => s.endsWith('token-2')).sort(), ['/a token-2', '/b token-2', '/c token-2']);
  });

  it('should renew an expired credential before sending', async () => {
    accepted.add('token-2');
    const { first, renewals } = renewing((n) => (n === 1 ? new Date(Date.now() - 1000) : new Date(Date.now() + 3_600_000)));
    const client = new KubeClient(first);
    await client.get('/a');
    client.close();
    assert.deepEqual(sent, ['/a token-2']);
    assert.deepEqual(renewals, [false], 'renewed once, as expired');
  });

  it('should hand over the 401 when the renewed credential is refused too, after one retry', async () => {
    const { first, renewals } = renewing();
    const client = new KubeClient(first);
    await assert.rejects(client.get('/a'), (e: unknown) => e instanceof ApiError && e.statusCode === 401);
    client.close();
    assert.deepEqual(sent, ['/a token-1', '/a token-2']);
    assert.deepEqual(renewals, [true]);
  });

  it('should hand over a 401 at once for a credential that cannot change', async () => {
    const client = new KubeClient({ server: base, tls: {}, headers: { authorization: 'Bearer fixed' } });
    await assert.rejects(client.get('/a'), (e: unknown) => e instanceof ApiError && e.statusCode === 401);
    client.close();
    assert.deepEqual(sent, ['/a fixed']);
  });

  it('should renew a refused credential of a streamed request (a watch reconnecting) and stream with the new one', async () => {
    accepted.add('token-2');
    const { first, renewals } = renewing();
    const client = new KubeClient(first);
    const lines: string[] = [];
    await streamLines(client, '/watch', (line) => lines.push(line));
    client.close();
    assert.deepEqual(lines, ['{"type":"ADDED"}']);
    assert.deepEqual(sent, ['/watch token-1', '/watch token-2']);
    assert.deepEqual(renewals, [true]);
  });
});
