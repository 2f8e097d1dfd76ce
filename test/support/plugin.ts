// The plugin test harness of every suite: the built plugin, copied out of the repository as a user installs it, run
// through real kubectl plugin discovery (or directly) against a control plane, each output recorded so a suite can
// prove no secret leaked, and the workspaces it reads.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'mocha';
import type { ControlPlane } from '../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, runKubectl, sharedControlPlane, type KubectlResult } from './cluster.js';
import { DIST, PLUGIN_FILES, REPO, ensureBuilt, runCopy } from './dist.js';
import { createTestWorkspace } from './workspace-objects.js';

export { DIST, PLUGIN_FILES, REPO };

/** Makes dist/kubectl-workspace and dist/kubectl_complete-workspace current (built at most once per run). */
export function buildPlugin(): void {
  ensureBuilt('plugin');
}

/**
 * The directory every plugin run of this test process uses: the two plugin files of dist/, copied on first use into a
 * fresh temporary directory with no package.json or node_modules at or above it (in the checkout, dist/package.json and
 * the repository's node_modules shape how Node.js loads them; a user's install has neither), removed at process exit.
 */
export function pluginDir(): string {
  return runCopy('plugin');
}

/** The copied kubectl-workspace, to run without kubectl in front. */
export function pluginBin(): string {
  return join(pluginDir(), 'kubectl-workspace');
}

/** What a plugin suite starts from: the shared control plane, the built plugin and a fresh namespace. */
export async function pluginTestBed(namespacePrefix: string): Promise<{ cp: ControlPlane; ns: string }> {
  const cp = await sharedControlPlane();
  buildPlugin();
  return { cp, ns: await createTestNamespace(cp, namespacePrefix) };
}

/** A plugin suite's control plane and namespace, readable in its tests once pluginTestBedFor's `before` hook has run. */
export interface PluginTestBed {
  readonly cp: ControlPlane;
  readonly ns: string;
}

/**
 * Registers the suite's `before` hook: pluginTestBed(namespacePrefix), then each workspace created in that namespace
 * in order, then `more` (e.g. a second namespace). The returned object's cp and ns are those of the hook's test bed.
 */
export function pluginTestBedFor(
  namespacePrefix: string,
  workspaces: readonly SampleWorkspace[],
  more?: (bed: PluginTestBed) => Promise<void>,
): PluginTestBed {
  let started: PluginTestBed | undefined;
  const current = (): PluginTestBed => {
    if (started === undefined) throw new Error(`the ${namespacePrefix} test bed is read before its before hook ran`);
    return started;
  };
  before(async function (this: Context) {
    this.timeout(300_000);
    const bed = await pluginTestBed(namespacePrefix);
    for (const w of workspaces) await createWorkspace(bed.cp, bed.ns, w);
    await more?.(bed);
    started = bed;
  });
  return {
    get cp() {
      return current().cp;
    },
    get ns() {
      return current().ns;
    },
  };
}

/** Every output the plugin produced, to check afterwards that no secret leaked. */
export const transcript: { args: readonly string[]; stdout: string; stderr: string; showSecrets: boolean }[] = [];

