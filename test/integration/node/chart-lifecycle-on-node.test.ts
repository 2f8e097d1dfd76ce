// A release's life on a real node, as docs/chart.md describes it: `helm install`, `helm upgrade` (a
// rolled Deployment, then a forced CA rotation), `helm rollback` to revision 1 and `helm uninstall`,
// each with --wait. The hooks run as real pods (watched, since Helm deletes them once they succeed),
// the API server calls the webhook through its Service, and a writer annotates explicitFail while
// the pods roll. Needs root; its own node, after any other run's (node-lock.ts).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { NodeNetwork } from '../../../cluster/node-config.js';
import { waitFor } from '../../../cluster/net.js';
import { adminClient } from '../../../cluster/admin-client.js';
import type { KubeClient } from '../../../shared/kube/rest.js';
import { createTestNamespace, kubectlOk, runKubectl } from '../../support/cluster.js';
import {
  WriteOutcome,
  assertEveryWriteMutated,
  describeTally,
  startWriteFlow,
  writeExplicitFail,
  type WriterTally,
} from '../../support/explicit-fail-writes.js';
import { nodeImageValues, createRunningWorkspace, importWebhookImage, startNodeCluster, stopNodeCluster } from '../../support/node.js';
import { admissionOnlyIn } from '../chart/test-release.js';
import { watchPods, type PodSighting } from '../../support/pod-watch.js';
import { figure } from '../../support/reliability/figures.js';
import { chartDir, parseHelmHistory, runHelm } from '../chart/helm.js';

interface ObjectList {
  readonly items: readonly {
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly deletionTimestamp?: string };
    readonly status?: { readonly conditions?: readonly { type: string; status: string }[] };
  }[];
}

/** What one helm command did while it ran. */
interface StepResult {
  readonly hookPods: readonly PodSighting[];
  readonly writes?: WriterTally;
}

