// The embedded default: sample workspaces in the local control plane.
import { execFileSync } from 'node:child_process';
import type { ControlPlane } from './controlplane.js';
import { samplePod, samplePlisConfigMap } from './samples.js';

export const DEMO_NAMESPACE = 'default';

function kubectl(plane: ControlPlane, args: readonly string[], input?: string): string {
  return execFileSync(plane.kubectlPath, [...args], {
    input, encoding: 'utf8', env: { ...process.env, KUBECONFIG: plane.kubeconfigPath },
  });
}

export function demoObjects(namespace: string) {
  return [
    samplePod({ id: 'a1b2c3', namespace }),
    samplePlisConfigMap({ id: 'a1b2c3', namespace, plis: { hostIP: '10.0.3.17' } }),
    samplePod({ id: 'd4e5f6', namespace, annotations: { 'gitpod/closed': 'true', 'gitpod/customTimeout': '1h30m' } }),
    samplePlisConfigMap({ id: 'd4e5f6', namespace }),
    samplePod({ id: 'f7a8b9', namespace, type: 'prebuild', annotations: { 'gitpod/timedout': 'headless workspace timed out after 1h' } }),
    samplePlisConfigMap({ id: 'f7a8b9', namespace, type: 'prebuild', plis: { finalBackupComplete: true, stoppingSince: '2026-11-28T09:00:00.123456789Z' } }),
  ];
}

export async function runDemo(plane: ControlPlane): Promise<void> {
  kubectl(plane, ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: demoObjects(DEMO_NAMESPACE) }));
  process.stderr.write(`created 3 sample workspaces in namespace ${DEMO_NAMESPACE}\n`);
}
