// The ExecCredential exchanged with an exec credential plugin, pure: what the plugin is handed
// (KUBERNETES_EXEC_INFO, its environment) and what it answers. Running it is exec-plugin.ts.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { quoteValue } from '../errors.js';
import { isJsonObject } from '../json-object.js';
import { jsonSyntaxProblem } from '../jsonraw.js';
import { ExecCredentialError, typeOf, type ExecApiVersion, type ExecConfig } from './exec-config.js';

/** The cluster extension whose `extension` is handed to the plugin as `spec.cluster.config`. */
export const EXEC_CLUSTER_EXTENSION = 'client.authentication.k8s.io/exec';
export const EXEC_INFO_ENV = 'KUBERNETES_EXEC_INFO';

type Entry = Readonly<Record<string, unknown>>;

/** `spec.cluster` of the ExecCredential: what provideClusterInfo hands to the plugin. */
export interface ExecClusterInfo {
  readonly server: string;
  readonly 'tls-server-name'?: string;
  readonly 'insecure-skip-tls-verify'?: boolean;
  /** Base64 of the CA bundle, as Go encodes []byte. */
  readonly 'certificate-authority-data'?: string;
  readonly 'proxy-url'?: string;
  readonly 'disable-compression'?: boolean;
  /** The cluster's `client.authentication.k8s.io/exec` extension. */
  readonly config?: unknown;
}

/** The kubeconfig cluster fields the plugin may be told about, read from the cluster entry. */
export interface ExecClusterSource {
  readonly server: string;
  readonly tlsServerName?: string | undefined;
  readonly insecureSkipTlsVerify?: boolean | undefined;
  /** The CA bundle's bytes, whether it came from a file or inline data. */
  readonly certificateAuthority?: Buffer | undefined;
  readonly proxyUrl?: string | undefined;
  readonly disableCompression?: boolean | undefined;
  readonly extension?: unknown;
}

/** Builds `spec.cluster`, leaving out what is empty (Go's omitempty). */
export function execClusterInfo(c: ExecClusterSource): ExecClusterInfo {
  return {
    server: c.server,
    ...(c.tlsServerName ? { 'tls-server-name': c.tlsServerName } : {}),
    ...(c.insecureSkipTlsVerify === true ? { 'insecure-skip-tls-verify': true } : {}),
    ...(c.certificateAuthority !== undefined && c.certificateAuthority.length > 0
      ? { 'certificate-authority-data': c.certificateAuthority.toString('base64') }
      : {}),
    ...(c.proxyUrl ? { 'proxy-url': c.proxyUrl } : {}),
    ...(c.disableCompression === true ? { 'disable-compression': true } : {}),
    ...(c.extension === undefined || c.extension === null ? {} : { config: c.extension }),
  };
}

/** The cluster's `client.authentication.k8s.io/exec` extension, if any. */
export function execClusterExtension(cluster: Entry): unknown {
  const list = cluster['extensions'];
  if (!Array.isArray(list)) return undefined;
  const found = list.find((e: unknown) => isJsonObject(e) && e['name'] === EXEC_CLUSTER_EXTENSION) as Entry | undefined;
  return found?.['extension'];
}

/** The ExecCredential the plugin reads from KUBERNETES_EXEC_INFO. */
export function execInfo(config: ExecConfig, interactive: boolean, cluster: ExecClusterInfo | undefined): string {
  const spec = config.provideClusterInfo && cluster !== undefined ? { cluster, interactive } : { interactive };
  return JSON.stringify({ kind: 'ExecCredential', apiVersion: config.apiVersion, spec });
}

/** The plugin's environment: ours, then the kubeconfig's env entries (later ones win), then KUBERNETES_EXEC_INFO. */
export function execEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  config: ExecConfig,
  info: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  for (const { name, value } of config.env) env[name] = value;
  env[EXEC_INFO_ENV] = info;
  return env;
}

/** What the plugin answered, checked: a token, a client certificate and key, or both. */
export interface ExecCredentialStatus {
  readonly token?: string;
  readonly clientCertificateData?: string;
  readonly clientKeyData?: string;
  /** When the credential must be obtained again; none means it lasts the process. */
  readonly expirationTimestamp?: Date;
}

// RFC 3339 as metav1.Time decodes it: date, time, optional fraction, Z or an offset.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses and checks the plugin's stdout against the configured apiVersion. Messages name the
 * field that is wrong and never quote the token or key.
 */
