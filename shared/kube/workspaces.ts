// Workspace reads and writes against the API server; every decision is delegated to the pure core.
import { PlisMissingError } from '../errors.js';
import { selectWorkspacePod, validateWorkspaceId, workspaceSelector, WORKSPACE_ID_LABEL } from '../lookup.js';
import { applyMarks, changedAnnotations, mergePatchOf, validateMarks, type Mark } from '../marks.js';
import { checkAnnotationsSize, planPlisUpdate, plisConfigMapName, type PlisPatch } from '../plis.js';
import type { ContentionBackoff } from '../contention.js';
import { writeUnderContention } from '../contended-write.js';
import { streamListItems, type ListSummary } from './list-stream.js';
import { ApiError, PatchType, type KubeClient } from './rest.js';

export interface ObjectMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly creationTimestamp?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

export interface Pod {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
  readonly spec?: { readonly nodeName?: string; readonly [key: string]: unknown };
  readonly status?: { readonly phase?: string; readonly podIP?: string; readonly hostIP?: string; readonly [key: string]: unknown };
}

export interface ConfigMap {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: ObjectMeta;
  readonly data?: Readonly<Record<string, string>>;
}

interface List<T> {
  readonly items?: readonly T[];
}

/** Dry-run modes of kubectl: none writes, server asks the API server to run admission without persisting, client sends nothing. */
export const DryRun = { none: 'none', client: 'client', server: 'server' } as const;
export type DryRun = (typeof DryRun)[keyof typeof DryRun];

