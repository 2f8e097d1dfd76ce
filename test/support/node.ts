// A control plane with one real node for the node tests (cluster/node.ts), and the webhook
// image from the real `docker build` moved into the node's containerd. One node runs per
// machine: a test run waits for the node of another run on the machine-wide lock
// (node-lock.ts); within one run, starting a second node fails at once with the directory of
// the first, as `up --node` does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlPlane } from '../../cluster/controlplane.js';
import { ensureTools } from '../../cluster/tools.js';
import { importImage, startNode, stopNode } from '../../cluster/node.js';
import { NodeNetwork } from '../../cluster/node-config.js';
import { claimNodeNetwork, releaseNodeNetwork } from '../../cluster/node-host.js';
import { REPO } from './artifacts/release-copy.js';
import { startDocker } from './artifacts/docker.js';
import { holdNodeLock, type ReleaseNodeLock } from './node-lock.js';
import { kubectlOk } from './cluster.js';
import { testWorkspaceObjects } from './workspace-objects.js';

const log = (m: string) => process.stderr.write(`  [node] ${m}\n`);

const lockReleases = new WeakMap<ControlPlane, ReleaseNodeLock>();

/**
 * Starts etcd, the API server and the node in a fresh directory, once no other test run on this
 * machine has a node up; stops what it started when a step fails.
 */
export async function startNodeCluster(): Promise<ControlPlane> {
  const binDir = ensureTools();
  const release = await holdNodeLock({ log });
  const dir = mkdtempSync(join(tmpdir(), 'kw-node-'));
  let plane: ControlPlane;
  try {
    claimNodeNetwork(dir);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    await release();
    throw err;
  }
  try {
    plane = await ControlPlane.start({ dir, binDir, node: true, log });
  } catch (err) {
    releaseNodeNetwork(dir);
    await release();
    throw err;
  }
  lockReleases.set(plane, release);
  try {
    await startNode(plane, { log });
  } catch (err) {
    await stopNodeCluster(plane);
    throw err;
  }
  return plane;
}

export async function stopNodeCluster(plane: ControlPlane): Promise<void> {
  try {
    await stopNode(plane, log);
    await plane.stop();
  } finally {
    await lockReleases.get(plane)?.();
    lockReleases.delete(plane);
  }
}

/** The name the chart is given: the image exists only in the node's containerd, so pods never pull. */
export const NODE_IMAGE = { repository: 'kubectl-workspace.local/workspace-webhook', tag: 'node-test' } as const;

/** Chart values that install the webhook from NODE_IMAGE. */
export const nodeImageValues: readonly string[] = [
  '--set',
  `image.repository=${NODE_IMAGE.repository}`,
  '--set',
  `image.tag=${NODE_IMAGE.tag}`,
];

/** Builds the Dockerfile with a private dockerd (base images are local stand-ins) and imports the image into the node. */
export async function importWebhookImage(plane: ControlPlane): Promise<void> {
  const image = `${NODE_IMAGE.repository}:${NODE_IMAGE.tag}`;
  const docker = await startDocker();
  try {
    const bases = spawnSync('bash', [join(REPO, 'scripts/docker-base-images.sh')], {
      env: { ...process.env, DOCKER_HOST: docker.host },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    assert.equal(bases.status, 0, 'scripts/docker-base-images.sh failed');
    const buildArgs = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']
      .filter((name) => process.env[name])
      .flatMap((name) => ['--build-arg', name]);
    const build = await docker.run(['build', '--network', 'host', ...buildArgs, '-t', image, REPO]);
    assert.equal(build.code, 0, `docker build failed:\n${build.stderr.slice(-4000)}`);
    const work = mkdtempSync(join(tmpdir(), 'kw-node-image-'));
    try {
      const archive = join(work, 'image.tar');
      const saved = await docker.run(['save', '-o', archive, image]);
      assert.equal(saved.code, 0, `docker save failed: ${saved.stderr}`);
      importImage(plane.dir, archive);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    await docker.run(['rmi', image]);
    await docker.run(['image', 'prune', '-f']);
  } finally {
    await docker.stop();
  }
}

/** A workspace pod `ws-<id>` in `ns` (not yet Ready): the sandbox stand-in as its container, so the node never pulls. */
export async function createWorkspacePod(plane: ControlPlane, ns: string, id = randomBytes(3).toString('hex')): Promise<string> {
  const [pod] = testWorkspaceObjects(ns, { id, ownerToken: `owner-${randomBytes(6).toString('hex')}`, plis: null }) as [
    { spec: object; metadata: { name: string } },
  ];
  pod.spec = {
    containers: [{ name: 'workspace', image: NodeNetwork.sandboxImage, imagePullPolicy: 'Never' }],
    terminationGracePeriodSeconds: 1,
  };
  await kubectlOk(plane, ['create', '-f', '-'], { input: JSON.stringify(pod) });
  return pod.metadata.name;
}

/** A running workspace pod `ws-<id>` in `ns`: created, then waited for until Ready. */
export async function createRunningWorkspace(plane: ControlPlane, ns: string, id?: string): Promise<string> {
  const name = await createWorkspacePod(plane, ns, id);
  await kubectlOk(plane, ['wait', '--for=condition=Ready', '--timeout=120s', '-n', ns, `pod/${name}`]);
  return name;
}
