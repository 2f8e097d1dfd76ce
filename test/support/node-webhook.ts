// The chart's webhook pods on the local node, seen from the test: their names and addresses, a
// counter of each read through the API server's pod proxy, the certificate each serves, and
// running workspace pods for them to mutate.
import { connect } from 'node:tls';
import type { ControlPlane } from '../../cluster/controlplane.js';
import { waitFor } from '../../cluster/net.js';
import { kubectlOk } from './cluster.js';

export interface WebhookPod {
  readonly name: string;
  readonly ip: string;
  readonly ready: boolean;
  readonly restarts: number;
  readonly terminating: boolean;
  readonly httpsPort: number;
  readonly metricsPort: number;
}

interface PodJson {
  readonly metadata: { readonly name: string; readonly deletionTimestamp?: string };
  readonly spec: { readonly containers: readonly { readonly ports?: readonly { name?: string; containerPort: number }[] }[] };
  readonly status?: {
    readonly podIP?: string;
    readonly conditions?: readonly { type: string; status: string }[];
    readonly containerStatuses?: readonly { restartCount: number }[];
  };
}

const webhookSelector = (release: string): string => `app.kubernetes.io/instance=${release},app.kubernetes.io/component=webhook`;

/** The release's webhook pods as they are now, terminating ones included. */
export async function webhookPods(cp: ControlPlane, ns: string, release: string): Promise<WebhookPod[]> {
  const list = JSON.parse(await kubectlOk(cp, ['get', 'pods', '-n', ns, '-l', webhookSelector(release), '-o', 'json'])) as {
    items: PodJson[];
  };
  return list.items.map((pod) => {
    const port = (name: string) => pod.spec.containers[0]?.ports?.find((p) => p.name === name)?.containerPort ?? 0;
    return {
      name: pod.metadata.name,
      ip: pod.status?.podIP ?? '',
      ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
      restarts: pod.status?.containerStatuses?.reduce((sum, c) => sum + c.restartCount, 0) ?? 0,
      terminating: pod.metadata.deletionTimestamp !== undefined,
      httpsPort: port('https'),
      metricsPort: port('metrics'),
    };
  });
}

/** One sample of a pod's /metrics, read through the API server (the pod proxy takes a port number, not a name). */
export async function podMetric(cp: ControlPlane, ns: string, pod: WebhookPod, metric: string, labels = ''): Promise<number> {
  const text = await kubectlOk(cp, ['get', '--raw', `/api/v1/namespaces/${ns}/pods/http:${pod.name}:${pod.metricsPort}/proxy/metrics`]);
  const prefix = labels === '' ? `${metric} ` : `${metric}{${labels}} `;
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  return line === undefined ? 0 : Number(line.slice(prefix.length));
}

/**
 * The serial number of the certificate a TLS server presents on a new connection, verified
 * against `ca` for `servername`, as the API server verifies it. The host reaches pod and
 * Service addresses: the pod bridge and kube-proxy's rules are on this machine.
 */
export function servedSerial(host: string, port: number, servername: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, servername, ca, timeout: 5_000 }, () => {
      const serial = socket.getPeerX509Certificate()?.serialNumber;
      socket.destroy();
      if (serial === undefined) reject(new Error(`${host}:${port} presented no certificate`));
      else resolve(serial);
    });
    socket.on('timeout', () => socket.destroy(new Error(`no TLS handshake with ${host}:${port} within 5 s`)));
    socket.on('error', reject);
  });
}

export async function waitPodsReady(cp: ControlPlane, ns: string, pods: readonly string[]): Promise<void> {
  await kubectlOk(cp, ['wait', '--for=condition=Ready', '--timeout=180s', '-n', ns, ...pods.map((p) => `pod/${p}`)]);
}

export async function podAnnotations(cp: ControlPlane, ns: string, pod: string): Promise<Record<string, string>> {
  const json = JSON.parse(await kubectlOk(cp, ['get', 'pod', '-n', ns, pod, '-o', 'json'])) as {
    metadata: { annotations?: Record<string, string> };
  };
  return json.metadata.annotations ?? {};
}

/** Waits until the Deployment has `replicas` Ready pods and no other (terminating) webhook pod is left. */
export async function waitWebhookSettled(cp: ControlPlane, ns: string, release: string, replicas: number): Promise<WebhookPod[]> {
  await kubectlOk(cp, ['rollout', 'status', '-n', ns, `deployment/${release}-kubectl-workspace`, '--timeout=180s']);
  let pods: WebhookPod[] = [];
  await waitFor(`${replicas} Ready webhook pods and no terminating one`, 180_000, async () => {
    pods = await webhookPods(cp, ns, release);
    return pods.length === replicas && pods.every((p) => p.ready && !p.terminating);
  });
  return pods;
}
