// Resolves a kubeconfig the way kubectl does: pure functions from parsed documents and flags
// to one connection; reading the files is done by kubeconfig-files.ts.
import { dirname, isAbsolute, resolve } from 'node:path';
import { WorkspaceToolError } from '../errors.js';
import { isJsonObject } from '../json-object.js';
import { authProviderMessage } from './auth-provider.js';
import { parseExecConfig, type ExecConfig } from './exec-config.js';
import { execClusterExtension } from './exec-credential.js';

/** The kubectl flags that choose a connection. */
export interface ConnectionFlags {
  /** `--kubeconfig`: one file, used alone (no merging). */
  readonly kubeconfig?: string | undefined;
  /** `--context`: overrides the file's current-context. */
  readonly context?: string | undefined;
  /** `-n/--namespace`: overrides the context's namespace. */
  readonly namespace?: string | undefined;
}

/** One kubeconfig file as parsed YAML, with the path it came from (relative paths inside resolve against it). */
export interface KubeconfigDocument {
  readonly path: string;
  readonly doc: unknown;
}

/** Certificate or key material: a file to read, or inline base64 data. */
export type Material = { readonly file: string } | { readonly base64: string };

export type Credentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'tokenFile'; readonly file: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** An exec credential plugin, run at the edge (exec-plugin.ts). */
  | { readonly kind: 'exec'; readonly config: ExecConfig; readonly cluster: ExecClusterExtras };

/** Cluster fields that only an exec plugin with provideClusterInfo is told about. */
export interface ExecClusterExtras {
  readonly proxyUrl?: string;
  readonly disableCompression?: boolean;
  /** The cluster's `client.authentication.k8s.io/exec` extension. */
  readonly extension?: unknown;
}

/** Everything needed to talk to one API server. */
export interface ResolvedConnection {
  readonly contextName: string;
  readonly clusterName: string;
  readonly userName: string;
  readonly server: string;
  /** From `-n`, else the context, else 'default'. */
  readonly namespace: string;
  readonly certificateAuthority?: Material;
  readonly insecureSkipTlsVerify: boolean;
  readonly tlsServerName?: string;
  readonly clientCertificate?: Material;
  readonly clientKey?: Material;
  readonly credentials: Credentials;
}

/** The kubeconfig cannot be used; the message says which file or entry is wrong. */
export class KubeconfigError extends WorkspaceToolError {
  override name = 'KubeconfigError';
}

type Entry = Readonly<Record<string, unknown>>;

interface NamedEntry {
  readonly name: string;
  readonly value: Entry;
  /** The file the entry came from, for messages. */
  readonly file: string;
  /** Directory of the file the entry came from, for relative paths. */
  readonly dir: string;
}

/** The files merged with kubectl's rules: the first file to define a name (or current-context) wins. */
export interface MergedKubeconfig {
  readonly currentContext: string | undefined;
  readonly clusters: ReadonlyMap<string, NamedEntry>;
  readonly users: ReadonlyMap<string, NamedEntry>;
  readonly contexts: ReadonlyMap<string, NamedEntry>;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function collect(target: Map<string, NamedEntry>, list: unknown, key: string, path: string): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw new KubeconfigError(`${path}: ${key}s is not a list; fix the kubeconfig file`);
  list.forEach((item: unknown, i) => {
    const name = isJsonObject(item) ? str(item['name']) : undefined;
    if (name === undefined || !isJsonObject(item)) {
      throw new KubeconfigError(`${path}: ${key}s[${i}].name is missing; fix the kubeconfig file`);
    }
    const value = item[key];
    if (!target.has(name)) target.set(name, { name, value: isJsonObject(value) ? value : {}, file: path, dir: dirname(path) });
  });
}

/** Merges parsed kubeconfig files in the given order (kubectl's KUBECONFIG rules: first wins). */
export function mergeKubeconfigs(docs: readonly KubeconfigDocument[]): MergedKubeconfig {
  const clusters = new Map<string, NamedEntry>();
  const users = new Map<string, NamedEntry>();
  const contexts = new Map<string, NamedEntry>();
  let currentContext: string | undefined;
  for (const { path, doc } of docs) {
    if (doc === null || doc === undefined) continue;
    if (!isJsonObject(doc)) throw new KubeconfigError(`${path}: not a kubeconfig (expected a YAML mapping); fix or remove the file`);
    currentContext ??= str(doc['current-context']);
    collect(clusters, doc['clusters'], 'cluster', path);
    collect(users, doc['users'], 'user', path);
    collect(contexts, doc['contexts'], 'context', path);
  }
  return { currentContext, clusters, users, contexts };
}

function material(entry: NamedEntry, fileKey: string, dataKey: string): Material | undefined {
  const data = str(entry.value[dataKey]);
  if (data !== undefined) return { base64: data };
  const file = str(entry.value[fileKey]);
  if (file !== undefined) return { file: absolute(entry.dir, file) };
  return undefined;
}

function absolute(dir: string, file: string): string {
  return isAbsolute(file) ? file : resolve(dir, file);
}

/**
 * The user's credentials with kubectl's precedence: a token, token file, basic auth or client
 * certificate in the kubeconfig is used as it is, and the exec plugin runs only without them.
 */
