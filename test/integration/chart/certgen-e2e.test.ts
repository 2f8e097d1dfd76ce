// The two certgen hook phases as the chart renders them (same arguments, same
// ServiceAccount and RBAC), run against the real API server: the Secret is
// created before the webhook configuration exists, then its CA lands in caBundle.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { kubectlOk } from '../../support/cluster.js';
import { runWebhookCommand } from '../../support/webhook-cli.js';
import { exampleImage, parseManifests, runHelm, templateArgs, type Manifest } from './helm.js';
import { admissionOnlyIn, testRelease, webhookCaBundle } from './test-release.js';

describe('certgen hook phases', () => {
  let cp: ControlPlane;
  let namespace: string;
  let release: string;
  let workDir: string;
  let manifests: readonly Manifest[];
  let saKubeconfig: string;
  const applied: string[] = [];

  const jobArgs = (suffix: string): readonly string[] => {
    const job = manifests.find((m) => m.kind === 'Job' && m.metadata.name.endsWith(suffix));
    assert.ok(job, `no Job ending in ${suffix}`);
    return (job.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0]!.args;
  };
  const apply = async (kinds: readonly string[]): Promise<void> => {
    const yaml = manifests
      .filter((m) => kinds.includes(m.kind))
      .map((m) => JSON.stringify(m))
      .join('\n');
    await kubectlOk(cp, ['apply', '-f', '-'], { input: yaml });
    applied.push(yaml);
  };
  const secret = async (): Promise<{ type: string; data: Record<string, string>; metadata: { resourceVersion: string } }> =>
    JSON.parse(await kubectlOk(cp, ['get', 'secret', `${release}-kubectl-workspace-tls`, '-n', namespace, '-o', 'json']));
  const caBundle = (): Promise<string> => webhookCaBundle(cp, release);

  before(async function () {
    this.timeout(300000);
    const chart = await testRelease('certgen-e2e', 'kwe');
    ({ cp, namespace, release, workDir } = chart);
    // Scoped to this namespace: the configuration points at a Service with no pods behind it.
    const result = await runHelm(chart.helm, templateArgs(release, namespace, [...exampleImage, ...admissionOnlyIn(namespace)]), workDir);
    assert.equal(result.code, 0, result.stderr);
    manifests = parseManifests(result.stdout);
    await apply(['ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);
    // The Job's identity: a token for its ServiceAccount in a copy of the admin kubeconfig.
    const token = (await kubectlOk(cp, ['create', 'token', `${release}-kubectl-workspace-certgen`, '-n', namespace])).trim();
    const config = JSON.parse(await kubectlOk(cp, ['config', 'view', '--raw', '--minify', '-o', 'json'])) as { users: { user: object }[] };
    config.users[0]!.user = { token };
    saKubeconfig = join(workDir, 'certgen.kubeconfig');
    writeFileSync(saKubeconfig, JSON.stringify(config), { mode: 0o600 });
  });

  after(async function () {
    this.timeout(60000);
    for (const yaml of applied.reverse()) await kubectlOk(cp, ['delete', '--ignore-not-found', '-f', '-'], { input: yaml });
  });

  it('should create the TLS Secret in the pre-install phase, before the webhook configuration exists', async function () {
    this.timeout(120000);
    const result = await runWebhookCommand([...jobArgs('-certgen-secret'), '--kubeconfig', saKubeconfig]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const created = await secret();
    assert.equal(created.type, 'kubernetes.io/tls');
    assert.deepEqual(Object.keys(created.data).sort(), ['ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
  });

  it("should write the Secret's CA into caBundle in the post-install phase, keeping the Secret", async function () {
    this.timeout(120000);
    await apply(['MutatingWebhookConfiguration']);
    const before = await secret();
    const result = await runWebhookCommand([...jobArgs('-certgen-cabundle'), '--kubeconfig', saKubeconfig]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const after = await secret();
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
    assert.equal(await caBundle(), after.data['ca.crt']);
  });

  it('should change nothing when both phases run again, as on helm upgrade', async function () {
    this.timeout(120000);
    const before = await secret();
    for (const suffix of ['-certgen-secret', '-certgen-cabundle']) {
      const result = await runWebhookCommand([...jobArgs(suffix), '--kubeconfig', saKubeconfig]);
      assert.equal(result.code, 0, result.stdout + result.stderr);
    }
    assert.equal((await secret()).metadata.resourceVersion, before.metadata.resourceVersion);
    assert.equal(await caBundle(), before.data['ca.crt']);
  });
});
