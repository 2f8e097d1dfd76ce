// `npm run cluster -- up|down|env [--dir DIR]` and `npm run demo`: a local
// control plane in the background for trying the plugin without a cluster.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync, rmSync } from 'node:fs';
import { ControlPlane } from './controlplane.js';
import { ensureTools } from './tools.js';
import { createDemoWorkspaces } from './demo.js';
import { startLocalWebhook } from './local-webhook.js';

const USAGE = `usage: npm run cluster -- <up|down|env|demo> [--dir DIR]

  up     start etcd, kube-apiserver and the admission webhook (registered) in the
         background; state in DIR, default .cluster
  down   stop them and remove DIR
  env    print shell exports that point kubectl and the plugin at the cluster
  demo   up, then create sample workspaces`;

function usageError(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function envExports(plane: ControlPlane): string {
  const dist = resolve('dist');
  return [
    `export KUBECONFIG=${plane.kubeconfigPath}`,
    `export PATH=${dist}:${plane.binDir}:$PATH`,
  ].join('\n');
}

export async function up(dir: string): Promise<ControlPlane> {
  const plane = await startControlPlane(dir);
  const url = await startLocalWebhook(plane);
  process.stderr.write(`webhook serving ${url}, registered as MutatingWebhookConfiguration workspace-webhook\n`);
  return plane;
}

async function startControlPlane(dir: string): Promise<ControlPlane> {
  if (existsSync(resolve(dir, 'state.json'))) {
    const existing = ControlPlane.attach(dir);
    if (existing.isRunning()) {
      process.stderr.write(`control plane already running at ${existing.server} (state in ${dir})\n`);
      return existing;
    }
    process.stderr.write(`stale state in ${dir}: starting afresh\n`);
    await existing.stop();
    rmSync(resolve(dir), { recursive: true, force: true });
  }
  const binDir = ensureTools();
  const startedAt = Date.now();
  const plane = await ControlPlane.start({
    dir, binDir, detached: true, log: (m) => process.stderr.write(`${m}\n`),
  });
  process.stderr.write(`control plane ready at ${plane.server} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
  return plane;
}

async function down(dir: string): Promise<void> {
  if (!existsSync(resolve(dir, 'state.json'))) {
    process.stderr.write(`no control plane in ${dir}: nothing to stop\n`);
    return;
  }
  const plane = ControlPlane.attach(dir);
  const pids = plane.processes.map((p) => `${p.name} (pid ${p.pid})`).join(', ');
  await plane.stop();
  rmSync(resolve(dir), { recursive: true, force: true });
  process.stderr.write(`stopped ${pids}; removed ${dir}\n`);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { dir: { type: 'string', default: '.cluster' }, help: { type: 'boolean', short: 'h' } } });
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
  switch (command) {
    case 'up': {
      const plane = await up(dir);
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
      const plane = await up(dir);
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
