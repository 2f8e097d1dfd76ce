// The webhook process against hostile input: seeded malformed reviews, oversized bodies, old TLS and plain HTTP.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Agent } from 'node:https';
import { connect } from 'node:tls';
import { OWNER_TOKEN, allOutputs, coverage, leaksOf } from '../../support/reliability/transcript.js';
import { figure } from '../../support/reliability/figures.js';
import { send, type Reply } from '../../support/reliability/https-client.js';
import { seededRandom } from '../../support/reliability/prng.js';
import { openRaw } from '../../support/raw-http.js';
import { fuzzCases, explicitFailReview } from '../../support/reliability/reviews.js';
import { generateCertificates, startWebhook, type WebhookProcess } from '../../support/reliability/webhook-process.js';
import { buildWebhook } from '../../support/webhook-cli.js';

const FUZZ_SEED = 20261128;
const FUZZ_COUNT = 10_000;
const LIMIT = 3 * 1024 * 1024;

function handshake(port: number, ca: Buffer, version: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
  return new Promise((resolveResult) => {
    // SECLEVEL=0 lets this client offer TLS 1.0/1.1 at all, so a refusal comes from the server.
    const socket = connect(
      { host: '127.0.0.1', port, ca, servername: 'localhost', minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' },
      () => {
        resolveResult(`ok ${socket.getProtocol() ?? ''}`);
        socket.end();
      },
    );
    socket.on('error', (e: NodeJS.ErrnoException) => resolveResult(`error ${e.code ?? e.message}`));
  });
}

function plainHttp(port: number, body: string): Promise<Reply> {
  return new Promise((resolveReply) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/mutate', method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 10_000 },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolveReply({ status: res.statusCode, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolveReply({ body: '', error: e.code ?? e.message }));
    req.end(body);
  });
}

