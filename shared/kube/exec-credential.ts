// Exec credential plugins (client.authentication.k8s.io v1 and v1beta1), the pure part: the
// kubeconfig's `exec` section, the ExecCredential handed to the plugin, and the one it answers.
// Running the plugin is exec-plugin.ts.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isAbsolute, resolve, sep } from 'node:path';
import { WorkspaceToolError, quoteValue } from '../errors.js';

export const ExecApiVersion = {
  v1: 'client.authentication.k8s.io/v1',
  v1beta1: 'client.authentication.k8s.io/v1beta1',
} as const;
export type ExecApiVersion = (typeof ExecApiVersion)[keyof typeof ExecApiVersion];

export const InteractiveMode = { never: 'Never', ifAvailable: 'IfAvailable', always: 'Always' } as const;
export type InteractiveMode = (typeof InteractiveMode)[keyof typeof InteractiveMode];

/** The cluster extension whose `extension` is handed to the plugin as `spec.cluster.config`. */
export const EXEC_CLUSTER_EXTENSION = 'client.authentication.k8s.io/exec';
export const EXEC_INFO_ENV = 'KUBERNETES_EXEC_INFO';

export interface ExecEnvVar {
  readonly name: string;
  readonly value: string;
}

/** A kubeconfig user's `exec` section, validated and defaulted as kubectl does. */
export interface ExecConfig {
  readonly apiVersion: ExecApiVersion;
  /** A bare name (looked up on PATH) or an absolute path; a relative path with a slash is resolved against the kubeconfig's directory. */
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly ExecEnvVar[];
  /** Shown when the command is missing; terminal escape sequences removed. */
  readonly installHint: string;
  readonly interactiveMode: InteractiveMode;
  readonly provideClusterInfo: boolean;
}

/** Where an exec section came from, for messages and relative paths. */
export interface ExecSource {
  readonly userName: string;
  /** The kubeconfig file the user entry was read from. */
  readonly file: string;
  /** Its directory. */
  readonly dir: string;
}

/** An exec credential could not be obtained: a bad `exec` section, a failing plugin or a bad answer; the message says which and why. */
export class ExecCredentialError extends WorkspaceToolError {
  override name = 'ExecCredentialError';
}

type Entry = Readonly<Record<string, unknown>>;

function isRecord(v: unknown): v is Entry {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v;
}

// ESC [ … final byte, ESC ] … BEL/ST, and lone ESC sequences: what a terminal would act on.
const ANSI_ESCAPES = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]/g;

/** Removes terminal escape sequences, so a hint from a kubeconfig cannot drive the user's terminal. */
export function stripTerminalEscapes(text: string): string {
  return text.replace(ANSI_ESCAPES, '');
}

