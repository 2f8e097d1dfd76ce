import assert from 'node:assert/strict';
import { sharedControlPlane, createTestNamespace, runKubectl, kubectlOk } from '../../support/cluster.js';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { samplePod, samplePlisConfigMap } from '../../../cluster/samples.js';

describe('control plane', function () {
  let cp: ControlPlane;
  let ns: string;

  before(async function () {
    this.timeout(300_000);
    cp = await sharedControlPlane();
    ns = await createTestNamespace(cp, 'cp');
  });

  it('should report a v1.36 server and client', async function () {
    const version = JSON.parse(await kubectlOk(cp, ['version', '-o', 'json']));
    assert.match(version.serverVersion.gitVersion, /^v1\.36\.\d+$/);
    assert.match(version.clientVersion.gitVersion, /^v1\.36\.\d+$/);
  });

  it('should store a workspace pod and its PLIS ConfigMap, and merge-patch the pod annotations', async function () {
    const pod = samplePod({ id: 'cp-test', namespace: ns, annotations: { 'gitpod/url': 'https://cp-test.ws.example.com' } });
    const plis = samplePlisConfigMap({ id: 'cp-test', namespace: ns, plis: { hostIP: '10.1.2.3', future: { nested: [1, 2] } } });
    await kubectlOk(cp, ['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod, plis] }) });

    const patch = { metadata: { annotations: { 'gitpod/closed': 'true', 'gitpod/url': null } } };
    await kubectlOk(cp, ['patch', 'pod', 'ws-cp-test', '-n', ns, '--type=merge', '-p', JSON.stringify(patch)]);

    const stored = JSON.parse(await kubectlOk(cp, ['get', 'pod', '-n', ns, '-l', 'workspaceID=cp-test', '-o', 'json']));
    assert.equal(stored.items.length, 1);
    const annotations = stored.items[0].metadata.annotations;
    assert.equal(annotations['gitpod/closed'], 'true');
    assert.equal(annotations['gitpod/url'], undefined);
    assert.equal(annotations['gitpod/id'], 'cp-test');

    const cm = JSON.parse(await kubectlOk(cp, ['get', 'configmap', 'plis-cp-test', '-n', ns, '-o', 'json']));
    assert.deepEqual(JSON.parse(cm.metadata.annotations['gitpod/plis']), { hostIP: '10.1.2.3', future: { nested: [1, 2] } });
  });

  it('should refuse the unprivileged identity with 403 Forbidden where the admin succeeds', async function () {
    const args = ['get', 'pods', '-n', ns];
    const admin = await runKubectl(cp, args);
    assert.equal(admin.code, 0, admin.stderr);
    const user = await runKubectl(cp, args, { kubeconfig: cp.userKubeconfigPath });
    assert.equal(user.code, 1);
    assert.match(user.stderr, /Forbidden/);
    assert.match(user.stderr, /User "workspace-user" cannot list resource "pods"/);
  });
});
