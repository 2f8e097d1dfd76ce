// The chart's webhook on a real node while writes that need its patch flow through the API server:
// the serving certificate rotated through its Secret, a pod evicted under the PodDisruptionBudget,
// and every pod gone with failurePolicy: Fail. Several writers, each with its own connections,
// write their own workspace pod; every write's result is counted. Needs root, like chart-on-node.
import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { waitFor } from '../../../cluster/net.js';
import { adminClient } from '../../../cluster/admin-client.js';
import { ApiError } from '../../../shared/kube/api-error.js';
import type { KubeClient } from '../../../shared/kube/rest.js';
import { PatchType } from '../../../shared/kube/rest.js';
import { certificateNames, issueServingCertificate } from '../../../webhook/certgen.js';
import { createTestNamespace, kubectlOk, runKubectl } from '../../support/cluster.js';
import { nodeImageValues, createWorkspacePod, importWebhookImage, startNodeCluster, stopNodeCluster } from '../../support/node.js';
import { admissionOnlyIn } from '../chart/test-release.js';
import {
  podAnnotations,
  podMetric,
  servedSerial,
  waitPodsReady,
  waitWebhookSettled,
  webhookPods,
  type WebhookPod,
} from '../../support/node-webhook.js';
import { figure } from '../../support/reliability/figures.js';
import {
  WriteOutcome,
  assertEveryWriteMutated,
  describeTally,
  startWriteFlow,
  type WriteFlow,
  type WriterTally,
} from '../../support/explicit-fail-writes.js';
import { chartDir, runHelm } from '../chart/helm.js';

const WRITERS = 4;
const WEBHOOK_NAME = 'failed-before-stopping.workspace.gitpod.io';
const RELOADS = 'workspace_webhook_tls_reloads_total';