export function parseExecCredential(stdout: string, apiVersion: ExecApiVersion): ExecCredentialStatus {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch {
    // The scanner names the position without quoting the input (which may hold the token), on every Node version.
    const what = stdout.trim() === '' ? 'nothing on stdout' : `stdout that is not JSON (${jsonSyntaxProblem(stdout) ?? 'a syntax error'})`;
    throw new ExecCredentialError(`the exec plugin wrote ${what}; expected an ExecCredential of ${apiVersion}`);
  }
  if (!isJsonObject(doc))
    throw new ExecCredentialError(`the exec plugin wrote a JSON ${typeOf(doc)}; expected an ExecCredential object of ${apiVersion}`);
  const gotVersion = doc['apiVersion'];
  if (gotVersion !== apiVersion) {
    const shown = typeof gotVersion === 'string' ? quoteValue(gotVersion) : `no apiVersion`;
    throw new ExecCredentialError(
      `the exec plugin is configured to use API version ${apiVersion}, and it returned ${shown}; make the plugin and users[].user.exec.apiVersion agree`,
    );
  }
  if (doc['kind'] !== 'ExecCredential') {
    const kind = doc['kind'];
    throw new ExecCredentialError(
      `the exec plugin returned kind ${typeof kind === 'string' ? quoteValue(kind) : 'none'}; expected ExecCredential`,
    );
  }
  const status = doc['status'];
  if (status === undefined || status === null)
    throw new ExecCredentialError(
      "the exec plugin didn't return a status field; expected status.token or status.clientCertificateData and clientKeyData",
    );
  if (!isJsonObject(status))
    throw new ExecCredentialError(`the exec plugin returned a status that is a ${typeOf(status)}; expected an object`);

  const problems: string[] = [];
  const field = (name: string): string | undefined => {
    const v = status[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') {
      problems.push(`status.${name} is a ${typeOf(v)}, expected a string`);
      return undefined;
    }
    return v;
  };
  const token = field('token');
  const cert = field('clientCertificateData');
  const key = field('clientKeyData');
  let expirationTimestamp: Date | undefined;
  const exp = status['expirationTimestamp'];
  if (exp !== undefined && exp !== null) {
    const when = typeof exp === 'string' && RFC3339.test(exp) ? new Date(exp) : undefined;
    if (when === undefined || Number.isNaN(when.getTime())) {
      problems.push(
        `status.expirationTimestamp ${typeof exp === 'string' ? quoteValue(exp) : `(a ${typeOf(exp)})`} is not an RFC 3339 time`,
      );
    } else {
      expirationTimestamp = when;
    }
  }
  if (problems.length > 0) throw new ExecCredentialError(`the exec plugin returned an invalid ExecCredential: ${problems.join('; ')}`);
  if (token === undefined && cert === undefined && key === undefined) {
    throw new ExecCredentialError(
      "the exec plugin didn't return a token or certificate/key pair: status.token and status.clientCertificateData/clientKeyData are empty",
    );
  }
  if ((cert === undefined) !== (key === undefined)) {
    throw new ExecCredentialError(
      `the exec plugin returned only ${cert === undefined ? 'status.clientKeyData' : 'status.clientCertificateData'}, not both a certificate and its key`,
    );
  }
  if (cert !== undefined && key !== undefined) checkKeyPair(cert, key);
  return {
    ...(token === undefined ? {} : { token }),
    ...(cert === undefined ? {} : { clientCertificateData: cert }),
    ...(key === undefined ? {} : { clientKeyData: key }),
    ...(expirationTimestamp === undefined ? {} : { expirationTimestamp }),
  };
}

/** Fails with a clear message before TLS would fail with an obscure one; never quotes the key. */
function checkKeyPair(certPem: string, keyPem: string): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw new ExecCredentialError('the exec plugin returned a status.clientCertificateData that is not a PEM certificate');
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw new ExecCredentialError('the exec plugin returned a status.clientKeyData that is not a PEM private key');
  }
  if (!cert.checkPrivateKey(key)) {
    throw new ExecCredentialError('the exec plugin returned a status.clientKeyData that does not match status.clientCertificateData');
  }
}

/** True when the credential has expired at `now` and the plugin must run again. */
export function isExpired(status: ExecCredentialStatus, now: Date): boolean {
  return status.expirationTimestamp !== undefined && now.getTime() >= status.expirationTimestamp.getTime();
}
