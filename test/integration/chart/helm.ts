// Runs the pinned helm against the chart and splits its output into manifests.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { helmEnv } from '../../../cluster/helm-env.js';

export const chartDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'charts', 'kubectl-workspace');

/** The ci/ values files, one per mode; `helm lint` and the render tests loop over them (a test checks none is missing). */
export const ciValues = {
  default: join(chartDir, 'ci', 'default-values.yaml'),
  certManager: join(chartDir, 'ci', 'cert-manager-values.yaml'),
  policy: join(chartDir, 'ci', 'policy-values.yaml'),
  hostNetwork: join(chartDir, 'ci', 'host-network-values.yaml'),
  renewal: join(chartDir, 'ci', 'renewal-values.yaml'),
} as const;
export type CiValues = keyof typeof ciValues;

/**
 * The Kubernetes version `helm template` renders for: the control plane's. Without it helm falls
 * back to the version compiled into it, which a build from the module proxy leaves at v1.20.
 */
export const kubeVersion = 'v1.36.3';

/** An image for webhook-mode renders: the chart has no default, as there is no public image. */
export const exampleImage: readonly string[] = ['--set', 'image.repository=registry.example.com/workspace-webhook'];

/** `helm template` arguments that render only the plugin-user ClusterRoles and their RoleBindings. */
export const userRoleTemplates: readonly string[] = [
  '--show-only',
  'templates/user-clusterroles.yaml',
  '--show-only',
  'templates/user-rolebindings.yaml',
];

/** Values that bind one plugin-user role to `group` in `namespace`. */
export function userRoleFor(role: 'operator' | 'viewer', group: string, namespace: string): readonly string[] {
  return ['--set', `userRoles.${role}.groups={${group}}`, '--set', `userRoles.${role}.namespaces={${namespace}}`];
}

/** Arguments of `helm template` for the chart. */
export function templateArgs(release: string, namespace: string, extraArgs: readonly string[] = []): readonly string[] {
  return ['template', release, chartDir, '--namespace', namespace, '--kube-version', kubeVersion, ...extraArgs];
}

export interface HelmResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs helm; never throws on a non-zero exit. HOME-independent: helm gets its own cache/config dirs. */
export function runHelm(helmPath: string, args: readonly string[], workDir: string): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    execFile(
      helmPath,
      [...args],
      {
        env: helmEnv(workDir),
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}

export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

/** Parses a multi-document YAML stream, dropping empty documents. */
export function parseManifests(stream: string): readonly Manifest[] {
  return yaml.loadAll(stream).filter((doc): doc is Manifest => doc !== null && typeof doc === 'object');
}

/** `helm template` output as manifests; a failed render is a test failure carrying helm's stderr. */
export async function renderChart(
  helmPath: string,
  workDir: string,
  release: string,
  namespace: string,
  extraArgs: readonly string[] = [],
): Promise<readonly Manifest[]> {
  const result = await runHelm(helmPath, templateArgs(release, namespace, extraArgs), workDir);
  if (result.code !== 0) throw new Error(`helm template ${extraArgs.join(' ')} exited ${result.code}: ${result.stderr}`);
  return parseManifests(result.stdout);
}

/** "Kind/name" of every manifest, sorted, for set comparisons in assertions. */
export function kindsAndNames(manifests: readonly Manifest[]): readonly string[] {
  return manifests.map((m) => `${m.kind}/${m.metadata.name}`).sort();
}

/** One revision of `helm history -o json`. */
export interface HelmRevision {
  readonly revision: number;
  readonly status: string;
  readonly description: string;
}

/** Parses the output of `helm history RELEASE -o json`. */
export function parseHelmHistory(stdout: string): HelmRevision[] {
  return JSON.parse(stdout) as HelmRevision[];
}
