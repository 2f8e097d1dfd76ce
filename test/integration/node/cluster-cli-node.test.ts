// `npm run cluster -- up --node` and `down`: the node runs pods, and down leaves the machine as
// it found it (no process, mount, bridge, iptables chain or containerd shim of the node).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ControlPlaneState } from '../../../cluster/controlplane.js';
import { NodeNetwork } from '../../../cluster/node-config.js';
import { bridgeExists, NODE_OWNER_FILE, shimProcesses } from '../../../cluster/node-host.js';
import { snapshotChains } from '../../../cluster/iptables.js';
import { isRunning } from '../../../cluster/processes.js';
import { holdNodeLock, type ReleaseNodeLock } from '../../support/node-lock.js';

const run = promisify(execFile);
const cli = ['tsx', 'cluster/cli.ts'];

const mountsUnder = (dir: string) =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => (line.split(' ')[4] ?? '').startsWith(dir));

describe('npm run cluster -- up --node', function () {
  this.timeout(15 * 60_000);
  let releaseLock: ReleaseNodeLock | undefined;

  // The command refuses a second node; the lock makes this run wait for another run's node instead.
  before(async function () {
    this.timeout(25 * 60_000);
    releaseLock = await holdNodeLock({ log: (m) => process.stderr.write(`  [node] ${m}\n`) });
  });

  after(async () => {
    await releaseLock?.();
  });

  it('should run a pod on the node, serve kubectl logs and exec, and leave nothing behind after down', async function () {
    const dir = join(mkdtempSync(join(tmpdir(), 'kw-cluster-node-')), 'cluster');
    const chainsBefore = snapshotChains();
    const up = await run('npx', [...cli, 'up', '--node', '--dir', dir]);
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as ControlPlaneState;
    const socket = join(dir, 'node', 'containerd.sock');
    try {
      assert.match(up.stderr, /node ready in [\d.]+ s/);
      assert.deepEqual(
        state.processes.map((p) => p.name),
        ['etcd', 'kube-apiserver', 'containerd', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'workspace-webhook'],
      );
      assert.equal(state.server.startsWith(`https://${NodeNetwork.nodeIp}:`), true);
      const kubectl = (args: readonly string[]) => run(join(state.binDir, 'kubectl'), ['--kubeconfig', join(dir, 'kubeconfig'), ...args]);
      const node = JSON.parse((await kubectl(['get', 'node', NodeNetwork.nodeName, '-o', 'json'])).stdout) as {
        status: { addresses: { type: string; address: string }[] };
      };
      assert.deepEqual(node.status.addresses.find((a) => a.type === 'InternalIP')?.address, NodeNetwork.nodeIp);

      await kubectl(['run', 'hello', '--image', NodeNetwork.sandboxImage, '--image-pull-policy=Never', '--restart=Never']);
      await kubectl(['wait', '--for=condition=Ready', '--timeout=120s', 'pod/hello']);
      const pod = JSON.parse((await kubectl(['get', 'pod', 'hello', '-o', 'json'])).stdout) as { status: { podIP: string } };
      assert.match(pod.status.podIP, /^10\.244\.0\.\d+$/);
      // Through the API server to the kubelet, authenticated both ways by certificates.
      const logs = await kubectl(['logs', 'hello']);
      assert.equal(logs.stdout, '');
      const exec = await kubectl(['exec', 'hello', '--', '/pause', '--version']);
      assert.equal(exec.stdout, 'kubectl-workspace pause stand-in\n');
      assert.equal(shimProcesses(socket).length > 0, true, 'a containerd shim serves the pod');
    } finally {
      await run('npx', [...cli, 'down', '--dir', dir]);
    }
    for (const p of state.processes) assert.equal(isRunning(p), false, `${p.name} (pid ${p.pid}) should be gone after down`);
    assert.deepEqual(shimProcesses(socket), []);
    assert.equal(bridgeExists(), false, `bridge ${NodeNetwork.bridge} should be gone`);
    assert.equal(existsSync(NODE_OWNER_FILE), false);
    assert.deepEqual(mountsUnder(dir), []);
    assert.deepEqual(snapshotChains(), chainsBefore);
    assert.equal(existsSync(dir), false);
  });
});
