// Kubeconfig files for the local control plane, with credentials embedded so
// the file alone is enough to connect.
import yaml from 'js-yaml';

export interface KubeconfigInput {
  readonly server: string;
  readonly caPem: string;
  readonly user: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Context and cluster name; default 'kubectl-workspace-local'. */
  readonly name?: string;
  readonly namespace?: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function renderKubeconfig(input: KubeconfigInput): string {
  const name = input.name ?? 'kubectl-workspace-local';
  return yaml.dump(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster: { server: input.server, 'certificate-authority-data': b64(input.caPem) } }],
      users: [{ name: input.user, user: { 'client-certificate-data': b64(input.certPem), 'client-key-data': b64(input.keyPem) } }],
      contexts: [{ name, context: { cluster: name, user: input.user, ...(input.namespace ? { namespace: input.namespace } : {}) } }],
      'current-context': name,
    },
    { lineWidth: -1 },
  );
}
