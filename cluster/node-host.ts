// What the local node changes on the host outside its directory, and how it
// is undone: the pod bridge (whose address the API server listens on, with a
// route that keeps Service addresses on the bridge), the claim that one node
// runs at a time, and the mounts and shim processes left under its directory.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { NodeNetwork } from './node-config.js';

/** Names the cluster directory of the one node this machine runs. */
export const NODE_OWNER_FILE = '/run/kubectl-workspace-node';

function ip(args: readonly string[]): { ok: boolean; stderr: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: result.status === 0, stderr: (result.stderr ?? '').trim() };
}

export function nodeOwner(): string | undefined {
  try {
    return readFileSync(NODE_OWNER_FILE, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes the bridge and claims the node for `dir`. Creating the bridge is the lock: it fails
 * when another node holds it, and the error names that node's directory and how to stop it.
 */
export function claimNodeNetwork(dir: string): void {
  const created = ip(['link', 'add', NodeNetwork.bridge, 'type', 'bridge']);
  if (!created.ok) {
    const owner = nodeOwner();
    if (/exists/i.test(created.stderr)) {
      throw new Error(
        `another local node is up on this machine (bridge ${NodeNetwork.bridge}${owner ? `, cluster directory ${owner}` : ''}); ` +
          `only one can run at a time: stop it with \`npm run cluster -- down --dir ${owner ?? 'DIR'}\``,
      );
    }
    throw new Error(`could not create the node's bridge ${NodeNetwork.bridge} (needs root): ${created.stderr}`);
  }
  writeFileSync(NODE_OWNER_FILE, `${dir}\n`);
  const prefix = NodeNetwork.podCidr.split('/')[1];
  for (const args of [
    ['addr', 'add', `${NodeNetwork.nodeIp}/${prefix}`, 'dev', NodeNetwork.bridge],
    ['link', 'set', NodeNetwork.bridge, 'up'],
    // Service addresses stay on the bridge: without kube-proxy's rules they go nowhere, never out of the machine.
    ['route', 'add', NodeNetwork.serviceCidr, 'dev', NodeNetwork.bridge, 'src', NodeNetwork.nodeIp],
  ]) {
    const step = ip(args);
    if (!step.ok) {
      releaseNodeNetwork(dir);
      throw new Error(`ip ${args.join(' ')} failed: ${step.stderr}`);
    }
  }
}

/** Deletes the bridge (its address and route go with it) and the claim, if `dir` holds them. */
export function releaseNodeNetwork(dir: string): void {
  const owner = nodeOwner();
  if (owner !== undefined && owner !== dir) return;
  ip(['link', 'del', NodeNetwork.bridge]);
  rmSync(NODE_OWNER_FILE, { force: true });
}

/** Mount points under `dir` (volumes, snapshots, network namespaces), deepest first. */
function mountsUnder(dir: string): readonly string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => (line.split(' ')[4] ?? '').replace(/\\040/g, ' '))
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}

export function unmountUnder(dir: string): number {
  const points = mountsUnder(dir);
  for (const point of points) spawnSync('umount', ['-l', point], { stdio: 'ignore' });
  return points.length;
}

/** Pids of containerd shims serving the containerd at `socket`, and of every process below them. */
export function shimProcesses(socket: string): readonly number[] {
  const parents = new Map<number, number>();
  const shims: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if ((argv[0] ?? '').includes('containerd-shim') && argv.includes(socket)) shims.push(pid);
    } catch {
      // The process ended while being read.
    }
  }
  const found = new Set(shims);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!found.has(pid) && found.has(parent)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found];
}

export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export function bridgeExists(): boolean {
  return existsSync(`/sys/class/net/${NodeNetwork.bridge}`);
}
