// The serving certificate replaced several times while /mutate is under steady HTTPS load.
import assert from 'node:assert/strict';
import { figure } from '../../support/reliability/figures.js';
import { describeResult, runLoadScenario, type ScenarioResult } from '../../support/reliability/load-scenario.js';
import { OWNER_TOKEN, leaksOf } from '../../support/reliability/transcript.js';
import { buildWebhook } from '../../support/webhook-cli.js';

describe('certificate rotation under load (built workspace-webhook process)', function () {
  this.timeout(120_000);
  let result: ScenarioResult;

  before(async () => {
    buildWebhook();
    result = await runLoadScenario({ ratePerSecond: 100, durationMs: 12_000, rotateEveryMs: 3_000, freshConnectionEvery: 10 });
    figure('rotation under load (100 req/s, 12 s, rotate every 3 s)', describeResult(result));
  });

  it('should answer every request with its patch', () => {
    assert.deepEqual(result.load.errors, {});
    assert.equal(result.load.succeeded, result.load.sent);
  });

  it('should serve each new certificate on new connections', () => {
    assert.equal(result.rotations, 3);
    assert.equal(result.reloadsReported, result.rotations);
    assert.equal(result.certificatesSeen, result.rotations + 1);
    assert.deepEqual(result.unknownCertificates, []);
  });

  it('should keep running in the same process and log no secret', () => {
    assert.ok(result.pidUnchanged);
    assert.deepEqual(leaksOf(OWNER_TOKEN, [{ source: 'webhook', text: result.webhookLog }]), []);
    assert.doesNotMatch(result.webhookLog, /PRIVATE KEY/);
  });
});