describe('webhook under hostile input (built workspace-webhook process)', function () {
  this.timeout(180_000);
  let webhook: WebhookProcess;
  let agent: Agent;

  before(async function () {
    buildWebhook();
    const certDir = await generateCertificates();
    // debug logs every review: the widest log surface for the token check below.
    webhook = await startWebhook({ certDir, logLevel: 'debug' });
    agent = new Agent({ keepAlive: true, maxSockets: 8 });
  });

  after(async () => {
    agent.destroy();
    await webhook.stop();
  });

  describe('seeded malformed AdmissionReview bodies', () => {
    it(`should answer each of ${FUZZ_COUNT} bodies with 200 or 4xx and stay up`, async () => {
      const statuses: Record<string, number> = {};
      const bad: string[] = [];
      const cases = fuzzCases(seededRandom(FUZZ_SEED), FUZZ_COUNT);
      const worker = async () => {
        for (let next = cases.next(); !next.done; next = cases.next()) {
          const { label, body } = next.value;
          const reply = await send(webhook.port, { agent, ca: webhook.ca, body });
          const key = reply.status === undefined ? `no response (${reply.error})` : String(reply.status);
          statuses[key] = (statuses[key] ?? 0) + 1;
          if (reply.status === undefined || (reply.status !== 200 && (reply.status < 400 || reply.status > 499)))
            bad.push(`${label}: ${key} ${reply.body.slice(0, 200)}`);
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      figure('fuzz bodies answered, by status', JSON.stringify(statuses), { seed: FUZZ_SEED, count: FUZZ_COUNT });
      assert.deepEqual(bad.slice(0, 10), []);
      assert.equal(
        Object.values(statuses).reduce((a, b) => a + b, 0),
        FUZZ_COUNT,
      );
      assert.ok(webhook.alive(), 'the webhook process exited');
      const health = await send(webhook.port, { ca: webhook.ca, path: '/healthz', method: 'GET', agent: false });
      assert.equal(health.status, 200);
      const stillValid = await send(webhook.port, { agent, ca: webhook.ca, body: JSON.stringify(explicitFailReview('after-fuzz')) });
      assert.equal(stillValid.status, 200);
      assert.match(stillValid.body, /"uid":"after-fuzz"/);
    });

    const named = [
      { name: 'invalid JSON', body: '{"apiVersion":', reason: /not valid JSON/ },
      { name: '100,000 nested arrays', body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, reason: /must be a JSON object/ },
      {
        name: 'a missing uid',
        body: JSON.stringify({ ...explicitFailReview(), request: { ...(explicitFailReview()['request'] as object), uid: undefined } }),
        reason: /request\.uid/,
      },
      {
        name: 'a wrong apiVersion',
        body: JSON.stringify({ ...explicitFailReview(), apiVersion: 'admission.k8s.io/v2' }),
        reason: /apiVersion must be one of/,
      },
      {
        name: 'request null',
        body: JSON.stringify({ ...explicitFailReview(), request: null }),
        reason: /request must be an object, got null/,
      },
      {
        name: 'a 2 MiB uid',
        body: JSON.stringify({ ...explicitFailReview(), request: { ...(explicitFailReview()['request'] as object), uid: 7 } }).replace(
          '"uid":7',
          `"uid":${JSON.stringify(['x'.repeat(2 * 1024 * 1024)])}`,
        ),
        reason: /request\.uid must be a non-empty string, got an array/,
      },
    ] as const;
    for (const c of named) {
      it(`should answer ${c.name} with 400 and a reason`, async () => {
        const reply = await send(webhook.port, { agent, ca: webhook.ca, body: c.body });
        assert.equal(reply.status, 400, reply.error ?? reply.body);
        assert.match((JSON.parse(reply.body) as { message: string }).message, c.reason);
      });
    }

    it('should allow odd objects (a string, annotations a number, metadata a string) without a patch', async () => {
      for (const object of ['a string', { metadata: { annotations: 5 } }, { metadata: 'x' }]) {
        const review = explicitFailReview('odd');
        (review['request'] as Record<string, unknown>)['object'] = object;
        const reply = await send(webhook.port, { agent, ca: webhook.ca, body: JSON.stringify(review) });
        assert.equal(reply.status, 200, reply.body);
        assert.deepEqual((JSON.parse(reply.body) as { response: unknown }).response, { uid: 'odd', allowed: true });
      }
    });
  });

  describe('body size limit', () => {
    const cases = [
      { name: 'declared with content-length', body: Buffer.alloc(LIMIT + 1, 0x20) },
      { name: 'sent chunked', body: [Buffer.alloc(LIMIT / 2, 0x20), Buffer.alloc(LIMIT / 2 + 1, 0x20)] },
    ];
    for (const c of cases) {
      it(`should answer 3 MiB + 1 byte ${c.name} with 413`, async () => {
        const reply = await send(webhook.port, { agent: false, ca: webhook.ca, body: c.body });
        assert.equal(reply.status, 413, reply.error ?? reply.body);
        assert.match(reply.body, /exceeds 3145728 bytes/);
      });
    }

    it('should let a client that read the 413 send the rest of its 3 MiB + 1 byte body, then close without a reset', async () => {
      const conn = await openRaw(webhook.port, { ca: webhook.ca });
      await conn.write(
        `POST /mutate HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${LIMIT + 1}\r\n\r\n`,
      );
      const response = await conn.response;
      assert.equal(response.status, 413);
      assert.equal(response.headers['connection'], 'close');
      // The whole body goes out only after the answer was read: the case that raced before, made certain.
      for (let sent = 0; sent < LIMIT + 1; sent += 64 * 1024)
        assert.ok(await conn.write(Buffer.alloc(Math.min(64 * 1024, LIMIT + 1 - sent), 0x20)));
      conn.socket.end();
      assert.deepEqual(await conn.closed, { endedByServer: true });
      assert.match(webhook.output(), /"msg":"lingering close","result":"drained","droppedBytes":3145729/);
    });

    it('should accept a review padded with whitespace to exactly 3 MiB', async () => {
      const review = JSON.stringify(explicitFailReview('big'));
      const body = Buffer.alloc(LIMIT, 0x20);
      body.write(review, 0);
      const reply = await send(webhook.port, { agent: false, ca: webhook.ca, body });
      assert.equal(reply.status, 200, reply.error ?? reply.body.slice(0, 300));
    });
  });

  describe('transport security', () => {
    const versions = [
      { version: 'TLSv1', accepted: false },
      { version: 'TLSv1.1', accepted: false },
      { version: 'TLSv1.2', accepted: true },
      { version: 'TLSv1.3', accepted: true },
    ] as const;
    for (const { version, accepted } of versions) {
      it(`should ${accepted ? 'complete' : 'refuse'} a ${version} handshake`, async () => {
        const result = await handshake(webhook.port, webhook.ca, version);
        if (accepted) assert.equal(result, `ok ${version}`);
        else assert.equal(result, 'error ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
      });
    }

    it('should not answer plain HTTP on the webhook port', async () => {
      const reply = await plainHttp(webhook.port, JSON.stringify(explicitFailReview('plain')));
      assert.equal(reply.status, undefined, `plain HTTP got an HTTP answer: ${reply.status} ${reply.body}`);
      assert.ok(webhook.alive());
    });
  });

  describe('secrets in the logs', () => {
    it('should never log the owner token of a reviewed pod, even at debug level', async () => {
      const reply = await send(webhook.port, { agent, ca: webhook.ca, body: JSON.stringify(explicitFailReview('token', OWNER_TOKEN)) });
      assert.equal(reply.status, 200);
      const broken = JSON.stringify(explicitFailReview('token', OWNER_TOKEN)).slice(0, -3);
      assert.equal((await send(webhook.port, { agent, ca: webhook.ca, body: broken })).status, 400);
      assert.match(webhook.output(), /admission reviewed/);
      const outputs = [...allOutputs(), { source: 'webhook (live)', text: webhook.output() }];
      figure('owner token search, webhook input suite', `${coverage(outputs)}, ${leaksOf(OWNER_TOKEN, outputs).length} hits`);
      assert.deepEqual(leaksOf(OWNER_TOKEN, outputs), []);
    });

    it('should still be the same process', () => {
      assert.ok(webhook.alive());
      assert.ok(webhook.rssKiB() > 0);
    });
  });
});
