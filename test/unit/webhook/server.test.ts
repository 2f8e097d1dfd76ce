import assert from 'node:assert/strict';
import { rm, mkdtemp } from 'node:fs/promises';
import { Agent, request, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { generateCertificateAuthority, issueServingCertificate, type PemPair } from '../../../webhook/certgen.js';
import { writeBundle } from '../../../webhook/certs.js';
import { silentLogger } from '../../../webhook/log.js';
import { createMetrics } from '../../../webhook/metrics.js';
import { startWebhookServer, type RunningWebhook } from '../../../webhook/server.js';
import { openRaw } from '../../support/raw-http.js';
import { admissionReview, podRequest } from '../../../cluster/admission-review.js';

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly serial: string | undefined;
  readonly reused: boolean;
}

const names = { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] };
const review = JSON.stringify(
  admissionReview(podRequest({ uid: 'u-1', object: { metadata: { annotations: { 'gitpod/explicitFail': 'x' } } } })),
);

function call(options: RequestOptions, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', ...options }, (res) => {
      // Read the certificate now: the socket is detached from the response once it ends.
      const socket = res.socket as TLSSocket;
      const serial = socket.getPeerCertificate().serialNumber;
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, serial, reused: req.reusedSocket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function peerSerial(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate().serialNumber);
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('startWebhookServer', () => {
  let dir: string;
  let ca: PemPair;
  let first: PemPair;
  let second: PemPair;

  before(async function () {
    this.timeout(60_000);
    dir = await mkdtemp(join(tmpdir(), 'webhook-server-'));
    ca = generateCertificateAuthority();
    first = issueServingCertificate({ ca, names });
    second = issueServingCertificate({ ca, names });
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function start(extra: { readonly metricsPort?: number; readonly shutdownDelayMs?: number } = {}): Promise<RunningWebhook> {
    await writeBundle(dir, { caPem: ca.certPem, ...first });
    return startWebhookServer({
      certFile: join(dir, 'tls.crt'),
      keyFile: join(dir, 'tls.key'),
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      metrics: createMetrics({ processMetrics: false }),
      reloadIntervalMs: 60_000,
      ...extra,
    });
  }

  it('should serve /mutate over HTTPS with the certificate from the files', async () => {
    const running = await start();
    try {
      const reply = await call(
        { port: running.port, ca: ca.certPem, method: 'POST', path: '/mutate', headers: { 'content-type': 'application/json' } },
        review,
      );
      assert.equal(reply.status, 200);
      assert.match(reply.body, /"patchType":"JSONPatch"/);
      assert.equal(reply.serial, new (await import('node:crypto')).X509Certificate(first.certPem).serialNumber);
    } finally {
      await running.shutdown();
    }
  });

  it('should refuse TLS 1.1', async () => {
    const running = await start();
    try {
      await assert.rejects(call({ port: running.port, ca: ca.certPem, path: '/healthz', maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }));
    } finally {
      await running.shutdown();
    }
  });

  it('should serve a replaced certificate to new connections and keep existing ones open', async () => {
    const running = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: ca.certPem });
    try {
      const before = await call({ port: running.port, agent, path: '/healthz' });
      await writeBundle(dir, { caPem: ca.certPem, ...second });
      await running.reloader.check();
      const kept = await call({ port: running.port, agent, path: '/healthz' });
      assert.equal(kept.status, 200);
      assert.equal(kept.reused, true, 'the keep-alive connection must survive the reload');
      assert.equal(kept.serial, before.serial);
      const fresh = await peerSerial(running.port, ca.certPem);
      assert.notEqual(fresh, before.serial);
      const reloads = (await running.metrics.tlsReloads.get()).values.find((v) => v.labels['result'] === 'success')?.value;
      assert.equal(reloads, 1);
    } finally {
      agent.destroy();
      await running.shutdown();
    }
  });

  it('should keep the old certificate when the new files do not match', async () => {
    const running = await start();
    try {
      const before = await peerSerial(running.port, ca.certPem);
      await writeBundle(dir, { caPem: ca.certPem, certPem: second.certPem, keyPem: first.keyPem });
      await running.reloader.check();
      assert.equal(await peerSerial(running.port, ca.certPem), before);
      const failures = (await running.metrics.tlsReloads.get()).values.find((v) => v.labels['result'] === 'failure')?.value;
      assert.equal(failures, 1);
    } finally {
      await running.shutdown();
    }
  });

  it('should finish an in-flight request after shutdown starts, and refuse new connections', async () => {
    const running = await start();
    const pending = new Promise<Reply>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: running.port,
          ca: ca.certPem,
          method: 'POST',
          path: '/mutate',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(review) },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, serial: undefined, reused: false }));
        },
      );
      req.on('error', reject);
      // Half the body now; the rest once shutdown has begun.
      req.write(review.slice(0, 20));
      req.on('socket', (socket) =>
        socket.once('secureConnect', () =>
          setTimeout(() => {
            void running.shutdown();
            setTimeout(() => req.end(review.slice(20)), 50);
          }, 20),
        ),
      );
    });
    const reply = await pending;
    assert.equal(reply.status, 200);
    assert.match(reply.body, /"uid":"u-1"/);
    await running.shutdown();
    await assert.rejects(call({ port: running.port, ca: ca.certPem, path: '/healthz' }), /ECONNREFUSED/);
  });

  it('should keep answering new connections, not ready, during the shutdown delay, then stop listening', async () => {
    const running = await start({ shutdownDelayMs: 400 });
    const stopped = running.shutdown();
    const readyz = await call({ port: running.port, ca: ca.certPem, path: '/readyz', agent: false });
    assert.equal(readyz.status, 503);
    const mutate = await call(
      {
        port: running.port,
        ca: ca.certPem,
        method: 'POST',
        path: '/mutate',
        agent: false,
        headers: { 'content-type': 'application/json' },
      },
      review,
    );
    assert.equal(mutate.status, 200);
    await stopped;
    await assert.rejects(call({ port: running.port, ca: ca.certPem, path: '/healthz', agent: false }), /ECONNREFUSED/);
  });

  it('should survive garbage on the wire and a client that leaves mid-body', async () => {
    const running = await start();
    try {
      const raw = (payload: string, leave: boolean) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port: running.port, ca: ca.certPem, servername: 'localhost' }, () => {
            socket.write(payload);
            if (leave) setTimeout(() => socket.destroy(), 50);
          });
          let text = '';
          socket.on('data', (c: Buffer) => (text += c.toString()));
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
        });
      assert.match(await raw('NOT HTTP AT ALL\r\n\r\n', false), /^HTTP\/1\.1 400 Bad Request/);
      assert.equal(
        await raw('POST /mutate HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"apiVersion"', true),
        '',
      );
      const reply = await call(
        { port: running.port, ca: ca.certPem, method: 'POST', path: '/mutate', headers: { 'content-type': 'application/json' } },
        review,
      );
      assert.equal(reply.status, 200);
    } finally {
      await running.shutdown();
    }
  });

  it('should let a TLS client send its whole over-limit body after reading the 413, then close the connection cleanly', async () => {
    const running = await start();
    try {
      const declared = 3 * 1024 * 1024 + 1;
      const conn = await openRaw(running.port, { ca: ca.certPem });
      await conn.write(`POST /mutate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${declared}\r\n\r\n`);
      const response = await conn.response;
      assert.equal(response.status, 413);
      assert.equal(response.headers['connection'], 'close');
      // Written only now, after the answer: a server that closed at once would reset these writes.
      for (let sent = 0; sent < declared; sent += 64 * 1024)
        assert.ok(await conn.write(Buffer.alloc(Math.min(64 * 1024, declared - sent), 0x20)));
      assert.equal(conn.endedByServer(), false);
      conn.socket.end();
      assert.deepEqual(await conn.closed, { endedByServer: true });
    } finally {
      await running.shutdown();
    }
  });

  it('should serve /metrics over plain HTTP on --metrics-port and not on the HTTPS port', async () => {
    const running = await start({ metricsPort: 0 });
    try {
      assert.equal((await call({ port: running.port, ca: ca.certPem, path: '/metrics' })).status, 404);
      const metrics = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port: running.metricsPort, path: '/metrics' }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        })
          .on('error', reject)
          .end();
      });
      assert.equal(metrics.status, 200);
      assert.match(metrics.body, /workspace_webhook_certificate_expiry_timestamp_seconds \d+/);
    } finally {
      await running.shutdown();
    }
  });
});