/** Validates a user's `exec` section; every problem is collected and reported in one error. */
export function parseExecConfig(raw: unknown, source: ExecSource): ExecConfig {
  const at = `user "${source.userName}" in kubeconfig ${source.file}: users[].user.exec`;
  if (!isRecord(raw)) throw new ExecCredentialError(`${at} is a ${typeOf(raw)}, expected a mapping; fix the kubeconfig`);
  const problems: string[] = [];

  const apiVersionRaw = raw['apiVersion'];
  const versions = Object.values(ExecApiVersion) as string[];
  let apiVersion: ExecApiVersion = ExecApiVersion.v1;
  if (typeof apiVersionRaw !== 'string' || apiVersionRaw === '') problems.push(`apiVersion is missing (expected ${versions.join(' or ')})`);
  else if (!versions.includes(apiVersionRaw)) problems.push(`apiVersion ${quoteValue(apiVersionRaw)} is not supported (expected ${versions.join(' or ')})`);
  else apiVersion = apiVersionRaw as ExecApiVersion;

  const commandRaw = raw['command'];
  let command = '';
  if (typeof commandRaw !== 'string' || commandRaw === '') problems.push('command is missing');
  else command = commandRaw.includes(sep) && !isAbsolute(commandRaw) ? resolve(source.dir, commandRaw) : commandRaw;

  const args = stringList(raw['args'], 'args', problems);
  const env = envList(raw['env'], problems);

  const hintRaw = raw['installHint'];
  if (hintRaw !== undefined && hintRaw !== null && typeof hintRaw !== 'string') problems.push(`installHint is a ${typeOf(hintRaw)}, expected a string`);
  const installHint = typeof hintRaw === 'string' ? stripTerminalEscapes(hintRaw) : '';

  const modeRaw = raw['interactiveMode'];
  const modes = Object.values(InteractiveMode) as string[];
  let interactiveMode: InteractiveMode = InteractiveMode.ifAvailable;
  if (modeRaw === undefined || modeRaw === null || modeRaw === '') {
    // v1beta1 keeps its old behaviour; v1 makes the choice explicit.
    if (apiVersion === ExecApiVersion.v1) problems.push(`interactiveMode is missing; ${ExecApiVersion.v1} requires it (one of ${modes.join(', ')})`);
  } else if (typeof modeRaw !== 'string' || !modes.includes(modeRaw)) {
    problems.push(`interactiveMode ${typeof modeRaw === 'string' ? quoteValue(modeRaw) : `(a ${typeOf(modeRaw)})`} is not one of ${modes.join(', ')}`);
  } else {
    interactiveMode = modeRaw as InteractiveMode;
  }

  const provideRaw = raw['provideClusterInfo'];
  if (provideRaw !== undefined && provideRaw !== null && typeof provideRaw !== 'boolean') {
    problems.push(`provideClusterInfo is a ${typeOf(provideRaw)}, expected true or false`);
  }

  if (problems.length > 0) throw new ExecCredentialError(`${at}: ${problems.join('; ')}; fix the kubeconfig`);
  return { apiVersion, command, args, env, installHint, interactiveMode, provideClusterInfo: provideRaw === true };
}

function stringList(v: unknown, field: string, problems: string[]): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push(`${field} is a ${typeOf(v)}, expected a list of strings`);
    return [];
  }
  v.forEach((item, i) => {
    if (typeof item !== 'string') problems.push(`${field}[${i}] is a ${typeOf(item)}, expected a string`);
  });
  return v.filter((item): item is string => typeof item === 'string');
}

function envList(v: unknown, problems: string[]): ExecEnvVar[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.push(`env is a ${typeOf(v)}, expected a list of {name, value}`);
    return [];
  }
  const out: ExecEnvVar[] = [];
  v.forEach((item: unknown, i) => {
    const name = isRecord(item) ? item['name'] : undefined;
    const value = isRecord(item) ? (item['value'] ?? '') : undefined;
    if (typeof name !== 'string' || name === '') problems.push(`env[${i}].name is missing`);
    else if (typeof value !== 'string') problems.push(`env[${i}].value is a ${typeOf(value)}, expected a string`);
    else out.push({ name, value });
  });
  return out;
}

/** Whether the plugin gets the terminal's stdin; `Always` without a terminal is an error, as in kubectl. */
export function isInteractive(mode: InteractiveMode, stdinIsTerminal: boolean): boolean {
  switch (mode) {
    case InteractiveMode.never:
      return false;
    case InteractiveMode.ifAvailable:
      return stdinIsTerminal;
    case InteractiveMode.always:
      if (!stdinIsTerminal) {
        throw new ExecCredentialError('exec plugin cannot support interactive mode: standard input is not a terminal (interactiveMode is Always); run the command from a terminal');
      }
      return true;
  }
}

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
  const found = list.find((e: unknown) => isRecord(e) && e['name'] === EXEC_CLUSTER_EXTENSION) as Entry | undefined;
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

/** The position JSON.parse reported, without the excerpt of the input it quotes (which may hold the token). */
function jsonErrorPosition(err: unknown): string {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  return m === null ? '' : ` at position ${m[1]}`;
}

/**
 * Parses and checks the plugin's stdout against the configured apiVersion. Messages name the
 * field that is wrong and never quote the token or key.
 */
