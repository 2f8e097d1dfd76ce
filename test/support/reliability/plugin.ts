// Runs the built plugin through the control plane's kubectl (plugin discovery on PATH), recording every output.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { kubectlOk, runKubectl, type KubectlResult } from '../cluster.js';
import { record, OWNER_TOKEN } from './transcript.js';
import { createTestWorkspace } from '../workspace-objects.js';
import { REPO } from './webhook-process.js';

/** Builds dist/kubectl-workspace (and its completion twin) from the current sources. */
export function buildPlugin(): void {
  // KW_RELIABILITY_PREBUILT=1 uses dist/ as it is, e.g. while a source file is mid-edit.
  if (process.env['KW_RELIABILITY_PREBUILT'] === '1') return;
  execFileSync(process.execPath, ['scripts/build.mjs', 'kubectl'], { cwd: REPO, stdio: 'inherit' });
}

/** `kubectl workspace <args>` with dist/ first on PATH; never throws on a non-zero exit. */
export async function workspace(cp: ControlPlane, args: readonly string[], kubeconfig?: string): Promise<KubectlResult> {
  const result = await runKubectl(cp, ['workspace', ...args], {
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    env: { PATH: `${join(REPO, 'dist')}:${cp.binDir}:${process.env['PATH'] ?? ''}` },
  });
  record(`kubectl workspace ${args.join(' ').slice(0, 200)}`, `${result.stdout}\n${result.stderr}`);
  return result;
}

export interface WorkspaceSpec {
  readonly id: string;
  readonly annotations?: Readonly<Record<string, string>>;
  /** The PLIS document text; null for no ConfigMap. */
  readonly plis?: string | null;
}

/** A workspace pod carrying the reliability owner token, plus its PLIS ConfigMap unless plis is null. */
export async function createWorkspace(cp: ControlPlane, ns: string, w: WorkspaceSpec): Promise<void> {
  await createTestWorkspace(cp, ns, { ...w, ownerToken: OWNER_TOKEN });
}

export interface ObjectState {
  readonly resourceVersion: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export async function objectState(cp: ControlPlane, ns: string, ref: string): Promise<ObjectState> {
  const object = JSON.parse(await kubectlOk(cp, ['get', ref, '-n', ns, '-o', 'json'])) as { metadata: { resourceVersion: string; annotations?: Record<string, string> } };
  return { resourceVersion: object.metadata.resourceVersion, annotations: object.metadata.annotations ?? {} };
}