const podsPath = (ns: string | undefined): string =>
  ns === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`;
const podPath = (ns: string, name: string): string => `${podsPath(ns)}/${encodeURIComponent(name)}`;
const configMapPath = (ns: string, name: string): string =>
  `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps/${encodeURIComponent(name)}`;

function dryRunQuery(dryRun: DryRun): Record<string, string | undefined> {
  return { dryRun: dryRun === DryRun.server ? 'All' : undefined };
}

/** The one pod labelled with the workspace id; throws WorkspaceNotFoundError / AmbiguousWorkspaceError. */
export async function findWorkspace(client: KubeClient, namespace: string, id: string): Promise<Pod> {
  validateWorkspaceId(id);
  const list = await client.get<List<Pod>>(podsPath(namespace), { labelSelector: workspaceSelector(id) });
  return selectWorkspacePod(list.items ?? [], id, namespace);
}

/** Workspace pods, narrowed by the user's selector when given. */
const workspacesSelector = (extraSelector: string | undefined): string =>
  [WORKSPACE_ID_LABEL, extraSelector].filter((s) => s !== undefined && s !== '').join(',');

/** Some workspace pod of the namespace (the first the server lists), or undefined when it has none: one item read, not the list. */
export async function anyWorkspace(client: KubeClient, namespace: string): Promise<Pod | undefined> {
  const list = await client.get<List<Pod>>(podsPath(namespace), { labelSelector: workspacesSelector(undefined), limit: '1' });
  return list.items?.[0];
}

/**
 * Workspace pods (pods with the workspaceID label, narrowed by the user's selector) in one namespace, or in all
 * when namespace is undefined: each handed to onPod as soon as its part of the response has arrived; resolves
 * with their number and the list's resourceVersion once the list is complete (see streamListItems for a list that
 * breaks off).
 */
export function streamWorkspaces(
  client: KubeClient,
  namespace: string | undefined,
  extraSelector: string | undefined,
  onPod: (pod: Pod) => void,
): Promise<ListSummary> {
  return streamListItems<Pod>(client, podsPath(namespace), onPod, { query: { labelSelector: workspacesSelector(extraSelector) } });
}

export interface WriteOptions {
  readonly dryRun?: DryRun;
  readonly force?: boolean;
  /** How a write that lost a race waits before trying again; default CONTENTION_BACKOFF. */
  readonly backoff?: ContentionBackoff;
}

export interface MarkResult {
  /** The pod after the write (as returned by the server, or computed locally for a client dry run). */
  readonly pod: Pod;
  /** Annotation names whose presence or value changed. */
  readonly changed: readonly string[];
  /** False when nothing changed or the dry run was client-side. */
  readonly written: boolean;
  /** Attempts made (reads and writes), 1 when the first write succeeded. */
  readonly attempts: number;
}

/**
 * One read-modify-write under contention (writeUnderContention) within the client's request timeout: each
 * attempt gets the dry-run mode the options ask for, and the result carries the attempts made.
 */
async function writeWithinRequestTimeout<T extends object>(
  client: KubeClient,
  options: WriteOptions,
  attempt: (dryRun: DryRun) => Promise<T>,
): Promise<T & { readonly attempts: number }> {
  const dryRun = options.dryRun ?? DryRun.none;
  const { value, attempts } = await writeUnderContention(() => attempt(dryRun), {
    budgetMs: client.requestTimeoutMs,
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
  });
  return { ...value, attempts };
}

/**
 * Validates, reads the pod, and writes the marks as one JSON merge patch carrying the resourceVersion that was
 * read, so the server applies it only to the object the marks were validated against; nothing is sent when
 * nothing changes. A conflict or a busy server starts over from a fresh read (writeUnderContention) within
 * the client's request timeout.
 */
export async function markWorkspace(
  client: KubeClient,
  namespace: string,
  id: string,
  marks: readonly Mark[],
  options: WriteOptions = {},
): Promise<MarkResult> {
  return writeWithinRequestTimeout(client, options, async (dryRun): Promise<Omit<MarkResult, 'attempts'>> => {
    const pod = await findWorkspace(client, namespace, id);
    const current = pod.metadata?.annotations ?? {};
    validateMarks(marks, current, { force: options.force === true });
    const marked = applyMarks(current, marks);
    const { annotations, changed } = marked;
    const patch = mergePatchOf(marked);
    if (patch === undefined) return { pod, changed: [], written: false };
    const name = pod.metadata?.name ?? '';
    // The API server would reject it anyway; refusing here names the object and the sizes.
    checkAnnotationsSize(annotations, `pod ${namespace}/${name}`);
    if (dryRun === DryRun.client) {
      return { pod: { ...pod, metadata: { ...pod.metadata, annotations } }, changed, written: false };
    }
    const guarded = { metadata: { ...patch.metadata, resourceVersion: pod.metadata?.resourceVersion } };
    const updated = await client.patch<Pod>(podPath(namespace, name), guarded, PatchType.merge, dryRunQuery(dryRun));
    return {
      pod: updated,
      changed: changedAnnotations(current, updated.metadata?.annotations ?? {}, marks),
      written: dryRun === DryRun.none,
    };
  });
}

export type PlisWriteOptions = WriteOptions;

export interface PlisResult {
  readonly configMap: ConfigMap;
  readonly changed: boolean;
  readonly written: boolean;
  /** Attempts made, 1 when the first write succeeded. */
  readonly attempts: number;
}

/** The `plis-<id>` ConfigMap; throws PlisMissingError when it does not exist. */
export async function getWorkspacePlis(client: KubeClient, namespace: string, id: string): Promise<ConfigMap> {
  validateWorkspaceId(id);
  try {
    return await client.get<ConfigMap>(configMapPath(namespace, plisConfigMapName(id)));
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 404) throw new PlisMissingError(id, namespace, { cause: err });
    throw err;
  }
}

/**
 * Read-modify-write of the PLIS document with resourceVersion as precondition; on a conflict or a busy server
 * it is read, re-validated and re-applied (writeUnderContention) within the client's request timeout.
 */
export async function patchWorkspacePlis(
  client: KubeClient,
  namespace: string,
  id: string,
  patch: PlisPatch,
  marks: readonly Mark[],
  options: PlisWriteOptions = {},
): Promise<PlisResult> {
  const where = `${namespace}/${plisConfigMapName(id)}`;
  return writeWithinRequestTimeout(client, options, async (dryRun): Promise<Omit<PlisResult, 'attempts'>> => {
    const cm = await getWorkspacePlis(client, namespace, id);
    const current = cm.metadata?.annotations ?? {};
    validateMarks(marks, current, { force: options.force === true });
    const plan = planPlisUpdate(current, patch, marks, where);
    if (!plan.changed) return { configMap: cm, changed: false, written: false };
    const next: ConfigMap = { ...cm, metadata: { ...cm.metadata, annotations: plan.annotations } };
    if (dryRun === DryRun.client) return { configMap: next, changed: true, written: false };
    const saved = await client.put<ConfigMap>(configMapPath(namespace, plisConfigMapName(id)), next, dryRunQuery(dryRun));
    return { configMap: saved, changed: true, written: dryRun === DryRun.none };
  });
}

/** Server version as reported by GET /version. */
export interface ServerVersion {
  readonly gitVersion?: string;
  readonly platform?: string;
  readonly [key: string]: unknown;
}

export function getServerVersion(client: KubeClient): Promise<ServerVersion> {
  return client.get<ServerVersion>('/version');
}