interface Release {
  readonly ns: string;
  readonly release: string;
  readonly fullname: string;
  /** One running workspace pod per writer. */
  readonly writerPods: readonly string[];
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const unb64 = (data: string | undefined): string => Buffer.from(data ?? '', 'base64').toString('utf8');

describe('the webhook on a real node while updates flow (rotation, eviction, outage)', function () {
  this.timeout(20 * 60_000);
  let cp: ControlPlane;
  let helmDir: string;
  const clients: KubeClient[] = [];

  const helm = (args: readonly string[]) => runHelm(join(cp.binDir, 'helm'), [...args, '--kubeconfig', cp.kubeconfigPath], helmDir);

  /** `helm install --wait` into a fresh namespace, the webhook scoped to it, plus one running workspace pod per writer. */
  const install = async (prefix: string, values: readonly string[]): Promise<Release> => {
    const ns = await createTestNamespace(cp, prefix);
    const release = `kwd-${randomBytes(3).toString('hex')}`;
    const [installed, writerPods] = await Promise.all([
      helm([
        ...['install', release, chartDir, '--namespace', ns, '--wait', '--timeout', '5m'],
        ...nodeImageValues,
        // Only this namespace's pods: a failurePolicy=Fail webhook must not hold up the other tests.
        ...admissionOnlyIn(ns),
        ...values,
      ]),
      Promise.all(Array.from({ length: WRITERS }, () => createWorkspacePod(cp, ns))),
    ]);
    assert.equal(installed.code, 0, `helm install exited ${installed.code}:\n${installed.stderr}`);
    await waitPodsReady(cp, ns, writerPods);
    return { ns, release, fullname: `${release}-kubectl-workspace`, writerPods };
  };
  const uninstall = async (r: Release) => {
    await helm(['uninstall', r.release, '--namespace', r.ns, '--wait', '--timeout', '3m']);
  };

  /** Every writer on its own pod with its own client, so nothing but the admission path is shared. */
  const startFlow = (r: Release, label: string): WriteFlow => {
    const writers = r.writerPods.map((pod) => {
      const client = adminClient(cp);
      clients.push(client);
      return { pod, client };
    });
    return startWriteFlow({ namespace: r.ns, writers, label });
  };

  /** Each writer's pod carries the last value stored with the patch, and the flag: no refused write left a trace. */
  const assertPodsConsistent = async (r: Release, tally: WriterTally) => {
    for (const pod of r.writerPods) {
      const annotations = await podAnnotations(cp, r.ns, pod);
      assert.equal(annotations['gitpod/explicitFail'], tally.lastMutated.get(pod), `pod ${pod}`);
      assert.equal(annotations['gitpod/failedBeforeStopping'], 'true', `pod ${pod}`);
    }
  };

  before(async function () {
    helmDir = mkdtempSync(join(tmpdir(), 'kw-node-helm-'));
    cp = await startNodeCluster();
    await importWebhookImage(cp);
  });

  after(async function () {
    for (const client of clients) client.close();
    if (cp !== undefined) await stopNodeCluster(cp);
    if (helmDir !== undefined) rmSync(helmDir, { recursive: true, force: true });
  });

  it('the serving certificate is rotated by updating its Secret while updates flow, with no failed request', async function () {
    const r = await install('node-rotate', ['--set', 'replicaCount=2']);
    const admin = adminClient(cp);
    clients.push(admin);
    try {
      const pods = await waitWebhookSettled(cp, r.ns, r.release, 2);
      const secretPath = `/api/v1/namespaces/${r.ns}/secrets/${r.fullname}-tls`;
      const secret = await admin.get<{ data: Record<string, string> }>(secretPath);
      const ca = unb64(secret.data['ca.crt']);
      const current = new X509Certificate(unb64(secret.data['tls.crt']));
      // Signed by the CA certgen keeps in the Secret: the caBundle stays valid, so no call may fail.
      const renewed = issueServingCertificate({
        ca: { certPem: ca, keyPem: unb64(secret.data['ca.key']) },
        names: certificateNames(current),
      });
      const renewedSerial = new X509Certificate(renewed.certPem).serialNumber;
      assert.notEqual(renewedSerial, current.serialNumber);
      const serverName = `${r.fullname}.${r.ns}.svc`;
      const serialOf = (pod: WebhookPod) => servedSerial(pod.ip, pod.httpsPort, serverName, ca);
      for (const pod of pods) assert.equal(await serialOf(pod), current.serialNumber, `pod ${pod.name} before the rotation`);
      const reloadsBefore = await Promise.all(pods.map((pod) => podMetric(cp, r.ns, pod, RELOADS, 'result="success"')));

      const flow = startFlow(r, 'rotate');
      let tally: WriterTally;
      let rotateMs = 0;
      try {
        await flow.waitFor(WriteOutcome.mutated, 5 * WRITERS, 120_000);
        const started = performance.now();
        await admin.patch(secretPath, { data: { 'tls.crt': b64(renewed.certPem), 'tls.key': b64(renewed.keyPem) } }, PatchType.merge);
        // The kubelet swaps the mounted files at the pod's next sync; the webhook sees the swap and reloads.
        await waitFor('every webhook pod to serve the renewed certificate', 180_000, async () => {
          // A handshake that fails while the files are swapped is asked again on the next poll.
          const serials = await Promise.all(pods.map((pod) => serialOf(pod).catch(() => undefined)));
          return serials.every((serial) => serial === renewedSerial);
        });
        rotateMs = performance.now() - started;
        await flow.waitFor(WriteOutcome.mutated, 5 * WRITERS, 120_000);
      } finally {
        tally = await flow.stop();
      }

      assertEveryWriteMutated(tally);
      await assertPodsConsistent(r, tally);
      // Reloaded in the same processes: the same pods, no restart, one successful reload each.
      const after = await webhookPods(cp, r.ns, r.release);
      assert.deepEqual(after.map((p) => [p.name, p.restarts]).sort(), pods.map((p) => [p.name, 0]).sort());
      const reloadsAfter = await Promise.all(pods.map((pod) => podMetric(cp, r.ns, pod, RELOADS, 'result="success"')));
      assert.deepEqual(
        reloadsAfter,
        reloadsBefore.map((n) => n + 1),
      );
      // What the API server meets on a new connection through the Service: the renewed certificate.
      const service = JSON.parse(await kubectlOk(cp, ['get', 'service', '-n', r.ns, r.fullname, '-o', 'json'])) as {
        spec: { clusterIP: string; ports: { name: string; port: number }[] };
      };
      const servicePort = service.spec.ports.find((p) => p.name === 'https')?.port ?? 443;
      for (let i = 0; i < 4; i += 1) assert.equal(await servedSerial(service.spec.clusterIP, servicePort, serverName, ca), renewedSerial);
      figure(
        'certificate rotated through its Secret on the node (2 replicas)',
        `${describeTally(tally)}; every pod served the renewed certificate ${(rotateMs / 1000).toFixed(1)} s after the Secret update`,
      );
    } finally {
      await uninstall(r);
    }
  });

  it('a webhook pod deleted while updates flow loses no request (two replicas, the PodDisruptionBudget)', async function () {
    const r = await install('node-evict', ['--set', 'replicaCount=2']);
    const admin = adminClient(cp);
    clients.push(admin);
    const evict = (pod: string) =>
      admin.post(`/api/v1/namespaces/${r.ns}/pods/${pod}/eviction`, {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: pod, namespace: r.ns },
      });
    try {
      const [first, second] = (await waitWebhookSettled(cp, r.ns, r.release, 2)) as [WebhookPod, WebhookPod];
      // The disruption controller has counted both pods: one may go.
      await kubectlOk(cp, ['wait', '--for=jsonpath={.status.disruptionsAllowed}=1', '--timeout=120s', '-n', r.ns, `pdb/${r.fullname}`]);

      const flow = startFlow(r, 'evict');
      let tally: WriterTally;
      try {
        await flow.waitFor(WriteOutcome.mutated, 5 * WRITERS, 120_000);
        await evict(first.name);
        // The eviction took the budget's one disruption; the replacement is not Ready yet, so the second is refused.
        await assert.rejects(evict(second.name), (error: unknown) => {
          assert.ok(error instanceof ApiError, String(error));
          assert.equal(error.statusCode, 429);
          assert.match(error.message, /disruption budget/);
          return true;
        });
        await kubectlOk(cp, ['wait', '--for=delete', '--timeout=180s', '-n', r.ns, `pod/${first.name}`]);
        const settled = await waitWebhookSettled(cp, r.ns, r.release, 2);
        assert.ok(
          settled.some((p) => p.name === second.name),
          'the second pod was not evicted',
        );
        assert.ok(!settled.some((p) => p.name === first.name));
        await flow.waitFor(WriteOutcome.mutated, 5 * WRITERS, 120_000);
      } finally {
        tally = await flow.stop();
      }
      assertEveryWriteMutated(tally);
      await assertPodsConsistent(r, tally);
      figure('webhook pod evicted on the node (2 replicas, PodDisruptionBudget)', describeTally(tally));
    } finally {
      await uninstall(r);
    }
  });

  it('with replicas: 1 and failurePolicy: Fail, writes that need the patch are refused while the pod is gone and recover when it is back, nothing half-applied', async function () {
    const r = await install('node-outage', ['--set', 'replicaCount=1', '--set', 'admission.failurePolicy=Fail']);
    try {
      await waitWebhookSettled(cp, r.ns, r.release, 1);
      // One replica renders no budget: it would block every drain.
      assert.equal((await runKubectl(cp, ['get', 'pdb', '-n', r.ns, r.fullname])).code, 1);
      const probe = await createWorkspacePod(cp, r.ns);
      await waitPodsReady(cp, r.ns, [probe]);
      const deployment = `deployment/${r.fullname}`;

      const outage = startFlow(r, 'outage');
      let during: WriterTally;
      try {
        await outage.waitFor(WriteOutcome.mutated, 5 * WRITERS, 120_000);
        await kubectlOk(cp, ['scale', '-n', r.ns, deployment, '--replicas=0']);
        await waitFor('no webhook pod left', 180_000, async () => (await webhookPods(cp, r.ns, r.release)).length === 0);
        await outage.waitFor(WriteOutcome.refused, 3 * WRITERS, 120_000);
      } finally {
        during = await outage.stop();
      }
      // Refused or mutated, nothing in between; a refused write left the pod as it was.
      assert.deepEqual(
        { failed: during.counts.failed, unmutated: during.counts.unmutated },
        { failed: 0, unmutated: 0 },
        during.samples.join('; '),
      );
      assert.ok(during.counts.refused >= 3 * WRITERS);
      await assertPodsConsistent(r, during);

      // The same through kubectl, as a user would meet it: the API server's webhook error, the pod unchanged.
      const untouched = await podAnnotations(cp, r.ns, probe);
      const refused = await runKubectl(cp, ['annotate', '-n', r.ns, `pod/${probe}`, 'gitpod/explicitFail=out of memory']);
      assert.notEqual(refused.code, 0);
      assert.match(refused.stderr, new RegExp(`failed calling webhook "${WEBHOOK_NAME.replace(/\./g, '\\.')}"`));
      assert.deepEqual(await podAnnotations(cp, r.ns, probe), untouched);
      // Writes the match conditions leave out never reach the webhook, so they pass: another annotation,
      // and explicitFail written together with the flag (as the plugin writes it).
      await kubectlOk(cp, ['annotate', '-n', r.ns, `pod/${probe}`, 'example.com/checked=during-outage']);
      const [consistent] = r.writerPods as [string];
      await kubectlOk(cp, [
        'annotate',
        '--overwrite',
        '-n',
        r.ns,
        `pod/${consistent}`,
        'gitpod/explicitFail=written by the plugin',
        'gitpod/failedBeforeStopping=true',
      ]);
      assert.equal((await podAnnotations(cp, r.ns, probe))['example.com/checked'], 'during-outage');
      assert.equal((await podAnnotations(cp, r.ns, consistent))['gitpod/explicitFail'], 'written by the plugin');

      await kubectlOk(cp, ['scale', '-n', r.ns, deployment, '--replicas=1']);
      await waitWebhookSettled(cp, r.ns, r.release, 1);
      // Ready, and the same write succeeds once kube-proxy routes the Service to it; until then it is refused the same way.
      await waitFor('the refused write to be admitted again', 120_000, async () => {
        const again = await runKubectl(cp, ['annotate', '-n', r.ns, `pod/${probe}`, 'gitpod/explicitFail=out of memory']);
        if (again.code === 0) return true;
        assert.match(again.stderr, /failed calling webhook/);
        return false;
      });
      const recovered = await podAnnotations(cp, r.ns, probe);
      assert.equal(recovered['gitpod/explicitFail'], 'out of memory');
      assert.equal(recovered['gitpod/failedBeforeStopping'], 'true');

      const back = startFlow(r, 'back');
      let afterwards: WriterTally;
      try {
        await back.waitFor(WriteOutcome.mutated, 5 * WRITERS, 120_000);
      } finally {
        afterwards = await back.stop();
      }
      assertEveryWriteMutated(afterwards);
      await assertPodsConsistent(r, afterwards);
      figure(
        'no webhook pod, failurePolicy Fail (1 replica scaled to 0 and back)',
        `during: ${describeTally(during)}; after: ${describeTally(afterwards)}`,
      );
    } finally {
      await uninstall(r);
    }
  });
});
