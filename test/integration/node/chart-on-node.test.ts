// The chart as a platform engineer installs it, on a real node: `helm install --wait` from the
// image the real `docker build` made (imported into the node's containerd), the certgen hook
// Jobs run as pods, the Deployment becomes Ready through its probes, and the API server calls
// the webhook through its Service. Needs root (containerd, the pod bridge, iptables); one node
// runs per machine, and a second start names the directory of the first.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { NodeNetwork } from '../../../cluster/node-config.js';
import { freePort, waitFor } from '../../../cluster/net.js';
import { createTestNamespace, kubectlOk, runKubectl } from '../../support/cluster.js';
import { buildPlugin, ws } from '../../support/plugin.js';
import { chartDir, runHelm, type HelmResult } from '../chart/helm.js';
import { nodeImageValues, createRunningWorkspace, importWebhookImage, startNodeCluster, stopNodeCluster } from '../../support/node.js';
import { admissionOnlyIn } from '../chart/test-release.js';

interface PodJson {
  readonly metadata: { readonly name: string; readonly annotations?: Record<string, string> };
  readonly spec?: { readonly containers: readonly { readonly ports?: readonly { name?: string; containerPort: number }[] }[] };
  readonly status?: { readonly phase?: string; readonly conditions?: readonly { type: string; status: string }[] };
}