function credentialsOf(user: NamedEntry, cluster: NamedEntry): Credentials {
  const u = user.value;
  const source = { userName: user.name, file: user.file, dir: user.dir };
  const provider = u['auth-provider'];
  if (provider !== undefined && provider !== null) {
    const name = isJsonObject(provider) ? str(provider['name']) : undefined;
    throw new KubeconfigError(authProviderMessage(name ?? '', source));
  }
  // Validated even when unused, as kubectl does, so a broken section is found before it matters.
  const exec = u['exec'] === undefined || u['exec'] === null ? undefined : parseExecConfig(u['exec'], source);
  const token = str(u['token']);
  if (token !== undefined) return { kind: 'token', token };
  const tokenFile = str(u['tokenFile']);
  if (tokenFile !== undefined) return { kind: 'tokenFile', file: absolute(user.dir, tokenFile) };
  const username = str(u['username']);
  if (username !== undefined) return { kind: 'basic', username, password: str(u['password']) ?? '' };
  const hasCertificate =
    (str(u['client-certificate']) ?? str(u['client-certificate-data'])) !== undefined &&
    (str(u['client-key']) ?? str(u['client-key-data'])) !== undefined;
  if (exec !== undefined && !hasCertificate) {
    const c = cluster.value;
    const proxyUrl = str(c['proxy-url']);
    const extension = execClusterExtension(c);
    return {
      kind: 'exec',
      config: exec,
      cluster: {
        ...(proxyUrl === undefined ? {} : { proxyUrl }),
        ...(c['disable-compression'] === true ? { disableCompression: true } : {}),
        ...(extension === undefined ? {} : { extension }),
      },
    };
  }
  return { kind: 'none' };
}

/** Picks the context (flag, else current-context) and resolves its cluster, user and namespace. */
export function resolveConnection(merged: MergedKubeconfig, flags: ConnectionFlags, sources: readonly string[]): ResolvedConnection {
  const where = sources.join(':');
  const contextName = str(flags.context) ?? merged.currentContext;
  if (contextName === undefined) {
    throw new KubeconfigError(
      `no context chosen in kubeconfig ${where}: current-context is not set; pass --context or run "kubectl config use-context NAME"`,
    );
  }
  const context = merged.contexts.get(contextName);
  if (context === undefined) {
    const known = [...merged.contexts.keys()].join(', ') || 'none';
    throw new KubeconfigError(
      `context "${contextName}" not found in kubeconfig ${where} (known contexts: ${known}); pass an existing --context`,
    );
  }
  const clusterName = str(context.value['cluster']) ?? '';
  const cluster = merged.clusters.get(clusterName);
  if (cluster === undefined) {
    throw new KubeconfigError(`cluster "${clusterName}" of context "${contextName}" not found in kubeconfig ${where}; fix the context`);
  }
  const server = str(cluster.value['server']);
  if (server === undefined) {
    throw new KubeconfigError(`cluster "${clusterName}" in kubeconfig ${where} has no server; set clusters[].cluster.server`);
  }
  const userName = str(context.value['user']) ?? '';
  const user = merged.users.get(userName) ?? { name: userName, value: {}, file: cluster.file, dir: cluster.dir };
  const ca = material(cluster, 'certificate-authority', 'certificate-authority-data');
  const cert = material(user, 'client-certificate', 'client-certificate-data');
  const key = material(user, 'client-key', 'client-key-data');
  const tlsServerName = str(cluster.value['tls-server-name']);
  return {
    contextName,
    clusterName,
    userName,
    server,
    namespace: str(flags.namespace) ?? str(context.value['namespace']) ?? 'default',
    ...(ca === undefined ? {} : { certificateAuthority: ca }),
    insecureSkipTlsVerify: cluster.value['insecure-skip-tls-verify'] === true,
    ...(tlsServerName === undefined ? {} : { tlsServerName }),
    ...(cert === undefined ? {} : { clientCertificate: cert }),
    ...(key === undefined ? {} : { clientKey: key }),
    credentials: credentialsOf(user, cluster),
  };
}

/** Where the kubeconfig file list came from. */
export const KubeconfigSource = { flag: '--kubeconfig', env: 'KUBECONFIG', home: 'home' } as const;
export type KubeconfigSource = (typeof KubeconfigSource)[keyof typeof KubeconfigSource];

/** Where kubectl looks for kubeconfig files, in merge order. */
export function kubeconfigSearchPaths(
  flags: ConnectionFlags,
  env: Readonly<Record<string, string | undefined>>,
  home: string | undefined,
  pathDelimiter = ':',
): { readonly paths: readonly string[]; readonly explicit: boolean; readonly source: KubeconfigSource } {
  const flag = str(flags.kubeconfig);
  if (flag !== undefined) return { paths: [flag], explicit: true, source: KubeconfigSource.flag };
  const list = str(env['KUBECONFIG']);
  if (list !== undefined) {
    const paths = [...new Set(list.split(pathDelimiter).filter((p) => p !== ''))];
    return { paths, explicit: false, source: KubeconfigSource.env };
  }
  return { paths: home === undefined ? [] : [resolve(home, '.kube', 'config')], explicit: false, source: KubeconfigSource.home };
}

export const NO_KUBECONFIG_MESSAGE = 'no kubeconfig found: set --kubeconfig or KUBECONFIG, or create ~/.kube/config';

/** Says which files were looked for and do not exist, and what to do. */
export function noKubeconfigMessage(source: KubeconfigSource, missing: readonly string[]): string {
  if (missing.length === 0) return NO_KUBECONFIG_MESSAGE;
  if (source === KubeconfigSource.env) {
    const files =
      missing.length === 1 ? `the file ${missing[0]}, which does not exist` : `the files ${missing.join(', ')}, none of which exists`;
    return `no kubeconfig found: KUBECONFIG names ${files}; point KUBECONFIG at an existing kubeconfig (or unset it to use ~/.kube/config), or pass --kubeconfig`;
  }
  return `no kubeconfig found: ${missing.join(', ')} does not exist; set --kubeconfig or KUBECONFIG, or create it`;
}
