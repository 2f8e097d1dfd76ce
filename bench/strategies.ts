// The ways of writing one mark or one PLIS change that section 4 compares.
import { findWorkspace, getWorkspacePlis, markWorkspace, patchWorkspacePlis, type ConfigMap } from '../shared/kube/workspaces.js';
import { PatchType, type KubeClient } from '../shared/kube/rest.js';
import { addMark, applyMarks, mergePatchOf } from '../shared/marks.js';
import { planPlisUpdate, plisConfigMapName } from '../shared/plis.js';
import { ROBUST_BACKOFF, retryOnConflict, retryWhileBusy } from './previous-retry.js';

/** What each writer changes: a pod annotation (a mark) or the PLIS ConfigMap (its document and an annotation). */
export const WriteKind = { mark: 'mark', plis: 'plis' } as const;
export type WriteKind = (typeof WriteKind)[keyof typeof WriteKind];

export const Strategy = {
  /** The product's write path: shared/kube/workspaces.ts. */
  ours: 'ours',
  /** What the product did before: marks as a merge patch without resourceVersion, PLIS as GET → PUT with ROBUST_BACKOFF. */
  previous: 'previous',
} as const;
export type Strategy = (typeof Strategy)[keyof typeof Strategy];

export const MARKER_PREFIX = 'bench.kubectl-workspace.dev/marker-';

/** Writer i's change; resolves to the attempts it made. */
export type Writer = (client: KubeClient, namespace: string, id: string, i: number) => Promise<number>;

const marker = (i: number) => addMark(`${MARKER_PREFIX}${i}`, 'set');
/** A different host IP per writer, so every PLIS write changes the document. */
const hostIp = (i: number) => `10.1.${Math.floor(i / 256) % 256}.${i % 256}`;

const oursMark: Writer = async (client, ns, id, i) => (await markWorkspace(client, ns, id, [marker(i)])).attempts;

const oursPlis: Writer = async (client, ns, id, i) =>
  (await patchWorkspacePlis(client, ns, id, { hostIP: hostIp(i) }, [marker(i)])).attempts;

/** Find by label, one merge patch without resourceVersion (the API server retries it internally), retried only while busy. */
const previousMark: Writer = async (client, ns, id, i) => {
  const pod = await findWorkspace(client, ns, id);
  const patch = mergePatchOf(applyMarks(pod.metadata?.annotations ?? {}, [marker(i)]));
  let attempts = 0;
  await retryWhileBusy(() => {
    attempts += 1;
    return client.patch(`/api/v1/namespaces/${ns}/pods/${pod.metadata?.name ?? ''}`, patch, PatchType.merge);
  });
  return attempts;
};

/** GET → plan → PUT with the read resourceVersion, retried on 409 with ROBUST_BACKOFF (15 attempts, 10 ms doubling to 2 s, full jitter). */
const previousPlis: Writer = async (client, ns, id, i) => {
  let attempts = 0;
  await retryOnConflict(
    async () => {
      attempts += 1;
      const cm = await getWorkspacePlis(client, ns, id);
      const plan = planPlisUpdate(cm.metadata?.annotations ?? {}, { hostIP: hostIp(i) }, [marker(i)], `${ns}/${plisConfigMapName(id)}`);
      const next: ConfigMap = { ...cm, metadata: { ...cm.metadata, annotations: plan.annotations } };
      await client.put(`/api/v1/namespaces/${ns}/configmaps/${plisConfigMapName(id)}`, next);
    },
    { backoff: ROBUST_BACKOFF },
  );
  return attempts;
};

export const writers: Readonly<Record<WriteKind, Readonly<Record<Strategy, Writer>>>> = {
  [WriteKind.mark]: { [Strategy.ours]: oursMark, [Strategy.previous]: previousMark },
  [WriteKind.plis]: { [Strategy.ours]: oursPlis, [Strategy.previous]: previousPlis },
};
