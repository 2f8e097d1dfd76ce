// `npm run cluster -- up|down|env [--dir DIR]` and `npm run demo`: a local
// control plane in the background for trying the plugin without a cluster.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync, rmSync } from 'node:fs';
import { ControlPlane } from './controlplane.js';
import { ensureTools } from './tools.js';
import { createDemoWorkspaces } from './demo.js';
import { startLocalWebhook } from './local-webhook.js';
import { startNode, stopNode } from './node.js';
import { claimNodeNetwork, releaseNodeNetwork } from './node-host.js';

const USAGE = `usage: npm run cluster -- <up|down|env|demo> [--dir DIR] [--node]

  up     start etcd, kube-apiserver and the admission webhook (registered) in the
         background; state in DIR, default .cluster
  down   stop them and remove DIR
  env    print shell exports that point kubectl and the plugin at the cluster
  demo   up, then create sample workspaces

  --node  with up or demo: also run one node on this machine (root): containerd,
          kubelet, kube-proxy, kube-scheduler and kube-controller-manager, so pods run;
          one node per machine; down removes its pods, mounts, bridge and iptables chains`;

function usageError(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function envExports(plane: ControlPlane): string {
  const dist = resolve('dist');
  return [`export KUBECONFIG=${plane.kubeconfigPath}`, `export PATH=${dist}:${plane.binDir}:$PATH`].join('\n');
}

export async function up(dir: string, node = false): Promise<ControlPlane> {
  const plane = await startControlPlane(dir, node);
  const url = await startLocalWebhook(plane);
  process.stderr.write(`webhook serving ${url}, registered as MutatingWebhookConfiguration workspace-webhook\n`);
  return plane;
}

async function startControlPlane(dir: string, node: boolean): Promise<ControlPlane> {
  if (existsSync(resolve(dir, 'state.json'))) {
    const existing = ControlPlane.attach(dir);
    if (existing.isRunning()) {
      if (node && !existing.hasNode) usageError(`the control plane in ${dir} runs without a node: \`down\` it first, then \`up --node\``);
      process.stderr.write(`control plane already running at ${existing.server} (state in ${dir})\n`);
      return existing;
    }
    process.stderr.write(`stale state in ${dir}: starting afresh\n`);
    await stopAll(existing);
    rmSync(resolve(dir), { recursive: true, force: true });
  }
  const binDir = ensureTools();
  const startedAt = Date.now();
  const log = (m: string) => process.stderr.write(`${m}\n`);
  if (node) claimNodeNetwork(resolve(dir));
  let plane: ControlPlane;
  try {
    plane = await ControlPlane.start({ dir, binDir, detached: true, log, node });
  } catch (err) {
    if (node) releaseNodeNetwork(resolve(dir));
    throw err;
  }
  process.stderr.write(`control plane ready at ${plane.server} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
  if (node) {
    try {
      await startNode(plane, { detached: true, log });
    } catch (err) {
      await stopAll(plane);
      throw err;
    }
    process.stderr.write(`node ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s since start\n`);
  }
  return plane;
}

/** The node first (its pods are deleted through the API server), then the control plane. */
async function stopAll(plane: ControlPlane): Promise<void> {
  if (plane.hasNode) await stopNode(plane, (m) => process.stderr.write(`${m}\n`));
  await plane.stop();
}

async function down(dir: string): Promise<void> {
  if (!existsSync(resolve(dir, 'state.json'))) {
    process.stderr.write(`no control plane in ${dir}: nothing to stop\n`);
    return;
  }
  const plane = ControlPlane.attach(dir);
  const pids = plane.processes.map((p) => `${p.name} (pid ${p.pid})`).join(', ');
  await stopAll(plane);
  rmSync(resolve(dir), { recursive: true, force: true });
  process.stderr.write(`stopped ${pids}; removed ${dir}\n`);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        dir: { type: 'string', default: '.cluster' },
        node: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    usageError((err as Error).message);
  }
  const { positionals, values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dir = values.dir ?? '.cluster';
  const [command, ...rest] = positionals;
  if (rest.length > 0) usageError(`unexpected arguments: ${rest.join(' ')}`);
  const node = values.node ?? false;
  if (node && command !== 'up' && command !== 'demo') usageError(`--node goes with up or demo, not ${command ?? 'no command'}`);
  switch (command) {
    case 'up': {
      const plane = await up(dir, node);
      process.stdout.write(`${envExports(plane)}\n`);
      process.stderr.write(`\nnext: eval "$(npm run -s cluster -- env)" && kubectl get ns\n`);
      return;
    }
    case 'down':
      return down(dir);
    case 'env':
      process.stdout.write(`${envExports(ControlPlane.attach(dir))}\n`);
      return;
    case 'demo': {
      const plane = await up(dir, node);
      createDemoWorkspaces(plane);
      process.stdout.write(`${envExports(plane)}\n`);
      return;
    }
    default:
      usageError(command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
});