export interface PluginOptions {
  readonly kubeconfig?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export function pluginEnv(cp: ControlPlane): Record<string, string> {
  return { PATH: `${pluginDir()}:${cp.binDir}:${process.env['PATH'] ?? ''}` };
}

/** `kubectl workspace <args>`: kubectl finds the copied kubectl-workspace on PATH. */
export async function ws(cp: ControlPlane, args: readonly string[], options: PluginOptions = {}): Promise<KubectlResult> {
  const result = await runKubectl(cp, ['workspace', ...args], {
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    env: { ...pluginEnv(cp), ...options.env },
  });
  transcript.push({ args, stdout: result.stdout, stderr: result.stderr, showSecrets: args.includes('--show-secrets') });
  return result;
}

/** Like ws, but a non-zero exit fails the test with the plugin's stderr. */
export async function wsOk(cp: ControlPlane, args: readonly string[], options: PluginOptions = {}): Promise<string> {
  const r = await ws(cp, args, options);
  if (r.code !== 0) throw new Error(`kubectl workspace ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Runs the copied plugin directly (no kubectl in between), e.g. for many concurrent processes. */
export function wsDirect(cp: ControlPlane, args: readonly string[]): Promise<KubectlResult> {
  return new Promise((resolvePromise) => {
    execFile(pluginBin(), [...args], { env: { ...process.env, KUBECONFIG: cp.kubeconfigPath } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      transcript.push({ args, stdout, stderr, showSecrets: false });
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export const OWNER_TOKEN = `owner-${randomBytes(12).toString('hex')}`;

export interface SampleWorkspace {
  readonly id: string;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly podName?: string;
  /** The PLIS document text; null for no ConfigMap. */
  readonly plis?: string | null;
  /** Default OWNER_TOKEN. */
  readonly ownerToken?: string;
  /** Whether the pod carries gitpod/never-ready=true; default true. */
  readonly neverReady?: boolean;
}

/** Creates a workspace pod (by default never ready, carrying OWNER_TOKEN) and its PLIS ConfigMap unless plis is null. */
export async function createWorkspace(cp: ControlPlane, ns: string, w: SampleWorkspace): Promise<void> {
  const { ownerToken = OWNER_TOKEN, neverReady = true, ...rest } = w;
  const annotations = { ...(neverReady ? { 'gitpod/never-ready': 'true' } : {}), ...w.annotations };
  await createTestWorkspace(cp, ns, { ...rest, ownerToken, annotations });
}

export async function getObject(
  cp: ControlPlane,
  ns: string,
  ref: string,
): Promise<{ metadata: { resourceVersion: string; annotations?: Record<string, string> } }> {
  return JSON.parse(await kubectlOk(cp, ['get', ref, '-n', ns, '-o', 'json']));
}

export async function resourceVersion(cp: ControlPlane, ns: string, ref: string): Promise<string> {
  return (await getObject(cp, ns, ref)).metadata.resourceVersion;
}

export interface ObjectState {
  readonly resourceVersion: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** An object's resourceVersion and annotations, to prove a refused write changed nothing. */
export async function objectState(cp: ControlPlane, ns: string, ref: string): Promise<ObjectState> {
  const object = await getObject(cp, ns, ref);
  return { resourceVersion: object.metadata.resourceVersion, annotations: object.metadata.annotations ?? {} };
}

/** A kubeconfig with two contexts on the control plane: `home` (namespace nsA) and `away` (namespace nsB), current `home`. */
export async function writeTwoContextKubeconfig(cp: ControlPlane, path: string, nsA: string, nsB: string): Promise<void> {
  const admin = JSON.parse(await kubectlOk(cp, ['config', 'view', '--raw', '-o', 'json'])) as {
    clusters: { cluster: object }[];
    users: { user: object }[];
  };
  const cluster = admin.clusters[0]?.cluster;
  const user = admin.users[0]?.user;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'home',
    clusters: [{ name: 'cp', cluster }],
    users: [{ name: 'admin', user }],
    contexts: [
      { name: 'home', context: { cluster: 'cp', user: 'admin', namespace: nsA } },
      { name: 'away', context: { cluster: 'cp', user: 'admin', namespace: nsB } },
    ],
  };
  writeFileSync(path, JSON.stringify(config));
}

/** Fails if the owner token appears in any output recorded so far, except of commands run with --show-secrets. */
export function assertNoTokenLeak(): void {
  const hidden = transcript.filter((t) => !t.showSecrets);
  if (hidden.length < 10) throw new Error(`only ${hidden.length} outputs recorded: the check would prove little`);
  for (const t of hidden) {
    if (t.stdout.includes(OWNER_TOKEN) || t.stderr.includes(OWNER_TOKEN))
      throw new Error(`the owner token leaked in the output of: ${t.args.join(' ')}`);
  }
}
