// What the bench does as the cluster admin beyond cluster/admin-client.ts: raw text reads for
// /metrics, namespaces and workspace pods in bulk.
import https from 'node:https';
import type { KubeClient } from '../shared/kube/rest.js';
import type { ControlPlane } from '../cluster/controlplane.js';
import { samplePod } from '../cluster/samples.js';
import { runPool } from './pool.js';

/** GET of a non-JSON endpoint such as /metrics. */
export function getText(cp: ControlPlane, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${cp.server}${path}`, { ...cp.adminTls(), method: 'GET' }, (res) => {
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