describe('the chart on a real node (helm install --wait, image from docker build)', function () {
  this.timeout(20 * 60_000);
  let cp: ControlPlane;
  let helmDir: string;

  const helm = async (args: readonly string[]): Promise<HelmResult> => {
    const result = await runHelm(join(cp.binDir, 'helm'), [...args, '--kubeconfig', cp.kubeconfigPath], helmDir);
    return result;
  };
  const helmOk = async (args: readonly string[]): Promise<string> => {
    const result = await helm(args);
    assert.equal(result.code, 0, `helm ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
    return result.stdout;
  };
  /** `helm install` of the chart as `release` into `ns`, waiting up to `timeout` for its resources. */
  const installChart = (release: string, ns: string, timeout: string): string[] => [
    'install',
    release,
    chartDir,
    '--namespace',
    ns,
    '--wait',
    '--timeout',
    timeout,
  ];

  const annotationsOf = async (ns: string, pod: string): Promise<Record<string, string>> =>
    (JSON.parse(await kubectlOk(cp, ['get', 'pod', '-n', ns, pod, '-o', 'json'])) as PodJson).metadata.annotations ?? {};

  /** The sum of a counter over every webhook pod, read from each pod's /metrics through the API server. */
  const counterOverPods = async (ns: string, release: string, metric: string): Promise<number> => {
    const pods = JSON.parse(
      await kubectlOk(cp, [
        'get',
        'pods',
        '-n',
        ns,
        '-l',
        `app.kubernetes.io/instance=${release},app.kubernetes.io/component=webhook`,
        '-o',
        'json',
      ]),
    ) as { items: PodJson[] };
    let sum = 0;
    for (const pod of pods.items) {
      // The pod proxy takes a port number, not a name.
      const port = pod.spec?.containers[0]?.ports?.find((p) => p.name === 'metrics')?.containerPort;
      assert.ok(port, `pod ${pod.metadata.name} has no port named metrics`);
      const text = await kubectlOk(cp, ['get', '--raw', `/api/v1/namespaces/${ns}/pods/http:${pod.metadata.name}:${port}/proxy/metrics`]);
      for (const line of text.split('\n')) {
        if (line.startsWith(`${metric}{`) || line.startsWith(`${metric} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  };

  before(async function () {
    // Room for the wait behind another run's node (node-lock.ts) and for the image build.
    this.timeout(40 * 60_000);
    helmDir = mkdtempSync(join(tmpdir(), 'kw-node-helm-'));
    cp = await startNodeCluster();
    await importWebhookImage(cp);
    buildPlugin();
  });

  after(async function () {
    if (cp !== undefined) await stopNodeCluster(cp);
  });

  const webhookModes = [
    { what: 'job certificates (certgen hook Jobs), two pods on the pod network', replicas: 2, values: async (): Promise<string[]> => [] },
    // One node has each host port once: a second replica could never be scheduled. The ports are free ones.
    {
      what: "job certificates, one pod on the node's network (webhook.hostNetwork)",
      replicas: 1,
      values: async (): Promise<string[]> => [
        '--set',
        'webhook.hostNetwork=true',
        '--set',
        `webhook.port=${await freePort()}`,
        '--set',
        `metrics.port=${await freePort()}`,
        '--set',
        'replicaCount=1',
      ],
    },
  ];
  for (const mode of webhookModes) {
    it(`should install and mutate through the Service: ${mode.what}`, async function () {
      const ns = await createTestNamespace(cp, 'node-chart');
      const release = `kwn-${randomBytes(3).toString('hex')}`;
      const fullname = `${release}-kubectl-workspace`;
      await helmOk([
        ...installChart(release, ns, '5m'),
        ...nodeImageValues,
        // Only this namespace's pods: a failurePolicy=Fail webhook must not hold up the other tests.
        ...admissionOnlyIn(ns),
        ...(await mode.values()),
      ]);
      try {
        // The certgen hooks ran as pods: the Secret they write exists, and its CA is the caBundle.
        const secret = JSON.parse(await kubectlOk(cp, ['get', 'secret', '-n', ns, `${fullname}-tls`, '-o', 'json'])) as {
          data: Record<string, string>;
        };
        const config = JSON.parse(await kubectlOk(cp, ['get', 'mutatingwebhookconfiguration', fullname, '-o', 'json'])) as {
          webhooks: { clientConfig: { caBundle?: string; url?: string; service?: { name: string; namespace: string } } }[];
        };
        assert.equal(config.webhooks[0]?.clientConfig.caBundle, secret.data['ca.crt']);
        assert.equal(config.webhooks[0]?.clientConfig.service?.name, fullname);
        assert.equal(config.webhooks[0]?.clientConfig.service?.namespace, ns);
        assert.equal(config.webhooks[0]?.clientConfig.url, undefined);

        // Ready through the real probes: the Deployment's pods, all of them Ready.
        const deployment = JSON.parse(await kubectlOk(cp, ['get', 'deployment', '-n', ns, fullname, '-o', 'json'])) as {
          status: { readyReplicas?: number };
          spec: { replicas: number };
        };
        assert.equal(deployment.status.readyReplicas, deployment.spec.replicas);
        assert.equal(deployment.spec.replicas, mode.replicas);

        const before = await counterOverPods(ns, release, 'workspace_webhook_patches_applied_total');
        const pod = await createRunningWorkspace(cp, ns, randomBytes(3).toString('hex'));
        await kubectlOk(cp, ['annotate', '-n', ns, `pod/${pod}`, 'gitpod/explicitFail=out of memory']);
        const annotations = await annotationsOf(ns, pod);
        assert.equal(annotations['gitpod/explicitFail'], 'out of memory');
        assert.equal(annotations['gitpod/failedBeforeStopping'], 'true');
        assert.equal(await counterOverPods(ns, release, 'workspace_webhook_patches_applied_total'), before + 1);

        const doctor = await ws(cp, ['doctor', '-n', ns]);
        assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
        assert.match(
          doctor.stdout,
          /\[OK\]\s+explicitFail implies failedBeforeStopping: a server-side dry run on pod\/ws-\w+ came back with failedBeforeStopping="true"/,
        );

        // The API server reaches the kubelet with its client certificate: logs of a webhook pod.
        const logs = await runKubectl(cp, ['logs', '-n', ns, `deployment/${fullname}`]);
        assert.equal(logs.code, 0, logs.stderr);
      } finally {
        await helm(['uninstall', release, '--namespace', ns, '--wait', '--timeout', '3m']);
      }
      assert.equal((await runKubectl(cp, ['get', 'mutatingwebhookconfiguration', fullname])).code, 1);
    });
  }

  it('should mutate in policy mode (no pods, no certificates) and doctor should say so', async function () {
    const ns = await createTestNamespace(cp, 'node-policy');
    const release = `kwp-${randomBytes(3).toString('hex')}`;
    await helmOk([...installChart(release, ns, '3m'), '--set', 'mode=policy', ...admissionOnlyIn(ns)]);
    try {
      const pod = await createRunningWorkspace(cp, ns, randomBytes(3).toString('hex'));
      // The API server picks a new policy up asynchronously: annotate until it has seen the write.
      let annotations: Record<string, string> = {};
      await waitFor('the policy to mutate', 60_000, async () => {
        await kubectlOk(cp, ['annotate', '--overwrite', '-n', ns, `pod/${pod}`, 'gitpod/explicitFail=out of memory']);
        annotations = await annotationsOf(ns, pod);
        if (annotations['gitpod/failedBeforeStopping'] === 'true') return true;
        await kubectlOk(cp, ['annotate', '-n', ns, `pod/${pod}`, 'gitpod/explicitFail-']);
        return false;
      });
      assert.equal(annotations['gitpod/failedBeforeStopping'], 'true');
      const doctor = await ws(cp, ['doctor', '-n', ns]);
      assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
      assert.match(doctor.stdout, /\[OK\]\s+explicitFail implies failedBeforeStopping/);
    } finally {
      await helm(['uninstall', release, '--namespace', ns, '--wait', '--timeout', '3m']);
    }
  });

  it("should refuse a second node on the same machine, naming the first one's directory", async function () {
    await assert.rejects(startNodeCluster(), (err: Error) => {
      assert.match(
        err.message,
        new RegExp(
          `another local node is up on this machine \\(bridge ${NodeNetwork.bridge}, cluster directory ${cp.dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`,
        ),
      );
      assert.match(err.message, /npm run cluster -- down --dir/);
      return true;
    });
  });
});
