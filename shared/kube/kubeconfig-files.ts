// The file-reading edge of kubeconfig resolution: finds and parses the files kubectl would use.
// Synchronous reads: a command reads a few small files before its first request, and node:fs/promises
// would load more of Node.js than the reads cost.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter } from 'node:path';
import yaml from 'js-yaml';
import {
  KubeconfigError,
  kubeconfigSearchPaths,
  mergeKubeconfigs,
  noKubeconfigMessage,
  resolveConnection,
  type ConnectionFlags,
  type KubeconfigDocument,
  type MergedKubeconfig,
  type ResolvedConnection,
} from './kubeconfig.js';
import { parseSimpleYaml } from './kubeconfig-yaml.js';

/** Reads one file; undefined when it does not exist and `required` is false. */
async function readKubeconfig(path: string, required: boolean): Promise<KubeconfigDocument | undefined> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KubeconfigError(`cannot read kubeconfig ${path}: ${(err as Error).message}; check --kubeconfig`, { cause: err });
  }
  try {
    // The common file, as `kubectl config` writes it, is read by the fast reader; js-yaml reads the rest.
    return { path, doc: parseSimpleYaml(text) ?? yaml.load(text, { filename: path }) };
  } catch (err) {
    // The parser's message quotes the lines around the error, which may hold a token or a key: give the position only.
    const e = err as { reason?: string; mark?: { line: number; column: number } };
    const where = e.mark === undefined ? '' : ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}`;
    throw new KubeconfigError(`cannot parse kubeconfig ${path} as YAML: ${e.reason ?? 'invalid YAML'}${where}; fix the file`, {
      cause: err,
    });
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the kubeconfig files kubectl would: the flag, else the $KUBECONFIG list, else ~/.kube/config. */
export async function loadKubeconfigs(flags: ConnectionFlags, env: Env, home: string | undefined): Promise<KubeconfigDocument[]> {
  const { paths, explicit, source } = kubeconfigSearchPaths(flags, env, home, delimiter);
  const docs: KubeconfigDocument[] = [];
  for (const path of paths) {
    const doc = await readKubeconfig(path, explicit);
    if (doc !== undefined) docs.push(doc);
  }
  if (docs.length === 0) throw new KubeconfigError(noKubeconfigMessage(source, paths));
  return docs;
}

/** The merged kubeconfig, e.g. to list its contexts. */
export async function loadMergedKubeconfig(
  flags: ConnectionFlags,
  env: Env = process.env,
  home: string | undefined = env['HOME'] ?? homedir(),
): Promise<MergedKubeconfig> {
  return mergeKubeconfigs(await loadKubeconfigs(flags, env, home));
}

/** Loads the kubeconfig files and resolves the connection chosen by the flags. */
export async function loadConnection(
  flags: ConnectionFlags,
  env: Env = process.env,
  home: string | undefined = env['HOME'] ?? homedir(),
): Promise<ResolvedConnection> {
  const docs = await loadKubeconfigs(flags, env, home);
  return resolveConnection(
    mergeKubeconfigs(docs),
    flags,
    docs.map((d) => d.path),
  );
}
