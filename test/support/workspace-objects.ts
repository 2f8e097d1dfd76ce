// Minimal workspace objects for integration tests: a pod labelled workspaceID=<id> and, unless
// plis is null, its PLIS ConfigMap. Created with `kubectl create`, so no last-applied copy exists.
import type { ControlPlane } from '../../cluster/controlplane.js';
import { kubectlOk } from './cluster.js';

export interface TestWorkspace {
  readonly id: string;
  readonly ownerToken: string;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Default ws-<id>. */
  readonly podName?: string;
  /** The PLIS document text; null for no ConfigMap. Default {"hostIP":"10.0.0.9"}. */
  readonly plis?: string | null;
}

export function testWorkspaceObjects(ns: string, w: TestWorkspace): object[] {
  const labels = { app: 'gitpod', component: 'workspace', workspaceID: w.id, workspaceType: 'regular', owner: 'alice' };
  const items: object[] = [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: w.podName ?? `ws-${w.id}`,
        namespace: ns,
        labels,
        annotations: { 'gitpod/id': w.id, 'gitpod/ownerToken': w.ownerToken, ...w.annotations },
      },
      spec: { containers: [{ name: 'workspace', image: 'registry.invalid/workspace:1' }] },
    },
  ];
  if (w.plis !== null) {
    items.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `plis-${w.id}`,
        namespace: ns,
        labels,
        annotations: { 'gitpod/id': w.id, 'gitpod/plis': w.plis ?? '{"hostIP":"10.0.0.9"}' },
      },
    });
  }
  return items;
}

export async function createTestWorkspace(cp: ControlPlane, ns: string, w: TestWorkspace): Promise<void> {
  await kubectlOk(cp, ['create', '-f', '-'], {
    input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: testWorkspaceObjects(ns, w) }),
  });
}
