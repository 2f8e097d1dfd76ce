// The two ways of writing one mark that section 4 compares.
import { ConflictRetriesExhaustedError } from '../shared/errors.js';
import { findWorkspace, markWorkspace, type Pod } from '../shared/kube/workspaces.js';
import type { KubeClient } from '../shared/kube/rest.js';
import { addMark, applyMarks } from '../shared/marks.js';
import { DEFAULT_BACKOFF, retryOnConflict } from '../shared/retry.js';

export const Strategy = { mergePatch: 'mergePatch', readModifyWrite: 'readModifyWrite' } as const;
export type Strategy = (typeof Strategy)[keyof typeof Strategy];

export interface WriteOutcome {
  readonly ok: boolean;
  /** Write attempts made (1 for a merge patch). */
  readonly attempts: number;
  /** Error name when not ok: ConflictRetriesExhaustedError when the retries ran out. */
  readonly failure?: string;
}

/** Ours: find the pod by label, then one JSON merge patch of its annotations (no resourceVersion, so no conflict). */
export async function markByMergePatch(client: KubeClient, namespace: string, id: string, key: string, value: string): Promise<WriteOutcome> {
  await markWorkspace(client, namespace, id, [addMark(key, value)]);
  return { ok: true, attempts: 1 };
}

/**
 * The original: find the pod by label, set the annotation, PUT the whole pod with its
 * resourceVersion; on 409 start over after client-go's DefaultBackoff sleeps, 4 attempts in all.
 */
export async function markByReadModifyWrite(client: KubeClient, namespace: string, id: string, key: string, value: string): Promise<WriteOutcome> {
  let attempts = 0;
  try {
    await retryOnConflict(
      async () => {
        attempts += 1;
        const pod = await findWorkspace(client, namespace, id);
        const { annotations } = applyMarks(pod.metadata?.annotations ?? {}, [addMark(key, value)]);
        const next: Pod = { ...pod, metadata: { ...pod.metadata, annotations } };
        await client.put(`/api/v1/namespaces/${namespace}/pods/${pod.metadata?.name ?? ''}`, next);
      },
      { backoff: DEFAULT_BACKOFF },
    );
    return { ok: true, attempts };
  } catch (err) {
    if (err instanceof ConflictRetriesExhaustedError) return { ok: false, attempts, failure: err.name };
    throw err;
  }
}

export const writers: Readonly<Record<Strategy, typeof markByMergePatch>> = {
  [Strategy.mergePatch]: markByMergePatch,
  [Strategy.readModifyWrite]: markByReadModifyWrite,
};
