// Runs the chart's hooks the way their Jobs would, for a control plane without nodes: the built
// `workspace-webhook` with the Job's own arguments, under a token of the Job's own ServiceAccount. The file runs from the
// test process's copy outside the repository (webhookBin), with no dist/package.json or node_modules above it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { kubectlOk } from '../../support/cluster.js';
import { webhookBin } from '../../support/webhook-cli.js';
import type { HelmResult, Manifest } from './helm.js';

/** Runs the copied bundle in its own directory, outside the repository; never throws on a non-zero exit. */
export function runBundle(args: readonly string[]): Promise<HelmResult> {
  const bundle = webhookBin();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bundle, ...args], { cwd: dirname(bundle) }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

interface PodTemplateHolder {
  readonly spec?: {
    readonly template?: { readonly spec: PodSpec };
    readonly jobTemplate?: { readonly spec: { readonly template: { readonly spec: PodSpec } } };
  };
}
interface PodSpec {
  readonly serviceAccountName: string;
  readonly containers: readonly { readonly args: readonly string[] }[];
}

/** The pod spec of a Job or of a CronJob's job template. */
export function podSpecOf(manifest: Manifest): PodSpec {
  const holder = manifest as PodTemplateHolder;
  const spec = holder.spec?.template?.spec ?? holder.spec?.jobTemplate?.spec.template.spec;
  assert.ok(spec, `${manifest.kind}/${manifest.metadata.name} has no pod template`);
  return spec;
}

/** The hook events of a manifest (`helm.sh/hook`), empty for an ordinary release resource. */
export function hookEvents(manifest: Manifest): readonly string[] {
  return (manifest.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').filter((e) => e !== '');
}

/** The Jobs Helm would run for `event`, in Helm's order (weight, then name). */
export function hookJobs(manifests: readonly Manifest[], event: string): readonly Manifest[] {
  const weight = (m: Manifest) => Number(m.metadata.annotations?.['helm.sh/hook-weight'] ?? '0');
  return manifests
    .filter((m) => m.kind === 'Job' && hookEvents(m).includes(event))
    .sort((a, b) => weight(a) - weight(b) || a.metadata.name.localeCompare(b.metadata.name));
}

/** A copy of the admin kubeconfig whose user is a fresh token of the ServiceAccount (TokenRequest API). */
export async function serviceAccountKubeconfig(cp: ControlPlane, namespace: string, serviceAccount: string, file: string): Promise<string> {
  const token = (await kubectlOk(cp, ['create', 'token', serviceAccount, '-n', namespace])).trim();
  const config = JSON.parse(await kubectlOk(cp, ['config', 'view', '--raw', '--minify', '-o', 'json'])) as { users: { user: object }[] };
  config.users[0]!.user = { token };
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  return file;
}

/**
 * Runs a Job's (or CronJob's) container as the Job would: its arguments, its ServiceAccount's
 * identity. The ServiceAccount and its RBAC must exist (the test applies the hook resources first).
 */
export async function runAsJob(cp: ControlPlane, namespace: string, manifest: Manifest, workDir: string): Promise<HelmResult> {
  const pod = podSpecOf(manifest);
  const kubeconfig = await serviceAccountKubeconfig(
    cp,
    namespace,
    pod.serviceAccountName,
    join(workDir, `${manifest.metadata.name}.kubeconfig`),
  );
  const args = pod.containers[0]?.args ?? [];
  return runBundle([...args, '--kubeconfig', kubeconfig]);
}
