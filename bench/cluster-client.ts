// The bench's own admin access to the control plane: the product's REST client over a
// keep-alive agent with the admin client certificate, plus raw text reads for /metrics.
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KubeClient } from '../shared/kube/rest.js';
import type { ControlPlane } from '../cluster/controlplane.js';
import { samplePlisConfigMap, samplePod } from '../cluster/samples.js';
import { runPool } from './pool.js';

export interface AdminTls {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export function adminTls(cp: ControlPlane): AdminTls {
  const read = (name: string) => readFileSync(join(cp.dir, 'pki', name), 'utf8');
  return { ca: read('ca.crt'), cert: read('admin.crt'), key: read('admin.key') };
}

/** A client of its own (own connection pool), so sections do not share sockets. */
export function adminClient(cp: ControlPlane): KubeClient {
  // Longer than the API server's own 34 s bound on a mutating request, so its 504 is what a writer sees.
  return new KubeClient({ server: cp.server, tls: adminTls(cp), headers: {} }, { timeoutMs: 120_000 });
}

/** GET of a non-JSON endpoint such as /metrics. */
export function getText(cp: ControlPlane, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${cp.server}${path}`, { ...adminTls(cp), method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${path} answered ${res.statusCode}: ${body.slice(0, 200)}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

export async function createNamespace(client: KubeClient, name: string): Promise<string> {
  await client.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

export async function deleteNamespace(client: KubeClient, name: string): Promise<void> {
  // No namespace controller runs here, so the namespace itself stays Terminating; its pods are removed by the collection delete.
  await client.request('DELETE', `/api/v1/namespaces/${name}/pods`).catch(() => undefined);
  await client.request('DELETE', `/api/v1/namespaces/${name}`).catch(() => undefined);
}

export async function createWorkspace(client: KubeClient, namespace: string, id: string, withPlis: boolean): Promise<void> {
  await client.post(`/api/v1/namespaces/${namespace}/pods`, samplePod({ id, namespace }));
  if (withPlis)
    await client.post(`/api/v1/namespaces/${namespace}/configmaps`, samplePlisConfigMap({ id, namespace, plis: { hostIP: '10.0.0.7' } }));
}

/** Creates `count` workspace pods with `concurrency` POSTs in flight over the client's keep-alive connections. */
export async function createWorkspacePods(client: KubeClient, namespace: string, count: number, concurrency: number): Promise<void> {
  await runPool(count, concurrency, (i) =>
    client.post(`/api/v1/namespaces/${namespace}/pods`, samplePod({ id: `w${String(i).padStart(5, '0')}`, namespace })),
  );
}

/** A short random suffix for object names. */
export function suffix(): string {
  return Math.random().toString(36).slice(2, 8);
}
