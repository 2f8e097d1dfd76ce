// The identities section 4 writes as: the cluster admin (system:masters, exempt from API Priority and
// Fairness) and an ordinary one, a ServiceAccount bound to the chart's operator ClusterRole, whose
// requests are queued and limited by API Priority and Fairness like every real operator's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import type { KubeClient } from '../shared/kube/rest.js';
import type { Transport } from '../shared/kube/transport.js';
import type { ControlPlane } from '../cluster/controlplane.js';
import { adminTls } from './cluster-client.js';

export const Identity = { admin: 'admin', serviceAccount: 'serviceAccount' } as const;
export type Identity = (typeof Identity)[keyof typeof Identity];

interface Manifest {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
}

/** The chart's operator ClusterRole, as `helm template` renders it. */
function operatorClusterRole(cp: ControlPlane, repoRoot: string): Manifest {
  const home = mkdtempSync(join(tmpdir(), 'kw-bench-helm-'));
  try {
    const rendered = execFileSync(
      join(cp.binDir, 'helm'),
      [
        'template',
        'bench',
        join(repoRoot, 'charts', 'kubectl-workspace'),
        '--show-only',
        'templates/user-clusterroles.yaml',
        '--set',
        'image.repository=registry.example.com/workspace-webhook',
      ],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          HELM_CACHE_HOME: join(home, 'cache'),
          HELM_CONFIG_HOME: join(home, 'config'),
          HELM_DATA_HOME: join(home, 'data'),
        },
      },
    );
    const role = (loadAll(rendered) as Manifest[]).find((m) => m?.kind === 'ClusterRole' && (m.metadata?.name ?? '').endsWith('-operator'));
    if (role === undefined) throw new Error('helm template rendered no ClusterRole named *-operator from templates/user-clusterroles.yaml');
    return role;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Creates a ServiceAccount in `namespace` bound (RoleBinding) to the chart's operator ClusterRole, and returns
 * the transport of a token for it from the TokenRequest API.
 */
export async function serviceAccountTransport(
  cp: ControlPlane,
  repoRoot: string,
  admin: KubeClient,
  namespace: string,
): Promise<Transport> {
  const role = operatorClusterRole(cp, repoRoot);
  const roleName = role.metadata?.name ?? '';
  await admin.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', role).catch((err: unknown) => {
    if ((err as { statusCode?: number }).statusCode !== 409) throw err;
  });
  const sa = 'bench-writer';
  await admin.post(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa } });
  await admin.post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'bench-writer-operator' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace }],
  });
  const request = await admin.post<{ status?: { token?: string } }>(`/api/v1/namespaces/${namespace}/serviceaccounts/${sa}/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 3600 },
  });
  const token = request.status?.token;
  if (token === undefined || token === '') throw new Error(`the TokenRequest for ServiceAccount ${namespace}/${sa} returned no token`);
  return { server: cp.server, tls: { ca: adminTls(cp).ca }, headers: { authorization: `Bearer ${token}` } };
}

/** The admin's transport: the control plane's client certificate. */
export function adminTransport(cp: ControlPlane): Transport {
  return { server: cp.server, tls: adminTls(cp), headers: {} };
}