export function parseExecCredential(stdout: string, apiVersion: ExecApiVersion): ExecCredentialStatus {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch (err) {
    const what = stdout.trim() === '' ? 'nothing on stdout' : `stdout that is not JSON (a syntax error${jsonErrorPosition(err)})`;
    throw new ExecCredentialError(`the exec plugin wrote ${what}; expected an ExecCredential of ${apiVersion}`);
  }
  if (!isRecord(doc)) throw new ExecCredentialError(`the exec plugin wrote a JSON ${typeOf(doc)}; expected an ExecCredential object of ${apiVersion}`);
  const gotVersion = doc['apiVersion'];
  if (gotVersion !== apiVersion) {
    const shown = typeof gotVersion === 'string' ? quoteValue(gotVersion) : `no apiVersion`;
    throw new ExecCredentialError(`the exec plugin is configured to use API version ${apiVersion}, and it returned ${shown}; make the plugin and users[].user.exec.apiVersion agree`);
  }
  if (doc['kind'] !== 'ExecCredential') {
    const kind = doc['kind'];
    throw new ExecCredentialError(`the exec plugin returned kind ${typeof kind === 'string' ? quoteValue(kind) : 'none'}; expected ExecCredential`);
  }
  const status = doc['status'];
  if (status === undefined || status === null) throw new ExecCredentialError("the exec plugin didn't return a status field; expected status.token or status.clientCertificateData and clientKeyData");
  if (!isRecord(status)) throw new ExecCredentialError(`the exec plugin returned a status that is a ${typeOf(status)}; expected an object`);

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
      problems.push(`status.expirationTimestamp ${typeof exp === 'string' ? quoteValue(exp) : `(a ${typeOf(exp)})`} is not an RFC 3339 time`);
    } else {
      expirationTimestamp = when;
    }
  }
  if (problems.length > 0) throw new ExecCredentialError(`the exec plugin returned an invalid ExecCredential: ${problems.join('; ')}`);
  if (token === undefined && cert === undefined && key === undefined) {
    throw new ExecCredentialError("the exec plugin didn't return a token or certificate/key pair: status.token and status.clientCertificateData/clientKeyData are empty");
  }
  if ((cert === undefined) !== (key === undefined)) {
    throw new ExecCredentialError(`the exec plugin returned only ${cert === undefined ? 'status.clientKeyData' : 'status.clientCertificateData'}, not both a certificate and its key`);
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

const PLUGIN_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins';

/** The error for a user with an `auth-provider`: which exec plugin replaced it and how to switch. */
export function authProviderMessage(provider: string, source: ExecSource): string {
  const at = `user "${source.userName}" in kubeconfig ${source.file} uses the ${quoteValue(provider)} auth-provider`;
  switch (provider) {
    case 'gcp':
      return `${at}, which kubectl removed in 1.26; use the gke-gcloud-auth-plugin exec credential plugin instead: ` +
        'install it ("gcloud components install gke-gcloud-auth-plugin") and run "gcloud container clusters get-credentials CLUSTER" to rewrite the user';
    case 'azure':
      return `${at}, which kubectl removed in 1.26; use the kubelogin exec credential plugin (https://github.com/Azure/kubelogin) instead: ` +
        'install it and run "kubelogin convert-kubeconfig -l azurecli" to rewrite the user';
    case 'oidc':
      return `${at}, which kubectl-workspace does not run (only exec credential plugins are supported); use the kubelogin exec credential plugin ` +
        '(https://github.com/int128/kubelogin, "kubectl oidc-login setup" prints the users[].user.exec section) with the same issuer and client ID';
    default:
      return `${at}; auth-provider plugins were removed from kubectl in 1.26 and kubectl-workspace supports only exec credential plugins: ` +
        `replace users[].user.auth-provider with the exec plugin your provider ships (see ${PLUGIN_DOCS})`;
  }
}

/** kubectl's pointer to the documentation, shown with a missing command. */
export const EXEC_PLUGIN_DOCS = PLUGIN_DOCS;
