// One node beside the local control plane: containerd (Debian's binary, its
// own config, socket and state under the cluster directory), the kubelet,
// kube-proxy in iptables mode, kube-scheduler and kube-controller-manager.
// Every process is recorded in state.json; `stopNode` undoes the rest:
// pods, mounts, the bridge, iptables chains.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ControlPlane } from './controlplane.js';
import { renderKubeconfig } from './kubeconfig.js';
import { freePort, httpsGet, waitFor } from './net.js';
import { isRunning, spawnLogged, stopProcess, tail, type StartedProcess } from './processes.js';
import type { NodePaths } from './node-config.js';
import { NodeNetwork, renderCniConfList, renderContainerdConfig, renderKubeletConfig, renderKubeProxyConfig } from './node-config.js';
import { killAll, releaseNodeNetwork, shimProcesses, unmountUnder } from './node-host.js';
import { removeChainsAddedSince, snapshotChains, type ChainSnapshot } from './iptables.js';
import { writeOciArchive } from './oci-image.js';

export const CONTAINERD = '/usr/bin/containerd';
export const CTR = '/usr/bin/ctr';
const READY_TIMEOUT_MS = 180_000;

export interface NodeOptions {
  readonly detached?: boolean;
  readonly log?: (message: string) => void;
}

/** What `stopNode` needs beyond state.json, kept in DIR/node/node.json. */
interface NodeRecord {
  readonly chainsBefore: ChainSnapshot;
}

export function nodePaths(dir: string): NodePaths {
  const node = join(dir, 'node');
  return {
    caCert: join(dir, 'pki', 'ca.crt'),
    kubeletCert: join(dir, 'pki', 'kubelet.crt'),
    kubeletKey: join(dir, 'pki', 'kubelet.key'),
    kubeletRoot: join(node, 'kubelet'),
    podLogs: join(node, 'pod-logs'),
    containerdSocket: join(node, 'containerd.sock'),
    containerdRoot: join(node, 'containerd', 'root'),
    containerdState: join(node, 'containerd', 'state'),
    runcRoot: join(node, 'runc'),
    cniConfDir: join(node, 'cni', 'net.d'),
    cniDataDir: join(node, 'cni', 'ipam'),
    kubeProxyKubeconfig: join(node, 'kube-proxy.kubeconfig'),
  };
}

/** `ctr` against the node's containerd, in the namespace the kubelet's pods use. */
export function ctrArgs(dir: string, args: readonly string[]): string[] {
  return ['--address', nodePaths(dir).containerdSocket, '--namespace', 'k8s.io', ...args];
}

/** Imports an image archive (`docker save` or OCI) into the node's containerd. */
export function importImage(dir: string, archive: string): void {
  execFileSync(CTR, ctrArgs(dir, ['images', 'import', '--all-platforms', archive]), { stdio: ['ignore', 'ignore', 'pipe'] });
}

function componentKubeconfig(plane: ControlPlane, identity: string): string {
  const read = (name: string) => readFileSync(join(plane.dir, 'pki', name), 'utf8');
  const path = join(plane.dir, 'node', `${identity}.kubeconfig`);
  writeFileSync(
    path,
    renderKubeconfig({
      server: plane.server,
      caPem: read('ca.crt'),
      user: identity,
      certPem: read(`${identity}.crt`),
      keyPem: read(`${identity}.key`),
    }),
    { mode: 0o600 },
  );
  return path;
}

/**
 * The flags kube-controller-manager and kube-scheduler share: one kubeconfig for the API server and for
 * delegated authentication and authorization, a loopback secure port, and no leader election.
 */
