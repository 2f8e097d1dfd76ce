// Installing and removing the two ways of enforcing the invariant on the bench's control plane:
// the webhook (MutatingWebhookConfiguration → `workspace-webhook serve`, the bench's copy) and the policy
// (MutatingAdmissionPolicy + binding rendered by `helm template` with the chart's ci/policy values).
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { helmEnv } from '../cluster/helm-env.js';
import type { KubeClient } from '../shared/kube/rest.js';
import { buildRegistration, FailurePolicy } from '../webhook/registration.js';
import { generateServingCert, startProductWebhook } from './servers.js';

const ADMISSION_API = '/apis/admissionregistration.k8s.io/v1';

/** A mode in place; `remove` takes it away again (and stops what it started). */
export interface InstalledMode {
  readonly description: string;
  /** The webhook's name as the API server's metrics label it; undefined for the policy. */
  readonly webhookName?: string;
  readonly remove: () => Promise<void>;
}

/** Only this namespace's workspace pods: the bench never changes admission for anything else. */
function scope(namespace: string) {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    objectSelector: { matchExpressions: [{ key: 'workspaceID', operator: 'Exists' }] },
  };
}

export async function installWebhookMode(
  client: KubeClient,
  opts: { webhookBin: string; workDir: string; namespace: string; suffix: string },
): Promise<InstalledMode> {
  const certDir = join(opts.workDir, 'webhook-mode-cert');
  mkdirSync(certDir, { recursive: true });
  const cert = await generateServingCert(opts.webhookBin, certDir);
  const server = await startProductWebhook(opts.webhookBin, cert);
  const name = `bench-webhook-${opts.suffix}`;
  const config = buildRegistration({
    name,
    client: { url: server.url, caBundle: Buffer.from(cert.caPem).toString('base64') },
    failurePolicy: FailurePolicy.fail,
    ...scope(opts.namespace),
  });
  try {
    await client.post(`${ADMISSION_API}/mutatingwebhookconfigurations`, config);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    description: `MutatingWebhookConfiguration ${name} → ${server.url} (workspace-webhook serve, pid ${server.pid})`,
    webhookName: config.webhooks?.[0]?.name,
    remove: async () => {
      await client.request('DELETE', `${ADMISSION_API}/mutatingwebhookconfigurations/${name}`).catch(() => undefined);
      await server.stop();
    },
  };
}

function helmTemplate(helm: string, args: readonly string[], workDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      helm,
      [...args],
      {
        env: helmEnv(join(workDir, 'helm')),
        maxBuffer: 16 << 20,
      },
      (err, stdout, stderr) =>
        err ? reject(new Error(`helm ${args.join(' ')} failed: ${stderr || err.message}`, { cause: err })) : resolve(stdout),
    );
  });
}

interface Manifest {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
}

const policyPaths: Readonly<Record<string, string>> = {
  MutatingAdmissionPolicy: 'mutatingadmissionpolicies',
  MutatingAdmissionPolicyBinding: 'mutatingadmissionpolicybindings',
};

export async function installPolicyMode(
  client: KubeClient,
  opts: { helm: string; repoRoot: string; workDir: string; namespace: string; suffix: string; kubeVersion: string },
): Promise<InstalledMode> {
  const chart = join(opts.repoRoot, 'charts', 'kubectl-workspace');
  const rendered = await helmTemplate(
    opts.helm,
    [
      'template',
      `bench-${opts.suffix}`,
      chart,
      '--namespace',
      opts.namespace,
      '--kube-version',
      opts.kubeVersion,
      '--values',
      join(chart, 'ci', 'policy-values.yaml'),
      '--set',
      'userRoles.create=false',
      '--set',
      `admission.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=${opts.namespace}`,
    ],
    opts.workDir,
  );
  const manifests = (yaml.loadAll(rendered) as Manifest[]).filter(
    (m) => m !== null && typeof m === 'object' && m.kind !== undefined && m.kind in policyPaths,
  );
  if (manifests.length !== 2) {
    throw new Error(
      `helm template with ci/policy-values.yaml rendered ${manifests.length} policy objects, expected a MutatingAdmissionPolicy and its binding`,
    );
  }
  const created: string[] = [];
  const remove = async () => {
    for (const path of created.reverse()) await client.request('DELETE', path).catch(() => undefined);
  };
  try {
    for (const m of manifests) {
      const path = `${ADMISSION_API}/${policyPaths[m.kind ?? '']}`;
      await client.post(path, m);
      created.push(`${path}/${m.metadata?.name ?? ''}`);
    }
  } catch (err) {
    await remove();
    throw err;
  }
  return {
    description: `MutatingAdmissionPolicy + binding from helm template (ci/policy-values.yaml): ${manifests.map((m) => m.metadata?.name).join(', ')}`,
    remove,
  };
}
