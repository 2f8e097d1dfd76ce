// The chart's plugin-user ClusterRoles, bound by the chart's own RoleBindings to
// the unprivileged identity's group, exercised with kubectl as that user.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { UNPRIVILEGED_GROUP, type ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, runKubectl, sharedControlPlane, type KubectlResult } from '../../support/cluster.js';
import { exampleImage, runHelm, templateArgs, userRoleFor, userRoleTemplates } from './helm.js';

describe('plugin user ClusterRoles', () => {
  let cp: ControlPlane;
  let operatorNs: string;
  let viewerNs: string;
  let rendered: string;

  const asUser = (args: readonly string[], input?: string): Promise<KubectlResult> =>
    runKubectl(cp, args, input === undefined ? { kubeconfig: cp.userKubeconfigPath } : { kubeconfig: cp.userKubeconfigPath, input });

  async function seedWorkspace(namespace: string): Promise<void> {
    const objects = [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'ws-abc', labels: { workspaceID: 'abc' } },
        spec: { containers: [{ name: 'workspace', image: 'registry.invalid/workspace:1' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'plis-abc', labels: { workspaceID: 'abc' }, annotations: { 'gitpod/plis': '{}' } },
      },
    ];
    await kubectlOk(cp, ['create', '-n', namespace, '-f', '-'], { input: objects.map((o) => JSON.stringify(o)).join('\n') });
  }

  before(async function () {
    this.timeout(300000);
    cp = await sharedControlPlane();
    operatorNs = await createTestNamespace(cp, 'chart-operator');
    viewerNs = await createTestNamespace(cp, 'chart-viewer');
    const workDir = mkdtempSync(join(tmpdir(), 'kw-chart-rbac-'));
    const roles = [...userRoleFor('operator', UNPRIVILEGED_GROUP, operatorNs), ...userRoleFor('viewer', UNPRIVILEGED_GROUP, viewerNs)];
    const release = `kwr-${randomBytes(3).toString('hex')}`;
    const result = await runHelm(
      join(cp.binDir, 'helm'),
      templateArgs(release, operatorNs, [...exampleImage, ...userRoleTemplates, ...roles]),
      workDir,
    );
    assert.equal(result.code, 0, result.stderr);
    rendered = result.stdout;
    await kubectlOk(cp, ['apply', '-f', '-'], { input: rendered });
    await seedWorkspace(operatorNs);
    await seedWorkspace(viewerNs);
    // The authorizer sees new bindings through an informer: wait until both namespaces answer.
    for (let attempt = 0; attempt < 60; attempt++) {
      const [op, view] = await Promise.all([
        asUser(['auth', 'can-i', 'patch', 'pods', '-n', operatorNs]),
        asUser(['auth', 'can-i', 'list', 'pods', '-n', viewerNs]),
      ]);
      if (op.code === 0 && view.code === 0) return;
      await sleep(500);
    }
  });

  after(async function () {
    this.timeout(60000);
    if (rendered) await kubectlOk(cp, ['delete', '--ignore-not-found', '-f', '-'], { input: rendered });
  });

  describe('kubectl auth can-i', () => {
    const cases = [
      { role: 'operator', verb: 'get', resource: 'pods', allowed: true },
      { role: 'operator', verb: 'list', resource: 'pods', allowed: true },
      { role: 'operator', verb: 'watch', resource: 'pods', allowed: true },
      { role: 'operator', verb: 'patch', resource: 'pods', allowed: true },
      { role: 'operator', verb: 'update', resource: 'pods', allowed: false },
      { role: 'operator', verb: 'get', resource: 'configmaps', allowed: true },
      { role: 'operator', verb: 'update', resource: 'configmaps', allowed: true },
      { role: 'operator', verb: 'patch', resource: 'configmaps', allowed: false },
      { role: 'operator', verb: 'create', resource: 'pods', allowed: false },
      { role: 'operator', verb: 'delete', resource: 'pods', allowed: false },
      { role: 'operator', verb: 'get', resource: 'secrets', allowed: false },
      { role: 'viewer', verb: 'get', resource: 'pods', allowed: true },
      { role: 'viewer', verb: 'list', resource: 'pods', allowed: true },
      { role: 'viewer', verb: 'list', resource: 'configmaps', allowed: true },
      { role: 'viewer', verb: 'patch', resource: 'pods', allowed: false },
      { role: 'viewer', verb: 'update', resource: 'configmaps', allowed: false },
    ] as const;
    for (const { role, verb, resource, allowed } of cases) {
      it(`should ${allowed ? 'allow' : 'deny'} ${role} to ${verb} ${resource}`, async () => {
        const namespace = role === 'operator' ? operatorNs : viewerNs;
        const result = await asUser(['auth', 'can-i', verb, resource, '-n', namespace]);
        assert.equal(result.stdout.trim(), allowed ? 'yes' : 'no', result.stderr);
      });
    }

    it('should grant nothing outside the bound namespaces', async () => {
      const result = await asUser(['auth', 'can-i', 'list', 'pods', '-n', 'default']);
      assert.equal(result.stdout.trim(), 'no');
    });
  });

  describe('operator role', () => {
    it('should get and list workspace pods', async () => {
      const got = await asUser(['get', 'pod', 'ws-abc', '-n', operatorNs, '-o', 'name']);
      assert.equal(got.stdout.trim(), 'pod/ws-abc', got.stderr);
      const listed = await asUser(['get', 'pods', '-l', 'workspaceID=abc', '-n', operatorNs, '-o', 'name']);
      assert.equal(listed.stdout.trim(), 'pod/ws-abc', listed.stderr);
    });

    it('should patch pod annotations', async () => {
      const result = await asUser(['annotate', '--overwrite', 'pod/ws-abc', '-n', operatorNs, 'gitpod/closed=true']);
      assert.equal(result.code, 0, result.stderr);
      const value = await kubectlOk(cp, ['get', 'pod', 'ws-abc', '-n', operatorNs, '-o', 'jsonpath={.metadata.annotations.gitpod/closed}']);
      assert.equal(value, 'true');
    });

    it('should get and update the PLIS ConfigMap', async () => {
      const got = await asUser(['get', 'configmap', 'plis-abc', '-n', operatorNs, '-o', 'json']);
      assert.equal(got.code, 0, got.stderr);
      const configMap = JSON.parse(got.stdout) as { metadata: { annotations: Record<string, string> } };
      configMap.metadata.annotations['gitpod/plis'] = '{"finalBackupComplete":true}';
      // `kubectl replace` is a PUT carrying the resourceVersion just read: the update verb.
      const replaced = await asUser(['replace', '-n', operatorNs, '-f', '-'], JSON.stringify(configMap));
      assert.equal(replaced.code, 0, replaced.stderr);
      const value = await kubectlOk(cp, [
        'get',
        'configmap',
        'plis-abc',
        '-n',
        operatorNs,
        '-o',
        'jsonpath={.metadata.annotations.gitpod/plis}',
      ]);
      assert.equal(value, '{"finalBackupComplete":true}');
    });
  });

  describe('viewer role', () => {
    it('should get and list workspace pods and ConfigMaps', async () => {
      const pods = await asUser(['get', 'pods', '-n', viewerNs, '-o', 'name']);
      assert.equal(pods.stdout.trim(), 'pod/ws-abc', pods.stderr);
      const configMap = await asUser(['get', 'configmap', 'plis-abc', '-n', viewerNs, '-o', 'name']);
      assert.equal(configMap.stdout.trim(), 'configmap/plis-abc', configMap.stderr);
    });

    it('should be refused (Forbidden) when annotating a pod', async () => {
      const result = await asUser(['annotate', 'pod/ws-abc', '-n', viewerNs, 'gitpod/closed=true']);
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /Forbidden|forbidden/);
      assert.match(result.stderr, /cannot patch resource "pods"/);
    });
  });
});
