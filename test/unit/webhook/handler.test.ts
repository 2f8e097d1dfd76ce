import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pkg from '../../../package.json' with { type: 'json' };
import { createRequestHandler, maxBodyBytes } from '../../../webhook/handler.js';
import { silentLogger } from '../../../webhook/log.js';
import { createMetrics, type WebhookMetrics } from '../../../webhook/metrics.js';
import { admissionReview, podRequest } from '../../../cluster/admission-review.js';

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

const smallLimit = 1024;

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string | number>,
  body?: string | Buffer | readonly Buffer[],
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // No EPIPE or reset is tolerated: an answer sent before the body was read comes with a lingering close.
    req.on('error', reject);
    if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else {
      req.end(body as string | Buffer | undefined);
    }
  });
}

const json = { 'content-type': 'application/json' };
const uid = 'b1e3c5a0-0000-4000-8000-000000000001';

function reviewBody(apiVersion: string, annotations: Record<string, string>): string {
  return JSON.stringify(
    admissionReview(
      podRequest({ uid, object: { metadata: { name: 'ws-1', annotations } }, oldObject: { metadata: { name: 'ws-1' } } }),
      apiVersion,
    ),
  );
}

function status(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
}

describe('createRequestHandler', () => {
  let server: Server;
  let port: number;
  let metrics: WebhookMetrics;
  let ready = true;

  before(async () => {
    metrics = createMetrics({ processMetrics: false });
    server = createServer(createRequestHandler({ metrics, logger: silentLogger, ready: () => ready, maxBodyBytes: smallLimit }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('should answer an admission.k8s.io/v1 review with a patch in v1', async () => {
    const reply = await send(port, 'POST', '/mutate', json, reviewBody('admission.k8s.io/v1', { 'gitpod/explicitFail': 'oom' }));
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/json');
    assert.equal(
      reply.body,
      `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"${uid}","allowed":true,"patchType":"JSONPatch","patch":"W3sib3AiOiJhZGQiLCJwYXRoIjoiL21ldGFkYXRhL2Fubm90YXRpb25zL2dpdHBvZH4xZmFpbGVkQmVmb3JlU3RvcHBpbmciLCJ2YWx1ZSI6InRydWUifV0="}}`,
    );
  });

  it('should answer an admission.k8s.io/v1beta1 review in v1beta1 without a patch when nothing changes', async () => {
    const reply = await send(
      port,
      'POST',
      '/mutate',
      { 'content-type': 'application/json; charset=utf-8' },
      reviewBody('admission.k8s.io/v1beta1', { 'gitpod/explicitFail': '', 'gitpod/failedBeforeStopping': 'true' }),
    );
    assert.equal(reply.status, 200);
    assert.equal(
      reply.body,
      `{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","response":{"uid":"${uid}","allowed":true}}`,
    );
  });

  const rejections: ReadonlyArray<{
    readonly name: string;
    readonly method: string;
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly body?: string;
    readonly status: number;
    readonly expected: string;
  }> = [
    {
      name: 'answer GET /mutate with 405',
      method: 'GET',
      path: '/mutate',
      headers: {},
      status: 405,
      expected: status(405, 'MethodNotAllowed', 'method GET is not allowed on /mutate; send a POST with an AdmissionReview'),
    },
    {
      name: 'answer a text/plain body with 415',
      method: 'POST',
      path: '/mutate',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
      status: 415,
      expected: status(415, 'UnsupportedMediaType', 'content-type must be application/json, got "text/plain"'),
    },
    {
      name: 'answer a missing content type with 415',
      method: 'POST',
      path: '/mutate',
      headers: {},
      body: '{}',
      status: 415,
      expected: status(415, 'UnsupportedMediaType', 'content-type must be application/json, got ""'),
    },
    {
      name: 'answer invalid JSON with 400 without quoting it',
      method: 'POST',
      path: '/mutate',
      headers: json,
      body: '{"apiVersion": secret',
      status: 400,
      expected: status(400, 'BadRequest', 'request body is not valid JSON (21 bytes); send an AdmissionReview encoded as JSON'),
    },
    {
      name: 'answer a review without request with 400',
      method: 'POST',
      path: '/mutate',
      headers: json,
      body: '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}',
      status: 400,
      expected: status(400, 'BadRequest', 'request must be an object, got nothing'),
    },
    {
      name: 'answer a request without uid with 400',
      method: 'POST',
      path: '/mutate',
      headers: json,
      body: '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"UPDATE"}}',
      status: 400,
      expected: status(400, 'BadRequest', 'request.uid must be a non-empty string, got nothing'),
    },
    {
      name: 'answer an unknown path with 404',
      method: 'GET',
      path: '/validate?x=1',
      headers: {},
      status: 404,
      expected: status(
        404,
        'NotFound',
        'no handler for path "/validate"; the webhook serves /mutate, /healthz, /readyz, /metrics, /livez, /version',
      ),
    },
    {
      name: 'answer POST /healthz with 405',
      method: 'POST',
      path: '/healthz',
      headers: json,
      body: '{}',
      status: 405,
      expected: status(405, 'MethodNotAllowed', 'method POST is not allowed on /healthz; use GET'),
    },
  ];
  for (const c of rejections) {
    it(`should ${c.name}`, async () => {
      const reply = await send(port, c.method, c.path, c.headers, c.body);
      assert.equal(reply.status, c.status);
      assert.equal(reply.headers['content-type'], 'application/json');
      assert.equal(reply.body, c.expected);
    });
  }

  it('should name POST as the allowed method on a 405 for /mutate', async () => {
    const reply = await send(port, 'PUT', '/mutate', json, '{}');
    assert.equal(reply.headers['allow'], 'POST');
  });

  it('should answer 413 from Content-Length alone, before any body arrives', async () => {
    const reply = await new Promise<Reply>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/mutate', headers: { ...json, 'content-length': smallLimit + 1 } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
            // The server lingers for the announced body; this client never sends it.
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(reply.status, 413);
    assert.equal(reply.headers['connection'], 'close');
    assert.equal(
      reply.body,
      status(
        413,
        'RequestEntityTooLarge',
        `request body of ${smallLimit + 1} bytes exceeds ${smallLimit} bytes, the API server's own limit; send one AdmissionReview per request`,
      ),
    );
  });

  it('should answer 413 when a chunked body grows past the limit', async () => {
    const chunk = Buffer.alloc(smallLimit / 2 + 1, 0x20);
    const reply = await send(port, 'POST', '/mutate', { ...json, 'transfer-encoding': 'chunked' }, [chunk, chunk]);
    assert.equal(reply.status, 413);
    assert.equal(
      reply.body,
      status(
        413,
        'RequestEntityTooLarge',
        `request body exceeds ${smallLimit} bytes, the API server's own limit; send one AdmissionReview per request`,
      ),
    );
  });

  it('should accept a body of exactly the limit', async () => {
    const base = reviewBody('admission.k8s.io/v1', {});
    const padded = base + ' '.repeat(smallLimit - Buffer.byteLength(base));
    const reply = await send(port, 'POST', '/mutate', json, padded);
    assert.equal(reply.status, 200);
  });

  it('should use the API server limit of 3 MiB by default', () => {
    assert.equal(maxBodyBytes, 3 * 1024 * 1024);
  });

  it('should report healthz ok', async () => {
    const reply = await send(port, 'GET', '/healthz', {});
    assert.deepEqual([reply.status, reply.body], [200, 'ok\n']);
  });

  it('should report readyz 503 while not ready', async () => {
    ready = false;
    try {
      const reply = await send(port, 'GET', '/readyz', {});
      assert.deepEqual([reply.status, reply.body], [503, 'not ready\n']);
    } finally {
      ready = true;
    }
    const reply = await send(port, 'GET', '/readyz', {});
    assert.deepEqual([reply.status, reply.body], [200, 'ok\n']);
  });

  it('should report livez ok, like healthz', async () => {
    const reply = await send(port, 'GET', '/livez', {});
    assert.deepEqual([reply.status, reply.body], [200, 'ok\n']);
  });

  it('should report the product and Node versions on /version', async () => {
    const reply = await send(port, 'GET', '/version', {});
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(reply.body), { version: `v${pkg.version}`, node: process.version });
  });

  it('should answer HEAD on an operational endpoint with the headers and no body', async () => {
    const reply = await send(port, 'HEAD', '/healthz', {});
    assert.deepEqual([reply.status, reply.headers['content-length'], reply.body], [200, '3', '']);
  });

  const exactPaths = ['/HEALTHZ', '/healthz/', '/metrics/x', '/mutate/'];
  for (const path of exactPaths) {
    it(`should answer ${path} with 404: paths match exactly`, async () => {
      const reply = await send(port, 'GET', path, {});
      assert.equal(reply.status, 404);
      assert.match(reply.body, /"reason":"NotFound"/);
    });
  }

  it('should add no framework headers (x-powered-by, etag) to operational answers', async () => {
    for (const path of ['/healthz', '/metrics', '/version', '/nope']) {
      const reply = await send(port, 'GET', path, {});
      assert.equal(reply.headers['x-powered-by'], undefined, path);
      assert.equal(reply.headers['etag'], undefined, path);
    }
  });

  it('should count requests by operation and outcome and patches applied on /metrics', async () => {
    // Copy the numbers out: prom-client hands back its live value objects.
    const snapshot = async () => {
      const values = (await metrics.requests.get()).values;
      const count = (operation: string, outcome: string) =>
        values.find((v) => v.labels['operation'] === operation && v.labels['outcome'] === outcome)?.value ?? 0;
      return {
        patched: count('UPDATE', 'patched'),
        allowed: count('UPDATE', 'allowed'),
        rejected: count('unknown', 'rejected'),
        patches: (await metrics.patches.get()).values[0]?.value ?? 0,
      };
    };
    const before = await snapshot();
    await send(port, 'POST', '/mutate', json, reviewBody('admission.k8s.io/v1', { 'gitpod/explicitFail': 'x' }));
    await send(port, 'POST', '/mutate', json, reviewBody('admission.k8s.io/v1', {}));
    await send(port, 'POST', '/mutate', json, 'nope');
    const after = await snapshot();
    assert.deepEqual(
      {
        patched: after.patched - before.patched,
        allowed: after.allowed - before.allowed,
        rejected: after.rejected - before.rejected,
        patches: after.patches - before.patches,
      },
      { patched: 1, allowed: 1, rejected: 1, patches: 1 },
    );
    const text = (await send(port, 'GET', '/metrics', {})).body;
    assert.match(text, /^workspace_webhook_requests_total\{operation="UPDATE",outcome="patched"\} \d+$/m);
    assert.match(text, /^workspace_webhook_patches_applied_total \d+$/m);
    assert.match(text, /^workspace_webhook_request_duration_seconds_bucket\{le="0\.005",outcome="patched"\} \d+$/m);
  });

  it('should count operations it does not know under "other", so callers cannot add metric series', async () => {
    const seriesBefore = (await metrics.requests.get()).values.length;
    for (let i = 0; i < 20; i++) {
      const body = JSON.parse(reviewBody('admission.k8s.io/v1', {})) as { request: { operation: string } };
      body.request.operation = `MADE-UP-${i}-${'x'.repeat(100)}`;
      assert.equal((await send(port, 'POST', '/mutate', json, JSON.stringify(body))).status, 200);
    }
    const values = (await metrics.requests.get()).values;
    assert.ok(values.length <= seriesBefore + 1, `expected at most one new series, got ${values.length - seriesBefore}`);
    assert.equal(values.filter((v) => String(v.labels['operation']).startsWith('MADE-UP')).length, 0);
    assert.ok((values.find((v) => v.labels['operation'] === 'other')?.value ?? 0) >= 20);
  });
});

describe('createRequestHandler with restricted routes', () => {
  it('should answer 404 for /mutate on a metrics-only listener', async () => {
    const server = createServer(
      createRequestHandler({
        metrics: createMetrics({ processMetrics: false }),
        logger: silentLogger,
        ready: () => true,
        routes: ['/metrics', '/healthz', '/readyz'],
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const reply = await send((server.address() as AddressInfo).port, 'POST', '/mutate', json, '{}');
      assert.equal(reply.status, 404);
      assert.equal(reply.body, status(404, 'NotFound', 'no handler for path "/mutate"; the webhook serves /metrics, /healthz, /readyz'));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('createRequestHandler when answering fails', () => {
  it('should log the failure, end that request and keep serving the next ones in the same process', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const observe = metrics.duration.observe.bind(metrics.duration);
    let failuresLeft = 2;
    // Recording the duration fails after the answer was sent, and again while recording the failure.
    metrics.duration.observe = (...args: Parameters<typeof observe>) => {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new RangeError('metrics store failed');
      }
      observe(...args);
    };
    const errors: string[] = [];
    const logger = { ...silentLogger, error: (msg: string) => errors.push(msg) };
    const server = createServer(createRequestHandler({ metrics, logger, ready: () => true }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      // The first answer was already on its way when recording failed: whether the client reads it
      // depends on timing. Its connection is cut, so it is not offered for reuse.
      await send(
        port,
        'POST',
        '/mutate',
        { ...json, connection: 'close' },
        reviewBody('admission.k8s.io/v1', { 'gitpod/explicitFail': 'oom' }),
      ).catch(() => undefined);
      assert.deepEqual(errors, ['handler failed']);
      const next = await send(port, 'POST', '/mutate', json, reviewBody('admission.k8s.io/v1', { 'gitpod/explicitFail': 'oom' }));
      assert.equal(next.status, 200);
      assert.match(next.body, /"patchType":"JSONPatch"/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
