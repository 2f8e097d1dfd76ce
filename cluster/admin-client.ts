// Access to a local control plane for the bench and the tests: the product's REST client as the
// cluster admin, workspaces created through it, and an ordinary identity (a ServiceAccount bound to
// the chart's operator ClusterRole) whose requests API Priority and Fairness queues and limits like
// every real operator's, where the admin (system:masters) is exempt.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { KubeClient } from '../shared/kube/rest.js';
import type { Transport } from '../shared/kube/transport.js';
import type { ControlPlane } from './controlplane.js';
import { helmEnv } from './helm-env.js';
import { samplePlisConfigMap, samplePod } from './samples.js';

/** The admin's transport: the control plane's client certificate. */
export function adminTransport(cp: ControlPlane): Transport {
  return { server: cp.server, tls: cp.adminTls(), headers: {} };
}

/** A client of its own (own connection pool), so callers do not share sockets. */
export function adminClient(cp: ControlPlane): KubeClient {
  // Longer than the API server's own 34 s bound on a mutating request, so its 504 is what a writer sees.
  return new KubeClient(adminTransport(cp), { timeoutMs: 120_000 });
}

/** Creates the sample workspace pod `ws-<id>` in `namespace` and, with `withPlis`, its PLIS ConfigMap. */
export async function createWorkspace(client: KubeClient, namespace: string, id: string, withPlis: boolean): Promise<void> {
  await client.post(`/api/v1/namespaces/${namespace}/pods`, samplePod({ id, namespace }));
  if (withPlis)
    await client.post(`/api/v1/namespaces/${namespace}/configmaps`, samplePlisConfigMap({ id, namespace, plis: { hostIP: '10.0.0.7' } }));
}

interface Manifest {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
}

/** The chart's operator ClusterRole, as `helm template` renders it. */
function operatorClusterRole(cp: ControlPlane, repoRoot: string): Manifest {
  // A helm home of its own, removed after the render (helmEnv).
  const home = mkdtempSync(join(tmpdir(), 'kw-operator-role-helm-'));
  try {
    const rendered = execFileSync(
      join(cp.binDir, 'helm'),
      [
        'template',
        'operator-role',
        join(repoRoot, 'charts', 'kubectl-workspace'),
        '--show-only',
        'templates/user-clusterroles.yaml',
        '--set',
        'image.repository=registry.example.com/workspace-webhook',
      ],
      {
        encoding: 'utf8',
        env: helmEnv(home),
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
 * the transport of a token for it from the TokenRequest API. One per namespace: a second call in the same
 * namespace fails with the API server's AlreadyExists.
 */
export async function serviceAccountTransport(
  cp: ControlPlane,
  repoRoot: string,
  admin: KubeClient,
  namespace: string,
): Promise<Transport> {
  const role = operatorClusterRole(cp, repoRoot);
  const roleName = role.metadata?.name ?? '';
  // Cluster-wide and the same for every caller: one made earlier serves.
  await admin.post('/apis/rbac.authorization.k8s.io/v1/clusterroles', role).catch((err: unknown) => {
    if ((err as { statusCode?: number }).statusCode !== 409) throw err;
  });
  const sa = 'operator-writer';
  await admin.post(`/api/v1/namespaces/${namespace}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa } });
  await admin.post(`/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'operator-writer-operator' },
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
  return { server: cp.server, tls: { ca: cp.adminTls().ca }, headers: { authorization: `Bearer ${token}` } };
}
