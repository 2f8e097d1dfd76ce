import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import {
  ApiError,
  ConnectionError,
  KubeClient,
  PatchType,
  apiErrorFromResponse,
  parseRequestTimeout,
} from '../../../../shared/kube/rest.js';
import { closeAtOnce, listenOnLoopback } from '../../../support/local-http.js';

describe('parseRequestTimeout', () => {
  const cases: [string | undefined, number][] = [
    [undefined, 0],
    ['0', 0],
    ['', 0],
    ['5s', 5000],
    ['1m', 60000],
    ['30', 30000],
    ['1.5s', 1500],
    ['250ms', 250],
    ['500us', 1],
    ['1ns', 1],
    ['0s', 0],
    ['596h', 2145600000],
  ];
  for (const [input, ms] of cases) {
    it(`should read ${JSON.stringify(input)} as ${ms} ms`, () => assert.equal(parseRequestTimeout(input), ms));
  }

  for (const bad of ['5x', 'soon', '-1s', '600h', '2147484s']) {
    it(`should reject ${JSON.stringify(bad)} naming the flag`, () => assert.throws(() => parseRequestTimeout(bad), /--request-timeout/));
  }
});

describe('apiErrorFromResponse', () => {
  it('should keep the reason and message of a Status', () => {
    const e = apiErrorFromResponse(403, JSON.stringify({ kind: 'Status', reason: 'Forbidden', message: 'pods "ws-x" is forbidden: no' }));
    assert.equal(e.statusCode, 403);
    assert.equal(e.reason, 'Forbidden');
    assert.equal(e.message, 'pods "ws-x" is forbidden: no');
  });

  it('should derive a reason from the status code when the body is not a Status', () => {
    const e = apiErrorFromResponse(409, 'busy');
    assert.equal(e.reason, 'Conflict');
    assert.match(e.message, /answered 409 Conflict: busy/);
  });
});

// A local plain-HTTP server checks what the client sends on the wire; Kubernetes behaviour itself is tested against a real API server.
describe('KubeClient', () => {
  let server: Server;
  let seen: { method?: string; url?: string; type?: string; body: string }[] = [];
  let connections = 0;
  let base = '';

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
        if (req.url?.startsWith('/slow')) return;
        if (req.url?.startsWith('/missing')) {
          res.writeHead(404, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ kind: 'Status', reason: 'NotFound', message: 'pods "x" not found' }));
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    server.on('connection', () => connections++);
    base = await listenOnLoopback(server);
  });
  after(() => closeAtOnce(server));
  beforeEach(() => {
    seen = [];
    connections = 0;
  });

  it('should send a merge patch with its content type and the dry-run query', async () => {
    const client = new KubeClient({ server: base, tls: {}, headers: { authorization: 'Bearer t' } });
    await client.patch('/api/v1/namespaces/ns/pods/p', { metadata: {} }, PatchType.merge, { dryRun: 'All', skipped: undefined });
    client.close();
    assert.deepEqual(seen, [
      { method: 'PATCH', url: '/api/v1/namespaces/ns/pods/p?dryRun=All', type: 'application/merge-patch+json', body: '{"metadata":{}}' },
    ]);
  });

  it('should turn an error Status into an ApiError', async () => {
    const client = new KubeClient({ server: base, tls: {}, headers: {} });
    await assert.rejects(client.get('/missing'), (e: unknown) => e instanceof ApiError && e.reason === 'NotFound');
    client.close();
  });

  it('should give up after the request timeout naming the server', async () => {
    const client = new KubeClient({ server: base, tls: {}, headers: {} }, { timeoutMs: 50 });
    await assert.rejects(client.get('/slow'), (e: unknown) => e instanceof ConnectionError && e.message.includes(base));
    client.close();
  });

  it('should send concurrent requests one after another over one connection when limited to one', async () => {
    const client = new KubeClient({ server: base, tls: {}, headers: {} }, { maxConnections: 1 });
    await Promise.all([client.get('/a'), client.get('/b'), client.get('/c')]);
    client.close();
    assert.deepEqual(
      seen.map((s) => s.url),
      ['/a', '/b', '/c'],
    );
    assert.equal(connections, 1);
  });

  it('should open a connection per concurrent request without a limit', async () => {
    const client = new KubeClient({ server: base, tls: {}, headers: {} });
    await Promise.all([client.get('/a'), client.get('/b')]);
    client.close();
    assert.equal(connections, 2);
  });

  it('should say which server could not be reached', async () => {
    const client = new KubeClient({ server: 'http://127.0.0.1:1', tls: {}, headers: {} });
    await assert.rejects(client.get('/version'), /unable to connect to the server http:\/\/127\.0\.0\.1:1/);
    client.close();
  });
});