function controlComponentArgs(kubeconfig: string, securePort: number): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${securePort}`,
    '--leader-elect=false',
  ];
}

function assertAlive(proc: StartedProcess): void {
  if (!isRunning(proc)) throw new Error(`${proc.name} exited during start-up; log (tail):\n${tail(proc.logPath, 20)}`);
}

/** Starts the node's processes beside `plane` (started with `node: true`) and waits until the node is Ready. */
export async function startNode(plane: ControlPlane, options: NodeOptions = {}): Promise<void> {
  const log = options.log ?? (() => {});
  const detached = options.detached ?? false;
  const dir = plane.dir;
  const paths = nodePaths(dir);
  for (const sub of [
    paths.kubeletRoot,
    paths.podLogs,
    paths.containerdRoot,
    paths.containerdState,
    paths.runcRoot,
    paths.cniConfDir,
    paths.cniDataDir,
  ]) {
    mkdirSync(sub, { recursive: true });
  }
  const record: NodeRecord = { chainsBefore: snapshotChains() };
  writeFileSync(join(dir, 'node', 'node.json'), JSON.stringify(record));
  const binary = (name: string) => {
    const path = join(plane.binDir, name);
    if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/build-tools.sh to build the node's binaries`);
    return path;
  };
  for (const tool of [CONTAINERD, CTR, '/usr/lib/cni/bridge', '/usr/lib/cni/host-local', '/usr/lib/cni/loopback']) {
    if (!existsSync(tool))
      throw new Error(`${tool} is missing: run scripts/setup-system.sh (Debian's containerd and containernetworking-plugins)`);
  }
  const start = (name: string, path: string, args: readonly string[]) => {
    const proc = spawnLogged({ name, binary: path, args, detached, logPath: join(dir, 'logs', `${name}.log`) });
    plane.adopt(proc);
    return proc;
  };

  writeFileSync(join(dir, 'node', 'containerd.toml'), renderContainerdConfig(paths));
  writeFileSync(join(paths.cniConfDir, '10-kubectl-workspace.conflist'), renderCniConfList(paths));
  log(`starting containerd on ${paths.containerdSocket}`);
  const containerd = start('containerd', CONTAINERD, ['--config', join(dir, 'node', 'containerd.toml')]);
  await waitFor('containerd', READY_TIMEOUT_MS, async () => {
    assertAlive(containerd);
    return spawnSync(CTR, ctrArgs(dir, ['version']), { stdio: 'ignore' }).status === 0;
  });
  const archive = writeOciArchive(
    {
      name: NodeNetwork.sandboxImage,
      files: { pause: binary('pause') },
      entrypoint: ['/pause'],
    },
    join(dir, 'node'),
  );
  importImage(dir, archive);

  log('starting kube-controller-manager and kube-scheduler');
  const [controllerPort, schedulerPort, kubeletPort, kubeletHealthz, proxyHealthz, proxyMetrics] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const pki = (name: string) => join(dir, 'pki', name);
  const controllerKubeconfig = componentKubeconfig(plane, 'kube-controller-manager');
  start('kube-controller-manager', binary('kube-controller-manager'), [
    ...controlComponentArgs(controllerKubeconfig, controllerPort),
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${pki('sa.key')}`,
    `--root-ca-file=${pki('ca.crt')}`,
    `--service-cluster-ip-range=${NodeNetwork.serviceCidr}`,
    '--v=1',
  ]);
  const schedulerKubeconfig = componentKubeconfig(plane, 'kube-scheduler');
  start('kube-scheduler', binary('kube-scheduler'), [...controlComponentArgs(schedulerKubeconfig, schedulerPort), '--v=1']);

  log(`starting kubelet (node ${NodeNetwork.nodeName} at ${NodeNetwork.nodeIp}:${kubeletPort}) and kube-proxy`);
  writeFileSync(join(dir, 'node', 'kubelet.yaml'), renderKubeletConfig(paths, kubeletPort, kubeletHealthz));
  const kubelet = start('kubelet', binary('kubelet'), [
    `--config=${join(dir, 'node', 'kubelet.yaml')}`,
    `--kubeconfig=${componentKubeconfig(plane, 'kubelet-client')}`,
    `--root-dir=${paths.kubeletRoot}`,
    `--cert-dir=${join(dir, 'node', 'kubelet-certs')}`,
    `--hostname-override=${NodeNetwork.nodeName}`,
    `--node-ip=${NodeNetwork.nodeIp}`,
    '--v=1',
  ]);
  componentKubeconfig(plane, 'kube-proxy');
  writeFileSync(join(dir, 'node', 'kube-proxy.yaml'), renderKubeProxyConfig(paths, proxyHealthz, proxyMetrics));
  const proxy = start('kube-proxy', binary('kube-proxy'), [`--config=${join(dir, 'node', 'kube-proxy.yaml')}`, '--v=1']);

  log(`waiting for node ${NodeNetwork.nodeName} to be Ready`);
  const tls = plane.adminTls();
  await waitFor(`node ${NodeNetwork.nodeName} Ready`, READY_TIMEOUT_MS, async () => {
    assertAlive(kubelet);
    assertAlive(proxy);
    const res = await httpsGet(`${plane.server}/api/v1/nodes/${NodeNetwork.nodeName}`, tls).catch(() => undefined);
    if (res?.status !== 200) return false;
    const conditions = (JSON.parse(res.body) as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? [];
    return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  });
  // Pods need their namespace's ServiceAccount, which the controller manager creates.
  await waitFor('the default ServiceAccount', READY_TIMEOUT_MS, async () => {
    const res = await httpsGet(`${plane.server}/api/v1/namespaces/default/serviceaccounts/default`, tls).catch(() => undefined);
    return res?.status === 200;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops the node and removes what it made outside its processes: pods (through the kubelet,
 * so CNI releases their network), containerd's tasks and shims, mounts under the cluster
 * directory, the bridge, and the iptables chains added since the node started. The control
 * plane itself is left running; `plane.stop()` follows.
 */
export async function stopNode(plane: ControlPlane, log: (message: string) => void = () => {}): Promise<void> {
  const dir = plane.dir;
  const paths = nodePaths(dir);
  const proc = (name: string) => plane.processes.find((p) => p.name === name);
  const stop = async (name: string) => {
    const p = proc(name);
    if (p) await stopProcess(p);
  };
  const apiServer = proc('kube-apiserver');
  const kubelet = proc('kubelet');
  // No controller may replace a pod while the node empties.
  await stop('kube-controller-manager');
  await stop('kube-scheduler');
  if (apiServer && isRunning(apiServer) && kubelet && isRunning(kubelet)) {
    log('deleting pods so the kubelet stops them');
    const kubectl = (args: readonly string[]) =>
      spawnSync(plane.kubectlPath, [...args], {
        encoding: 'utf8',
        env: { ...process.env, KUBECONFIG: plane.kubeconfigPath },
        timeout: 30_000,
      });
    kubectl(['delete', 'pods', '--all', '--all-namespaces', '--grace-period=5', '--wait=false']);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const left = kubectl(['get', 'pods', '--all-namespaces', '-o', 'name']);
      if (left.status === 0 && left.stdout.trim() === '') break;
      await sleep(500);
    }
  }
  await stop('kubelet');
  await stop('kube-proxy');
  const containerd = proc('containerd');
  if (containerd && isRunning(containerd)) {
    // Whatever the kubelet did not stop: kill and delete its tasks while containerd still answers.
    const tasks = spawnSync(CTR, ctrArgs(dir, ['tasks', 'ls', '-q']), { encoding: 'utf8', timeout: 30_000 });
    for (const id of (tasks.stdout ?? '').split('\n').filter(Boolean)) {
      spawnSync(CTR, ctrArgs(dir, ['tasks', 'kill', '-s', 'SIGKILL', id]), { stdio: 'ignore', timeout: 30_000 });
      spawnSync(CTR, ctrArgs(dir, ['tasks', 'delete', '-f', id]), { stdio: 'ignore', timeout: 30_000 });
    }
  }
  await stop('containerd');
  killAll(shimProcesses(paths.containerdSocket));
  const unmounted = unmountUnder(dir);
  releaseNodeNetwork(dir);
  let removed: readonly string[] = [];
  const recordPath = join(dir, 'node', 'node.json');
  if (existsSync(recordPath)) {
    removed = removeChainsAddedSince((JSON.parse(readFileSync(recordPath, 'utf8')) as NodeRecord).chainsBefore);
  }
  log(`node stopped: ${unmounted} mounts released, bridge ${NodeNetwork.bridge} deleted, ${removed.length} iptables chains removed`);
}
