// Pods seen by a `kubectl get pods --watch` while something else runs: hook Jobs' pods are deleted by
// Helm right after they succeed, so only a watch started before the hook shows that they ran, where,
// and how they ended.
import { spawn } from 'node:child_process';
import type { ControlPlane } from '../../cluster/controlplane.js';
import { kubectlOk } from './cluster.js';

/** One pod as the watch saw it last, and every phase it was seen in. */
export interface PodSighting {
  readonly name: string;
  readonly job: string;
  readonly node: string;
  readonly phases: readonly string[];
}

export interface PodWatch {
  /** Ends the watch and returns every pod it saw, by name. */
  stop(): Promise<ReadonlyMap<string, PodSighting>>;
}

interface WatchEvent {
  readonly object?: {
    readonly metadata?: { readonly name?: string; readonly labels?: Record<string, string> };
    readonly spec?: { readonly nodeName?: string };
    readonly status?: { readonly phase?: string };
  };
}

/**
 * Watches the pods of `ns` that match `selector`, from now until `stop()`. The watch resumes from the
 * resourceVersion of a list made first, so nothing that happens after this returns can be missed,
 * however long kubectl takes to connect.
 */
export async function watchPods(plane: ControlPlane, ns: string, selector: string): Promise<PodWatch> {
  const query = (more: string) => `/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(selector)}${more}`;
  const list = JSON.parse(await kubectlOk(plane, ['get', '--raw', query('')])) as { metadata: { resourceVersion: string } };
  const child = spawn(plane.kubectlPath, ['get', '--raw', query(`&watch=1&resourceVersion=${list.metadata.resourceVersion}`)], {
    env: { ...process.env, KUBECONFIG: plane.kubeconfigPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seen = new Map<string, PodSighting>();
  let buffered = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim() !== '')) {
      const pod = (JSON.parse(line) as WatchEvent).object;
      const name = pod?.metadata?.name;
      if (name === undefined) continue;
      const phase = pod?.status?.phase;
      const phases = seen.get(name)?.phases ?? [];
      seen.set(name, {
        name,
        job: pod?.metadata?.labels?.['job-name'] ?? '',
        node: pod?.spec?.nodeName ?? '',
        phases: phase === undefined || phases.includes(phase) ? phases : [...phases, phase],
      });
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    async stop() {
      if (child.exitCode !== null) throw new Error(`the pod watch ended early (exit ${child.exitCode}): ${stderr}`);
      child.kill('SIGTERM');
      await exited;
      return seen;
    },
  };
}
