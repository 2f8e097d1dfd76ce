// `get <id> -w`: the workspace's pod and its PLIS ConfigMap followed together; every change of either prints the
// workspace again (a description, or one document per change for json, yaml and templates).
import type { KubeClient } from '../shared/kube/rest.js';
import { watchCollection } from '../shared/kube/watch.js';
import type { ConfigMap, Pod } from '../shared/kube/workspaces.js';
import { selectWorkspacePod, workspaceSelector } from '../shared/lookup.js';
import { plisConfigMapName } from '../shared/plis.js';
import { ChangeType } from '../shared/watch-state.js';

export interface WorkspaceState {
  readonly pod: Pod;
  readonly configMap: ConfigMap | undefined;
  readonly deleted: boolean;
}

export interface GetWatchOptions {
  readonly namespace: string;
  readonly id: string;
  readonly watchOnly: boolean;
  readonly signal: AbortSignal;
  readonly requestTimeoutMs: number;
  readonly print: (state: WorkspaceState) => void;
  readonly onRetry: (cause: Error, delayMs: number) => void;
}

export async function watchWorkspace(client: KubeClient, o: GetWatchOptions): Promise<void> {
  const nsPath = `/api/v1/namespaces/${encodeURIComponent(o.namespace)}`;
  let pod: Pod | undefined;
  let configMap: ConfigMap | undefined;
  let deleted = false;
  let started = false;
  const emit = (): void => {
    if (started && pod !== undefined) o.print({ pod, configMap, deleted });
  };
  // One failing watch stops the other, so the command ends with its error instead of following half the workspace.
  const both = new AbortController();
  const stopBoth = (): void => both.abort();
  o.signal.addEventListener('abort', stopBoth, { once: true });
  const common = { signal: both.signal, requestTimeoutMs: o.requestTimeoutMs, onRetry: o.onRetry };
  // The ConfigMap's first list must be known before the first print, so the pod watch waits for it.
  let cmReady!: () => void;
  const cmListed = new Promise<void>((resolve) => (cmReady = resolve));
  const cmWatch = watchCollection<ConfigMap>(client, {
    ...common,
    path: `${nsPath}/configmaps`,
    fieldSelector: `metadata.name=${plisConfigMapName(o.id)}`,
    onInitial: (items) => {
      configMap = items[0];
      cmReady();
    },
    onChange: (c) => {
      configMap = c.type === ChangeType.deleted ? undefined : c.object;
      emit();
    },
  });
  const podWatch = (async () => {
    await cmListed;
    await watchCollection<Pod>(client, {
      ...common,
      path: `${nsPath}/pods`,
      labelSelector: workspaceSelector(o.id),
      onInitial: (items) => {
        pod = selectWorkspacePod([...items], o.id, o.namespace);
        started = true;
        if (!o.watchOnly) emit();
      },
      onChange: (c) => {
        pod = c.object;
        deleted = c.type === ChangeType.deleted;
        emit();
      },
    });
  })();
  const failed = (err: unknown): never => {
    cmReady();
    stopBoth();
    throw err;
  };
  try {
    await Promise.all([cmWatch.catch(failed), podWatch.catch(failed)]);
  } finally {
    o.signal.removeEventListener('abort', stopBoth);
  }
}
