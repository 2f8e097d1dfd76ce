// Helpers for testing exec credential plugins end to end: credential plugin scripts, kubeconfigs
// that use them, and real identities (a ServiceAccount token from the TokenRequest API, a client
// certificate from the cluster CA).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ControlPlane } from '../../cluster/controlplane.js';
import { issueClientCertificate } from '../../cluster/pki.js';
import type { PemPair } from '../../webhook/x509.js';
import { kubectlOk, type KubectlResult } from './cluster.js';

export function listDir(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** What a kubeconfig needs of the control plane's cluster entry. */
export interface ClusterEntry {
  readonly server: string;
  readonly 'certificate-authority-data': string;
}

export async function adminCluster(cp: ControlPlane): Promise<ClusterEntry> {
  const admin = JSON.parse(await kubectlOk(cp, ['config', 'view', '--raw', '-o', 'json'])) as { clusters: { cluster: ClusterEntry }[] };
  const cluster = admin.clusters[0]?.cluster;
  if (cluster === undefined) throw new Error('the admin kubeconfig has no cluster');
  return cluster;
}

/** Writes a one-context kubeconfig whose user is `user` (e.g. `{ exec: … }`). */
export function writeKubeconfig(path: string, cluster: object, user: object, namespace: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'Config',
        'current-context': 'exec',
        clusters: [{ name: 'cp', cluster }],
        users: [{ name: 'exec-user', user }],
        contexts: [{ name: 'exec', context: { cluster: 'cp', user: 'exec-user', namespace } }],
      },
      null,
      2,
    ),
  );
  return path;
}

/**
 * A credential plugin as a shell script: appends a line to $KW_EXEC_COUNTER per run (`tty` or
 * `no-tty` for its stdin), saves KUBERNETES_EXEC_INFO to $KW_EXEC_INFO_OUT when set, and prints
 * the file $KW_EXEC_CREDENTIAL.
 */
export function writeCredentialScript(path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      'if [ -t 0 ]; then echo tty >> "$KW_EXEC_COUNTER"; else echo no-tty >> "$KW_EXEC_COUNTER"; fi',
      'if [ -n "$KW_EXEC_INFO_OUT" ]; then printf \'%s\' "$KUBERNETES_EXEC_INFO" > "$KW_EXEC_INFO_OUT"; fi',
      'cat "$KW_EXEC_CREDENTIAL"',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return path;
}

/** A credential plugin that fails: `message` on stderr, exit `code`. */
export function writeFailingScript(path: string, message: string, code: number): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/sh\necho run >> "$KW_EXEC_COUNTER"\necho '${message}' >&2\nexit ${code}\n`, { mode: 0o755 });
  return path;
}

/** The lines the credential script appended to its counter file: one per run. */
export function counterLines(path: string): string[] {
  return existsSync(path)
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

/** An ExecCredential answer, as a plugin would print it. */
export function execCredentialJson(apiVersion: string, status: object): string {
  return JSON.stringify({ apiVersion, kind: 'ExecCredential', status });
}

/** A real ServiceAccount token from the TokenRequest API (POST …/serviceaccounts/NAME/token). */
export async function requestServiceAccountToken(
  cp: ControlPlane,
  namespace: string,
  name: string,
): Promise<{ token: string; expirationTimestamp: string }> {
  const request = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } };
  const out = await kubectlOk(cp, ['create', '--raw', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, '-f', '-'], {
    input: JSON.stringify(request),
  });
  const status = (JSON.parse(out) as { status?: { token?: string; expirationTimestamp?: string } }).status;
  if (!status?.token || !status.expirationTimestamp) throw new Error(`TokenRequest for ${namespace}/${name} returned no token`);
  return { token: status.token, expirationTimestamp: status.expirationTimestamp };
}

/** A client certificate signed by the control plane's CA: CN is the user, O the group. */
export function clusterSignedClientCertificate(cp: ControlPlane, user: string, group: string): PemPair {
  const read = (name: string) => readFileSync(join(cp.dir, 'pki', name), 'utf8');
  return issueClientCertificate({ certPem: read('ca.crt'), keyPem: read('ca.key') }, user, [group]);
}

/** Runs the control plane's kubectl with a pseudo-terminal as its stdin, stdout and stderr (util-linux `script`). */
export function runKubectlInTerminal(
  cp: ControlPlane,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<KubectlResult> {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  const command = [cp.kubectlPath, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}
