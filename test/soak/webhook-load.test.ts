// Long runs: the webhook process at a sustained fixed rate over HTTPS keep-alive, and with certificate rotations.
import assert from 'node:assert/strict';
import { figure } from '../support/reliability/figures.js';
import { describeResult, runLoadScenario } from '../support/reliability/load-scenario.js';
import { OWNER_TOKEN, leaksOf } from '../support/reliability/transcript.js';
import { buildWebhook } from '../support/webhook-cli.js';

const RATE = Number(process.env['KW_SOAK_RATE'] ?? 200);
const DURATION_MS = Number(process.env['KW_SOAK_SECONDS'] ?? 60) * 1000;

describe('webhook soak (built workspace-webhook process)', function () {
  before(() => buildWebhook());

  describe(`${RATE} req/s for ${DURATION_MS / 1000} s over HTTPS keep-alive`, () => {
    it('should answer every request with its patch and keep its memory bounded', async () => {
      const r = await runLoadScenario({ ratePerSecond: RATE, durationMs: DURATION_MS });
      figure(`soak: ${RATE} req/s, ${DURATION_MS / 1000} s, keep-alive`, describeResult(r), {
        sent: r.load.sent,
        errors: r.load.errors,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        maxMs: r.maxMs,
        rssStartKiB: r.rssStartKiB,
        rssEndKiB: r.rssEndKiB,
        rssPeakKiB: r.rssPeakKiB,
        rssSamplesKiB: r.rssSamplesKiB,
        heapUsedStartBytes: r.heapUsedStartBytes,
        heapUsedEndBytes: r.heapUsedEndBytes,
      });
      assert.deepEqual(r.load.errors, {});
      assert.equal(r.load.succeeded, r.load.sent);
      assert.ok(r.pidUnchanged);
      // RSS grows while V8 sizes its heap and then plateaus; live heap must stay within 16 MiB of where it started.
      assert.ok(r.rssEndKiB < r.rssStartKiB + 64 * 1024, `RSS grew from ${r.rssStartKiB} to ${r.rssEndKiB} KiB`);
      assert.ok(
        r.heapUsedEndBytes < r.heapUsedStartBytes + 16 * 1024 * 1024,
        `heap in use grew from ${r.heapUsedStartBytes} to ${r.heapUsedEndBytes} bytes`,
      );
      assert.deepEqual(leaksOf(OWNER_TOKEN, [{ source: 'webhook', text: r.webhookLog }]), []);
    });
  });

  describe(`${RATE} req/s for ${DURATION_MS / 1000} s with a certificate rotation every 10 s`, () => {
    it('should answer every request, on old and new certificates alike', async () => {
      const r = await runLoadScenario({ ratePerSecond: RATE, durationMs: DURATION_MS, rotateEveryMs: 10_000, freshConnectionEvery: 20 });
      figure(`soak: ${RATE} req/s, ${DURATION_MS / 1000} s, rotation every 10 s`, describeResult(r), {
        sent: r.load.sent,
        errors: r.load.errors,
        p50Ms: r.p50Ms,
        p99Ms: r.p99Ms,
        rotations: r.rotations,
        certificatesSeen: r.certificatesSeen,
      });
      assert.deepEqual(r.load.errors, {});
      assert.equal(r.certificatesSeen, r.rotations + 1);
      assert.deepEqual(r.unknownCertificates, []);
      assert.equal(r.reloadsReported, r.rotations);
    });
  });
});
