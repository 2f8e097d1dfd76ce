// Registers a running webhook process with an API server, scoped to labelled namespaces so other suites are unaffected.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { kubectlOk, runKubectl } from '../cluster.js';
import { webhookBin } from '../webhook-cli.js';

export interface Registration {
  readonly name: string;
  /** The namespace label (key=value) that selects the namespaces the webhook sees. */
  readonly namespaceLabel: string;
}

function registrationJson(args: readonly string[]): Promise<string> {
  return new Promise((resolveJson, reject) => {
    execFile(webhookBin(), ['registration', ...args], (error, stdout, stderr) =>
      error ? reject(new Error(stderr, { cause: error })) : resolveJson(stdout),
    );
  });
}

/** Applies `workspace-webhook registration` output for https://127.0.0.1:<port>/mutate. Re-applying switches the policy. */
export async function register(
  cp: ControlPlane,
  options: {
    readonly name: string;
    readonly port: number;
    readonly certDir: string;
    readonly failurePolicy: 'Fail' | 'Ignore';
    readonly namespaceLabel: string;
  },
): Promise<Registration> {
  const json = await registrationJson([
    '--name',
    options.name,
    '--url',
    `https://127.0.0.1:${options.port}/mutate`,
    '--ca-file',
    join(options.certDir, 'ca.crt'),
    '--failure-policy',
    options.failurePolicy,
    '--timeout',
    '2',
    '--namespace-label',
    options.namespaceLabel,
  ]);
  await kubectlOk(cp, ['apply', '-f', '-'], { input: json });
  return { name: options.name, namespaceLabel: options.namespaceLabel };
}

export async function unregister(cp: ControlPlane, name: string): Promise<void> {
  await runKubectl(cp, ['delete', 'mutatingwebhookconfiguration', name, '--ignore-not-found']);
}

/**
 * Waits until a server-side dry run that adds explicitFail to `pod` comes back as `expect` says: the API server
 * picks up webhook configurations through an informer, a moment after they are written.
 */
export async function waitForAdmission(
  cp: ControlPlane,
  ns: string,
  pod: string,
  expect: 'mutated' | 'refused' | 'unmutated',
): Promise<string> {
  const patch = JSON.stringify({ metadata: { annotations: { 'gitpod/explicitFail': 'probe', 'gitpod/failedBeforeStopping': null } } });
  let last = '';
  for (let attempt = 0; attempt < 100; attempt++) {
    const r = await runKubectl(cp, ['patch', 'pod', pod, '-n', ns, '--type', 'merge', '-p', patch, '--dry-run=server', '-o', 'json']);
    const state =
      r.code !== 0
        ? 'refused'
        : (JSON.parse(r.stdout) as { metadata: { annotations?: Record<string, string> } }).metadata.annotations?.[
              'gitpod/failedBeforeStopping'
            ] === 'true'
          ? 'mutated'
          : 'unmutated';
    last = `${state}: ${r.stderr.trim()}`;
    if (state === expect) return r.stderr.trim();
    await sleep(200);
  }
  throw new Error(`admission of pod ${ns}/${pod} never became ${expect}; last: ${last}`);
}