describe('helm upgrade, helm rollback and helm uninstall on the node leave the cluster as documented', function () {
  this.timeout(12 * 60_000);
  let cp: ControlPlane;
  let admin: KubeClient;
  let helmDir: string;
  let ns: string;
  let release: string;
  let fullname: string;
  let workspace: string;
  let namespacedTypes: string;
  let clusterTypes: string;
  const caByRevision = new Map<number, string>();
  let steps = 0;

  const helmOk = async (args: readonly string[]): Promise<string> => {
    const result = await runHelm(join(cp.binDir, 'helm'), [...args, '--namespace', ns, '--kubeconfig', cp.kubeconfigPath], helmDir);
    assert.equal(result.code, 0, `helm ${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
    return result.stdout;
  };
  // Every revision gets these; an upgrade without --reuse-values starts again from the chart's defaults.
  // Only this namespace's pods: a failurePolicy=Fail webhook must not hold up anything else.
  const baseValues = (): string[] => [...nodeImageValues, ...admissionOnlyIn(ns)];
  /** A pod template annotation that differs per revision, so the Deployment rolls. */
  const rolledTo = (revision: number): string[] => ['--set-string', `podAnnotations.rollout=${revision}`];
  const wait = ['--wait', '--timeout', '5m'];
  const hookSelector = () => `app.kubernetes.io/instance=${release},app.kubernetes.io/component in (certgen,unregister)`;
  const webhookSelector = () => `app.kubernetes.io/instance=${release},app.kubernetes.io/component=webhook`;

  const secretCa = (): Promise<string> => kubectlOk(cp, ['get', 'secret', '-n', ns, `${fullname}-tls`, '-o', 'jsonpath={.data.ca\\.crt}']);
  const caBundle = (): Promise<string> =>
    kubectlOk(cp, ['get', 'mutatingwebhookconfiguration', fullname, '-o', 'jsonpath={.webhooks[0].clientConfig.caBundle}']);
  const webhookPods = async () =>
    (JSON.parse(await kubectlOk(cp, ['get', 'pods', '-n', ns, '-l', webhookSelector(), '-o', 'json'])) as ObjectList).items;
  /** "Kind/name" of every object of `types` (comma-separated), sorted. */
  const objects = async (types: string, args: readonly string[]): Promise<string[]> =>
    (JSON.parse(await kubectlOk(cp, ['get', types, ...args, '-o', 'json'])) as ObjectList).items
      .map((o) => `${o.kind}/${o.metadata.name}`)
      .sort();
  const namespaceObjects = () => objects(namespacedTypes, ['-n', ns]);
  const clusterObjectsOfRelease = () => objects(clusterTypes, ['-l', `app.kubernetes.io/instance=${release}`]);
  const listableTypes = async (namespaced: boolean): Promise<string> =>
    (await kubectlOk(cp, ['api-resources', `--namespaced=${namespaced}`, '--verbs=list', '-o', 'name']))
      .split('\n')
      // Events record what happened; they are nobody's objects.
      .filter((type) => type !== '' && type !== 'events' && type !== 'events.events.k8s.io')
      .join(',');

  /**
   * Runs helm with the hook pods watched and, with `withWriter`, a writer of explicitFail on the workspace
   * throughout, until the Deployment's rollout is complete and every pod it replaced is gone (they serve until then).
   */
  async function helmStep(args: readonly string[], withWriter: boolean): Promise<StepResult> {
    const replaced = new Set((await webhookPods()).map((p) => p.metadata.name));
    const watch = await watchPods(cp, ns, hookSelector());
    steps += 1;
    // Its own label per step, so that a value read back after a refusal can only be that write's.
    const writer = withWriter
      ? startWriteFlow({ namespace: ns, writers: [{ pod: workspace, client: admin }], label: `step${steps}`, pauseMs: 100 })
      : undefined;
    let writes: WriterTally | undefined;
    let hookPods: readonly PodSighting[];
    try {
      await helmOk(args);
      await kubectlOk(cp, ['rollout', 'status', '-n', ns, `deployment/${fullname}`, '--timeout=3m']);
      await waitFor('the replaced webhook pods to be gone', 3 * 60_000, async () =>
        (await webhookPods()).every((p) => !replaced.has(p.metadata.name)),
      );
    } finally {
      writes = await writer?.stop();
      hookPods = [...(await watch.stop()).values()];
    }
    const pods = await webhookPods();
    assert.equal(pods.length, 2, `webhook pods: ${pods.map((p) => p.metadata.name).join(', ')}`);
    for (const pod of pods) {
      assert.equal(replaced.has(pod.metadata.name), false, `${pod.metadata.name} was not replaced`);
      assert.ok(
        pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        `${pod.metadata.name} is not Ready`,
      );
    }
    return { hookPods, writes };
  }

  /** Each expected hook Job ran one pod on the node that succeeded; no other hook pod ran. */
  function assertHooksRan(hookPods: readonly PodSighting[], jobs: readonly string[]): void {
    assert.deepEqual([...new Set(hookPods.map((p) => p.job))].sort(), [...jobs].sort());
    for (const pod of hookPods) {
      assert.deepEqual(pod.phases.at(-1), 'Succeeded', `${pod.name} of ${pod.job}: phases ${pod.phases.join(' → ')}`);
      assert.equal(pod.phases.includes('Failed'), false, `${pod.name} failed`);
      assert.equal(pod.node, NodeNetwork.nodeName);
    }
  }

  /** hook-delete-policy hook-succeeded: the Jobs and their RBAC are gone, and the garbage collector takes the pods. */
  async function assertHookResourcesDeleted(component: 'certgen' | 'unregister', jobs: readonly string[]): Promise<void> {
    const rbac = `${fullname}-${component}`;
    const left = await kubectlOk(cp, [
      'get',
      '-n',
      ns,
      ...jobs.map((job) => `job/${job}`),
      `serviceaccount/${rbac}`,
      `clusterrole/${rbac}`,
      `clusterrolebinding/${rbac}`,
      ...(component === 'certgen' ? [`role/${rbac}`, `rolebinding/${rbac}`] : []),
      '--ignore-not-found',
      '-o',
      'name',
    ]);
    assert.equal(left, '', `hook resources left after success:\n${left}`);
    await waitFor(
      'the hook pods to be deleted',
      2 * 60_000,
      async () => (await kubectlOk(cp, ['get', 'pods', '-n', ns, '-l', hookSelector(), '-o', 'name'])) === '',
    );
  }

  /** One write that needs the patch, through the Service: stored with failedBeforeStopping "true". */
  async function assertMutates(value: string): Promise<void> {
    const write = await writeExplicitFail(admin, ns, workspace, value);
    assert.equal(write.outcome, WriteOutcome.mutated, write.detail);
    assert.equal(write.stored?.['gitpod/explicitFail'], value);
    assert.equal(write.stored?.['gitpod/failedBeforeStopping'], 'true');
  }

  const certgenJobs = () => [`${fullname}-certgen-secret`, `${fullname}-certgen-cabundle`];

  before(async function () {
    // Room for the wait behind another run's node (node-lock.ts) and for the image build.
    this.timeout(40 * 60_000);
    helmDir = mkdtempSync(join(tmpdir(), 'kw-node-lifecycle-'));
    cp = await startNodeCluster();
    admin = adminClient(cp);
    await importWebhookImage(cp);
    ns = await createTestNamespace(cp, 'node-lifecycle');
    release = `kwl-${randomBytes(3).toString('hex')}`;
    fullname = `${release}-kubectl-workspace`;
    workspace = await createRunningWorkspace(cp, ns, randomBytes(3).toString('hex'));
    namespacedTypes = await listableTypes(true);
    clusterTypes = await listableTypes(false);
  });

  after(async function () {
    this.timeout(5 * 60_000);
    admin?.close();
    if (cp !== undefined) await stopNodeCluster(cp);
  });

  it('should install revision 1: certgen hook Jobs complete as pods and are deleted, the caBundle is the CA, the webhook mutates', async () => {
    const step = await helmStep(['install', release, chartDir, ...baseValues(), ...wait], false);
    assertHooksRan(step.hookPods, certgenJobs());
    await assertHookResourcesDeleted('certgen', certgenJobs());
    const ca = await secretCa();
    assert.ok(ca.length > 0);
    assert.equal(await caBundle(), ca);
    caByRevision.set(1, ca);
    await assertMutates('after install');
  });

  it('should roll the webhook pods on helm upgrade with no write refused while they roll', async () => {
    const step = await helmStep(['upgrade', release, chartDir, ...baseValues(), ...rolledTo(2), ...wait], true);
    const writes = step.writes!;
    figure('writes during helm upgrade (pods rolled, same CA)', `${writes.counts.mutated} mutated, ${writes.counts.refused} refused`);
    assertEveryWriteMutated(writes);
    assert.ok(writes.counts.mutated >= 3, `only ${writes.counts.mutated} writes while the pods rolled`);
    assertHooksRan(step.hookPods, certgenJobs());
    await assertHookResourcesDeleted('certgen', certgenJobs());
    // certgen kept the valid Secret, so the caBundle did not change.
    assert.equal(await secretCa(), caByRevision.get(1));
    assert.equal(await caBundle(), caByRevision.get(1));
    caByRevision.set(2, caByRevision.get(1)!);
    await assertMutates('after upgrade');
  });

  it('should write a new CA into caBundle on helm upgrade with forceRotate, refusing writes only in the documented window', async () => {
    const upgrade = ['upgrade', release, chartDir, ...baseValues(), ...rolledTo(3), '--set', 'certificates.job.forceRotate=true', ...wait];
    const step = await helmStep(upgrade, true);
    const writes = step.writes!;
    figure('writes during helm upgrade with forceRotate (new CA)', `${writes.counts.mutated} mutated, ${writes.counts.refused} refused`);
    // docs/chart.md: until the new CA is in caBundle, calls fail and writes that need the patch follow
    // failurePolicy (Fail): refused because the webhook could not be called, and nothing of a refused write is stored.
    assert.deepEqual(
      { failed: writes.counts.failed, unmutated: writes.counts.unmutated },
      { failed: 0, unmutated: 0 },
      `${describeTally(writes)}; first ones: ${writes.samples.join('; ')}`,
    );
    assertHooksRan(step.hookPods, certgenJobs());
    await assertHookResourcesDeleted('certgen', certgenJobs());
    const rotated = await secretCa();
    assert.notEqual(rotated, caByRevision.get(2), 'forceRotate made a new CA');
    assert.equal(await caBundle(), rotated);
    caByRevision.set(3, rotated);
    await assertMutates('after rotation');
  });

  it("should roll back to revision 1 keeping the caBundle at the Secret's CA, with no write refused", async () => {
    const step = await helmStep(['rollback', release, '1', ...wait], true);
    const writes = step.writes!;
    figure('writes during helm rollback to revision 1', `${writes.counts.mutated} mutated, ${writes.counts.refused} refused`);
    assertEveryWriteMutated(writes);
    assert.ok(writes.counts.mutated >= 3, `only ${writes.counts.mutated} writes while the pods rolled`);
    // A rollback runs only the post-rollback hooks of the revision it returns to.
    assertHooksRan(step.hookPods, [`${fullname}-certgen-cabundle`]);
    await assertHookResourcesDeleted('certgen', [`${fullname}-certgen-cabundle`]);
    assert.equal(await secretCa(), caByRevision.get(3), 'a rollback does not bring back an old CA');
    assert.equal(await caBundle(), caByRevision.get(3));
    const history = parseHelmHistory(await helmOk(['history', release, '-o', 'json']));
    assert.deepEqual(
      history.map((h) => [h.revision, h.status]),
      [
        [1, 'superseded'],
        [2, 'superseded'],
        [3, 'superseded'],
        [4, 'deployed'],
      ],
    );
    assert.equal(history[3]?.description, 'Rollback to 1');
    await assertMutates('after rollback');
  });

  it('should run the pre-delete unregister Job as a pod on helm uninstall and leave only the Secret', async () => {
    await kubectlOk(cp, ['delete', 'pod', '-n', ns, workspace, '--wait=true', '--timeout=2m']);
    const releaseObjects = await namespaceObjects();
    for (const object of [
      `Deployment/${fullname}`,
      `Service/${fullname}`,
      `PodDisruptionBudget/${fullname}`,
      `CronJob/${fullname}-cert-renewal`,
      `ServiceAccount/${fullname}`,
      `Role/${fullname}-cert-renewal`,
      `RoleBinding/${fullname}-cert-renewal`,
    ]) {
      assert.ok(releaseObjects.includes(object), `${object} before uninstall; found ${releaseObjects.join(', ')}`);
    }
    const clusterObjects = await clusterObjectsOfRelease();
    for (const object of [
      `MutatingWebhookConfiguration/${fullname}`,
      `ClusterRole/${fullname}-viewer`,
      `ClusterRole/${fullname}-operator`,
      `ClusterRole/${fullname}-cert-renewal`,
      `ClusterRoleBinding/${fullname}-cert-renewal`,
    ]) {
      assert.ok(clusterObjects.includes(object), `${object} before uninstall; found ${clusterObjects.join(', ')}`);
    }

    const watch = await watchPods(cp, ns, hookSelector());
    let hookPods: PodSighting[];
    try {
      await helmOk(['uninstall', release, ...wait]);
    } finally {
      hookPods = [...(await watch.stop()).values()];
    }
    assertHooksRan(hookPods, [`${fullname}-unregister`]);
    await assertHookResourcesDeleted('unregister', [`${fullname}-unregister`]);
    assert.match((await runKubectl(cp, ['get', 'mutatingwebhookconfiguration', fullname])).stderr, /NotFound/);

    // docs/chart.md: uninstall leaves the Secret certgen wrote (a reinstall reuses it), and nothing else.
    // The garbage collector removes the pods and EndpointSlices after their owners, so wait for it.
    const expected = ['ConfigMap/kube-root-ca.crt', `Secret/${fullname}-tls`, 'ServiceAccount/default'];
    let left: string[] = [];
    await waitFor('the namespace to hold only what uninstall leaves', 2 * 60_000, async () => {
      left = await namespaceObjects();
      return left.join() === expected.join();
    }).catch(() => undefined);
    assert.deepEqual(left, expected);
    assert.deepEqual(await clusterObjectsOfRelease(), []);
    assert.equal(await secretCa(), caByRevision.get(3));
  });
});
