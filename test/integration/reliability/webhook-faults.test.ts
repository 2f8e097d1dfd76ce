// The webhook process killed while pods are being updated, under failurePolicy Fail and Ignore, against a real API server.
import assert from 'node:assert/strict';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { kubectlOk, reliabilityNamespace, runKubectl, type KubectlResult } from '../../support/cluster.js';
import { figure } from '../../support/reliability/figures.js';
import { buildPlugin, createWorkspace, objectState, ws } from '../../support/plugin.js';
import { register, unregister, waitForAdmission } from '../../support/reliability/registration.js';
import { OWNER_TOKEN, RELIABILITY_WORKSPACE, allOutputs, coverage, leaksOf } from '../../support/reliability/transcript.js';
import { generateCertificates, startWebhook, type WebhookProcess } from '../../support/reliability/webhook-process.js';
import { buildWebhook } from '../../support/webhook-cli.js';

const WEBHOOK_NAME = 'failed-before-stopping.workspace.gitpod.io';
const STREAM = 12;
const KILL_AFTER = 4;

interface Update {
  readonly pod: string;
  readonly before: { readonly resourceVersion: string };
  readonly result: KubectlResult;
}

describe('webhook killed while pods are updated (real API server)', function () {
  this.timeout(180_000);
  let cp: ControlPlane;
  let ns: string;
  let certDir: string;
  let webhook: WebhookProcess;
  let port: number;
  const configName = `rel-faults-${process.pid}`;

  /** Another writer (plain kubectl) sets explicitFail alone, as the invariant's other writers do. */
  async function setExplicitFail(pod: string, reason: string): Promise<Update> {
    const before = await objectState(cp, ns, `pod/${pod}`);
    const result = await runKubectl(cp, ['annotate', `pod/${pod}`, '-n', ns, `gitpod/explicitFail=${reason}`, '--overwrite']);
    return { pod, before, result };
  }

  /** Runs STREAM updates one after another and kills the webhook once KILL_AFTER of them finished. */
  async function streamWithKill(prefix: string): Promise<readonly Update[]> {
    const updates: Update[] = [];
    for (let i = 0; i < STREAM; i++) {
      if (i === KILL_AFTER) await webhook.stop('SIGKILL');
      updates.push(await setExplicitFail(`ws-${prefix}-${i}`, `stream ${i}`));
    }
    return updates;
  }

  before(async function () {
    this.timeout(300_000);
    ({ cp, ns } = await reliabilityNamespace('rel-faults'));
    buildWebhook();
    buildPlugin();
    certDir = await generateCertificates();
    webhook = await startWebhook({ certDir });
    port = webhook.port;
    await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id: 'probe' });
    for (const prefix of ['fail', 'ignore']) {
      for (let i = 0; i < STREAM; i++) await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id: `${prefix}-${i}`, plis: null });
      await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id: `${prefix}-plugin`, plis: null });
    }
  });

  after(async () => {
    await unregister(cp, configName);
    await webhook.stop();
  });

  describe('failurePolicy Fail', () => {
    let updates: readonly Update[];
    let refused: readonly Update[];

    before(async () => {
      await register(cp, { name: configName, port, certDir, failurePolicy: 'Fail', namespaceLabel: `reliability=${ns}` });
      await waitForAdmission(cp, ns, 'ws-probe', 'mutated');
      updates = await streamWithKill('fail');
      refused = updates.filter((u) => u.result.code !== 0);
      figure('Fail, webhook killed after 4 of 12 updates: accepted / refused', `${updates.length - refused.length} / ${refused.length}`);
    });

    it('should mutate every update that was accepted (explicitFail always with failedBeforeStopping)', async () => {
      const accepted = updates.filter((u) => u.result.code === 0);
      assert.ok(accepted.length >= KILL_AFTER, `only ${accepted.length} updates were accepted`);
      for (const u of accepted) {
        const { annotations } = await objectState(cp, ns, `pod/${u.pod}`);
        assert.equal(annotations['gitpod/failedBeforeStopping'], 'true', `${u.pod} was accepted without failedBeforeStopping`);
      }
    });

    it('should refuse updates while the webhook is down, with an error naming the webhook', () => {
      assert.ok(refused.length >= 1, 'no update was refused after the kill');
      figure('Fail, webhook down: kubectl annotate error', refused[0]?.result.stderr.trim() ?? '');
      for (const u of refused) {
        assert.match(u.result.stderr, new RegExp(`failed calling webhook "${WEBHOOK_NAME.replaceAll('.', '\\.')}"`));
        assert.match(u.result.stderr, /connection refused/);
      }
    });

    it('should leave every refused pod unchanged (same resourceVersion, no explicitFail)', async () => {
      for (const u of refused) {
        const now = await objectState(cp, ns, `pod/${u.pod}`);
        assert.equal(now.resourceVersion, u.before.resourceVersion, `${u.pod} changed although its update was refused`);
        assert.equal(now.annotations['gitpod/explicitFail'], undefined);
      }
    });

    it("should still let the plugin's fail command through (it writes failedBeforeStopping itself)", async () => {
      const result = await ws(cp, ['fail', 'fail-plugin', 'disk full', '-n', ns]);
      assert.equal(result.code, 0, result.stderr);
      const { annotations } = await objectState(cp, ns, 'pod/ws-fail-plugin');
      assert.equal(annotations['gitpod/explicitFail'], 'disk full');
      assert.equal(annotations['gitpod/failedBeforeStopping'], 'true');
    });

    it('should make doctor report the failing dry run', async () => {
      const result = await ws(cp, ['doctor', '-n', ns, '--workspace', 'probe']);
      figure('doctor, Fail, webhook down', `exit ${result.code}\n${result.stdout}${result.stderr}`);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /\[FAIL\]\s+explicitFail implies failedBeforeStopping: .*failed calling webhook/);
    });

    it("should not blame RBAC in doctor's hint when the webhook, not access, made the dry run fail", async () => {
      const result = await ws(cp, ['doctor', '-n', ns, '--workspace', 'probe']);
      assert.match(result.stdout, /\[OK\]\s+can patch pods/);
      // A failed dry run must be explained by its cause (here an unreachable webhook), not by access.
      assert.doesNotMatch(result.stdout, /hint: the dry run needs patch access on pods/);
    });

    it('should accept the refused updates, mutated, once the webhook is back', async () => {
      webhook = await startWebhook({ certDir, port });
      await waitForAdmission(cp, ns, 'ws-probe', 'mutated');
      for (const u of refused) {
        const retry = await setExplicitFail(u.pod, 'retried');
        assert.equal(retry.result.code, 0, retry.result.stderr);
        const { annotations } = await objectState(cp, ns, `pod/${u.pod}`);
        assert.equal(annotations['gitpod/failedBeforeStopping'], 'true');
      }
    });
  });

  describe('failurePolicy Ignore', () => {
    let updates: readonly Update[];

    before(async () => {
      await register(cp, { name: configName, port, certDir, failurePolicy: 'Ignore', namespaceLabel: `reliability=${ns}` });
      // The informer may still hold Fail: wait until Ignore is in force by killing, probing and restarting once.
      await webhook.stop('SIGKILL');
      await waitForAdmission(cp, ns, 'ws-probe', 'unmutated');
      webhook = await startWebhook({ certDir, port });
      await waitForAdmission(cp, ns, 'ws-probe', 'mutated');
      updates = await streamWithKill('ignore');
    });

    it('should accept every update, and leave those made while the webhook was down without failedBeforeStopping', async () => {
      let broken = 0;
      for (const [i, u] of updates.entries()) {
        assert.equal(u.result.code, 0, u.result.stderr);
        const { annotations } = await objectState(cp, ns, `pod/${u.pod}`);
        assert.equal(annotations['gitpod/explicitFail'], `stream ${i}`);
        if (annotations['gitpod/failedBeforeStopping'] !== 'true') broken += 1;
      }
      figure('Ignore, webhook killed after 4 of 12 updates: pods left with explicitFail but no failedBeforeStopping', broken);
      assert.ok(broken >= 1, 'no update passed unmutated: the kill did not take effect');
    });

    it("should still let the plugin's fail command write both annotations", async () => {
      const result = await ws(cp, ['fail', 'ignore-plugin', 'oom', '-n', ns]);
      assert.equal(result.code, 0, result.stderr);
      const { annotations } = await objectState(cp, ns, 'pod/ws-ignore-plugin');
      assert.equal(annotations['gitpod/failedBeforeStopping'], 'true');
    });

    it('should make doctor say the invariant is not enforced', async () => {
      const result = await ws(cp, ['doctor', '-n', ns, '--workspace', 'probe']);
      figure('doctor, Ignore, webhook down', `exit ${result.code}\n${result.stdout}${result.stderr}`);
      assert.equal(result.code, 1);
      assert.match(result.stdout, /\[NOT ENFORCED\]\s+explicitFail implies failedBeforeStopping/);
    });

    it('should repair a broken pod at its next update once the webhook is back', async () => {
      webhook = await startWebhook({ certDir, port });
      await waitForAdmission(cp, ns, 'ws-probe', 'mutated');
      const last = updates.at(-1);
      assert.ok(last);
      await kubectlOk(cp, ['annotate', `pod/${last.pod}`, '-n', ns, 'example.com/touched=yes']);
      const { annotations } = await objectState(cp, ns, `pod/${last.pod}`);
      assert.equal(annotations['gitpod/failedBeforeStopping'], 'true');
      const doctor = await ws(cp, ['doctor', '-n', ns, '--workspace', 'probe']);
      assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
    });
  });

  describe('secrets', () => {
    it('should never show the owner token in any webhook, plugin or API server output', () => {
      const outputs = [...allOutputs([cp.apiServerLogPath]), { source: 'webhook (live)', text: webhook.output() }];
      figure(
        'owner token search, webhook fault suite (with API server log)',
        `${coverage(outputs)}, ${leaksOf(OWNER_TOKEN, outputs).length} hits`,
      );
      assert.deepEqual(leaksOf(OWNER_TOKEN, outputs), []);
    });
  });
});
