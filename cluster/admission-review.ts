// AdmissionReview requests as kube-apiserver sends them to the webhook: the one builder of the unit tests, the
// reliability suites and the bench.
import { randomUUID } from 'node:crypto';

export const ADMISSION_V1 = 'admission.k8s.io/v1';
export const ADMISSION_V1BETA1 = 'admission.k8s.io/v1beta1';

// Functions, not constants: every review gets its own objects, so a test that mutates one (fuzzing) spoils no other.
const podKind = () => ({ group: '', version: 'v1', kind: 'Pod' });
const pods = () => ({ group: '', version: 'v1', resource: 'pods' });

/** A review's request about a pod; any field the API server may add (name, namespace, userInfo, dryRun…) is passed on. */
export interface PodRequestFields {
  /** Default a random UUID. */
  readonly uid?: string;
  /** Default UPDATE. */
  readonly operation?: string;
  readonly object?: unknown;
  readonly oldObject?: unknown;
  readonly [field: string]: unknown;
}

/** The request of a review about a pod: uid, kind, resource and operation filled in, then `fields` as given. */
export function podRequest(fields: PodRequestFields = {}): Record<string, unknown> {
  return { uid: randomUUID(), kind: podKind(), resource: pods(), operation: 'UPDATE', ...fields };
}

/** The AdmissionReview envelope around a request (which may be deliberately malformed). */
export function admissionReview(request: unknown, apiVersion: string = ADMISSION_V1): Record<string, unknown> {
  return { apiVersion, kind: 'AdmissionReview', request };
}

interface PodLike {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

export interface PodUpdate {
  readonly pod: PodLike;
  readonly oldPod: PodLike;
  /** Default a random UUID. */
  readonly uid?: string;
  readonly userInfo?: { readonly username: string; readonly groups?: readonly string[] };
}

/** Every field kube-apiserver sends for an UPDATE of a pod, as an AdmissionReview v1. */
export function podUpdateReview(update: PodUpdate): Record<string, unknown> {
  const { pod, oldPod } = update;
  return admissionReview(
    podRequest({
      uid: update.uid ?? randomUUID(),
      requestKind: podKind(),
      requestResource: pods(),
      name: pod.metadata?.name,
      namespace: pod.metadata?.namespace,
      userInfo: update.userInfo ?? { username: 'admin', groups: ['system:masters', 'system:authenticated'] },
      object: pod,
      oldObject: oldPod,
      dryRun: false,
      options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1' },
    }),
  );
}
