// The embedded default's sample workspaces, to try the plugin on.
import { execFileSync } from 'node:child_process';
import type { ControlPlane } from './controlplane.js';
import { samplePod, samplePlisConfigMap } from './samples.js';

export const DEMO_NAMESPACE = 'default';

export function demoObjects(namespace: string) {
  return [
    samplePod({ id: 'a1b2c3', namespace }),
    samplePlisConfigMap({ id: 'a1b2c3', namespace, plis: { hostIP: '10.0.3.17' } }),
    samplePod({ id: 'd4e5f6', namespace, annotations: { 'gitpod/closed': 'true', 'gitpod/customTimeout': '1h30m' } }),
    samplePlisConfigMap({ id: 'd4e5f6', namespace }),
    samplePod({ id: 'f7a8b9', namespace, type: 'prebuild', annotations: { 'gitpod/timedout': 'headless workspace timed out after 1h' } }),
    samplePlisConfigMap({
      id: 'f7a8b9',
      namespace,
      type: 'prebuild',
      plis: { finalBackupComplete: true, stoppingSince: '2026-11-28T09:00:00.123456789Z' },
    }),
  ];
}

export function createDemoWorkspaces(plane: ControlPlane): void {
  // Server-side apply: idempotent, and no last-applied copy of the owner token in an annotation.
  execFileSync(plane.kubectlPath, ['apply', '--server-side', '--field-manager=kubectl-workspace-demo', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: demoObjects(DEMO_NAMESPACE) }),
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...process.env, KUBECONFIG: plane.kubeconfigPath },
  });
  process.stderr.write(`sample workspaces a1b2c3, d4e5f6, f7a8b9 in namespace ${DEMO_NAMESPACE}\n`);
}
