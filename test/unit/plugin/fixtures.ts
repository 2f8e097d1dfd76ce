// Plain workspace objects shared by the plugin's unit tests.
import type { ConfigMap, Pod } from '../../../shared/kube/workspaces.js';

export const OWNER_TOKEN = 'owner-token-7f3a9c';
export const NOW = Date.parse('2026-11-28T12:00:00Z');

export function pod(id: string, annotations: Record<string, string> = {}, extra: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `ws-${id}`,
      namespace: 'team',
      creationTimestamp: '2026-11-28T11:55:00Z',
      labels: { workspaceID: id, workspaceType: 'regular', owner: 'alice' },
      annotations: { 'gitpod/id': id, 'gitpod/ownerToken': OWNER_TOKEN, ...annotations },
    },
    spec: { nodeName: 'node-1' },
    status: { phase: 'Running', podIP: '10.0.0.7' },
    ...extra,
  };
}

export function plisConfigMap(id: string, plis: string | undefined): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `plis-${id}`, namespace: 'team', annotations: plis === undefined ? {} : { 'gitpod/plis': plis } },
  };
}
