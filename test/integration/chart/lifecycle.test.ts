// A release through helm install, upgrade, rollback to revision 1 and uninstall against the real API
// server. There is no node, so Helm runs with --no-hooks and the test runs each hook where Helm would:
// the hook's RBAC applied, its Job's command run as that Job's ServiceAccount, the RBAC removed again.
import assert from 'node:assert/strict';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { kubectlOk, runKubectl } from '../../support/cluster.js';
import { buildWebhook } from '../../support/webhook-cli.js';
import { chartDir, ciValues, parseHelmHistory, parseManifests, renderChart, runHelm, type Manifest } from './helm.js';
import { hookEvents, hookJobs, runAsJob } from './out-of-band.js';
import { admissionOnlyIn, removeCaBundle, testRelease, webhookCaBundle, webhookConfigName, webhookConfigVersion } from './test-release.js';

describe('chart release lifecycle (hooks run out of band)', () => {
  let cp: ControlPlane;
  let helm: string;
  let namespace: string;
  let release: string;
  let workDir: string;
  let revision1Hooks: readonly Manifest[];
  const caByRevision: string[] = [];

  const mwcName = () => webhookConfigName(release);
  // Scoped to this namespace: the configuration points at a Service with no pods behind it.
  const valueArgs = (): readonly string[] => ['--values', ciValues.default, ...admissionOnlyIn(namespace)];
  const helmOk = async (args: readonly string[]): Promise<string> => {
    const result = await runHelm(helm, [...args, '--namespace', namespace, '--kubeconfig', cp.kubeconfigPath], workDir);
    assert.equal(result.code, 0, `helm ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const caBundle = (): Promise<string> => webhookCaBundle(cp, release);
  const mwcVersion = (): Promise<string> => webhookConfigVersion(cp, release);
  const secretCa = async (): Promise<string> =>
    kubectlOk(cp, ['get', 'secret', `${release}-kubectl-workspace-tls`, '-n', namespace, '-o', 'jsonpath={.data.ca\\.crt}']);

  /** What Helm does for one hook event: create the event's hook resources, run its Jobs, delete them after success. */
  async function runHooks(hooks: readonly Manifest[], event: string): Promise<void> {
    const resources = hooks.filter((m) => m.kind !== 'Job' && hookEvents(m).includes(event));
    const stream = resources.map((m) => JSON.stringify(m)).join('\n');
    if (resources.length > 0) await kubectlOk(cp, ['apply', '-f', '-'], { input: stream });
    const jobs = hookJobs(hooks, event);
    assert.ok(jobs.length > 0, `no ${event} Job`);
    for (const job of jobs) {
      const result = await runAsJob(cp, namespace, job, workDir);
      assert.equal(result.code, 0, `${event} Job ${job.metadata.name}: ${result.stdout}${result.stderr}`);
    }
    if (resources.length > 0) await kubectlOk(cp, ['delete', '--ignore-not-found', '-f', '-'], { input: stream });
  }

  const releaseHooks = async (revision: number): Promise<readonly Manifest[]> =>
    parseManifests(await helmOk(['get', 'hooks', release, '--revision', String(revision)]));

  before(async function () {
    this.timeout(300000);
    ({ cp, helm, namespace, release, workDir } = await testRelease('lifecycle', 'kwl'));
    // The hooks' Jobs run the built bundle: build it here, under this hook's timeout, if it is stale.
    buildWebhook();
  });

  after(async function () {
    this.timeout(60000);
    if (!cp) return;
    await runHelm(helm, ['uninstall', release, '--no-hooks', '--namespace', namespace, '--kubeconfig', cp.kubeconfigPath], workDir);
    await runKubectl(cp, ['delete', 'mutatingwebhookconfiguration', mwcName(), '--ignore-not-found']);
  });

  it('should install with the CA in caBundle after post-install, and store the manifest an offline render gives', async function () {
    this.timeout(180000);
    // pre-install runs before Helm creates anything: its hooks come from the same render Helm makes.
    const rendered = await renderChart(helm, workDir, release, namespace, valueArgs());
    await runHooks(
      rendered.filter((m) => hookEvents(m).length > 0),
      'pre-install',
    );
    const installed = await helmOk(['install', release, chartDir, '--no-hooks', ...valueArgs()]);
    assert.match(
      installed,
      new RegExp(`The CronJob "${release}-kubectl-workspace-cert-renewal" renews the certificate\\n30 days before it expires`),
    );
    assert.equal(await caBundle(), '', 'caBundle is written by the post-install hook only');
    await runHooks(await releaseHooks(1), 'post-install');
    const ca = await secretCa();
    assert.ok(ca.length > 0);
    assert.equal(await caBundle(), ca);
    caByRevision.push(ca);
    // What GitOps tools compare: the stored manifest equals a render without cluster access.
    const stored = parseManifests(await helmOk(['get', 'manifest', release])).find((m) => m.kind === 'MutatingWebhookConfiguration');
    assert.deepEqual(
      stored,
      rendered.find((m) => m.kind === 'MutatingWebhookConfiguration'),
    );
  });

  it('should keep caBundle through helm upgrade, and move it to a rotated CA in post-upgrade', async function () {
    this.timeout(180000);
    const upgrade = [...valueArgs(), '--set', 'replicaCount=3', '--set', 'certificates.job.forceRotate=true'];
    const rendered = await renderChart(helm, workDir, release, namespace, upgrade);
    await runHooks(
      rendered.filter((m) => hookEvents(m).length > 0),
      'pre-upgrade',
    );
    const rotated = await secretCa();
    assert.notEqual(rotated, caByRevision[0], 'forceRotate made a new CA');
    await helmOk(['upgrade', release, chartDir, '--no-hooks', ...upgrade]);
    assert.equal(await caBundle(), caByRevision[0], 'the upgrade itself left the caBundle alone');
    await runHooks(await releaseHooks(2), 'post-upgrade');
    assert.equal(await caBundle(), rotated);
    caByRevision.push(rotated);
  });

  it('should keep caBundle on helm rollback to revision 1, where post-rollback finds it current', async function () {
    this.timeout(180000);
    await helmOk(['rollback', release, '1', '--no-hooks']);
    const ca = caByRevision[1]!;
    assert.equal(await caBundle(), ca, 'the rollback itself left the caBundle alone');
    assert.ok(Buffer.from(ca, 'base64').length > 1000, `caBundle is ${Buffer.from(ca, 'base64').length} bytes`);
    const versionBefore = await mwcVersion();
    revision1Hooks = await releaseHooks(1);
    await runHooks(revision1Hooks, 'post-rollback');
    assert.equal(await caBundle(), ca);
    assert.equal(await mwcVersion(), versionBefore, 'post-rollback wrote a caBundle that was already current');
    const history = parseHelmHistory(await helmOk(['history', release, '-o', 'json']));
    assert.deepEqual(
      history.map((h) => [h.revision, h.status]),
      [
        [1, 'superseded'],
        [2, 'superseded'],
        [3, 'deployed'],
      ],
    );
    assert.equal(history[2]?.description, 'Rollback to 1');
  });

  it('should restore a caBundle that was lost, in the post-rollback hook', async function () {
    this.timeout(180000);
    await removeCaBundle(cp, release);
    assert.equal(await caBundle(), '');
    await helmOk(['rollback', release, '1', '--no-hooks']);
    await runHooks(revision1Hooks, 'post-rollback');
    assert.equal(await caBundle(), await secretCa());
  });

  it('should delete the webhook configuration in the pre-delete hook, before the Service', async function () {
    this.timeout(180000);
    await runHooks(await releaseHooks(4), 'pre-delete');
    const mwc = await runKubectl(cp, ['get', 'mutatingwebhookconfiguration', mwcName()]);
    assert.notEqual(mwc.code, 0);
    assert.match(mwc.stderr, /NotFound/);
    await kubectlOk(cp, ['get', 'service', `${release}-kubectl-workspace`, '-n', namespace]);
    // A second uninstall attempt (after an interrupted one) runs the hook again: already gone is success.
    await runHooks(await releaseHooks(4), 'pre-delete');
    await helmOk(['uninstall', release, '--no-hooks']);
    const service = await runKubectl(cp, ['get', 'service', `${release}-kubectl-workspace`, '-n', namespace]);
    assert.match(service.stderr, /NotFound/);
  });
});
