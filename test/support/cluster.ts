// The control plane shared by all integration tests of one mocha run: started
// on first use, stopped by the root hook in hooks.ts.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ControlPlane } from '../../cluster/controlplane.js';
import { ensureTools } from '../../cluster/tools.js';

let starting: Promise<ControlPlane> | undefined;
let started: ControlPlane | undefined;

export function sharedControlPlane(): Promise<ControlPlane> {
  starting ??= (async () => {
    const binDir = ensureTools();
    const dir = mkdtempSync(join(tmpdir(), 'kw-controlplane-'));
    started = await ControlPlane.start({ dir, binDir, log: (m) => process.stderr.write(`  [control plane] ${m}\n`) });
    return started;
  })();
  return starting;
}

/** The running shared control plane, if a test started one. */
export function startedControlPlane(): ControlPlane | undefined {
  return started;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubectlOptions {
  /** Default: the admin kubeconfig. */
  readonly kubeconfig?: string;
  readonly input?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs the control plane's own kubectl; never throws on a non-zero exit. */
export function runKubectl(cp: ControlPlane, args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cp.kubectlPath,
      [...args],
      {
        env: { ...process.env, KUBECONFIG: options.kubeconfig ?? cp.kubeconfigPath, ...options.env },
        maxBuffer: 256 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Like runKubectl, but a non-zero exit is a test failure carrying kubectl's stderr. */
export async function kubectlOk(cp: ControlPlane, args: readonly string[], options: KubectlOptions = {}): Promise<string> {
  const result = await runKubectl(cp, args, options);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** A fresh namespace named `<prefix>-<random>`; there is no namespace controller, so it is left behind. */
export async function createTestNamespace(cp: ControlPlane, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`.toLowerCase();
  await kubectlOk(cp, ['create', 'namespace', name]);
  return name;
}

/**
 * A fresh namespace on the shared control plane labelled `reliability=<its name>`: a test registers
 * its webhook for that label only, so the webhook under test never sees other tests' pods.
 */
export async function reliabilityNamespace(prefix: string): Promise<{ readonly cp: ControlPlane; readonly ns: string }> {
  const cp = await sharedControlPlane();
  const ns = await createTestNamespace(cp, prefix);
  await kubectlOk(cp, ['label', 'namespace', ns, `reliability=${ns}`]);
  return { cp, ns };
}
