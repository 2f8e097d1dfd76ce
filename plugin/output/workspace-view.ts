// Pure views of workspace pods for the table and for structured output; secrets are redacted here.
import { Annotation, REDACTED, redactAnnotations } from '../../shared/annotations.js';
import { redactPlisAnnotation } from '../../shared/plis-redact.js';
import { WORKSPACE_ID_LABEL } from '../../shared/lookup.js';
import type { ConfigMap, Pod } from '../../shared/kube/workspaces.js';
import { ageOf } from './age.js';
import { displayPhase } from '../pod-phase.js';

export const WorkspaceFlag = {
  failed: 'failed',
  timedOut: 'timedout',
  closed: 'closed',
  neverReady: 'never-ready',
  snapshot: 'snapshot',
} as const;
export type WorkspaceFlag = (typeof WorkspaceFlag)[keyof typeof WorkspaceFlag];

export interface RedactOptions {
  readonly showSecrets: boolean;
  readonly showLarge?: boolean;
}

/** kubectl apply keeps a copy of every annotation here, secrets included. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function redactObjectAnnotations(a: Readonly<Record<string, string>>, opts: RedactOptions): Record<string, string> {
  const out = redactAnnotations(a, { showSecrets: opts.showSecrets, showLarge: opts.showLarge ?? false });
  if (!opts.showSecrets && out[LAST_APPLIED] !== undefined) out[LAST_APPLIED] = REDACTED;
  const plis = out[Annotation.plis];
  if (!opts.showSecrets && plis !== undefined) out[Annotation.plis] = redactPlisAnnotation(plis, 'gitpod/plis');
  return out;
}

/** A copy of a pod or ConfigMap safe to print: annotations redacted, managedFields left out as kubectl does by default. */
export function redactObject<T extends Pod | ConfigMap>(obj: T, opts: RedactOptions): T {
  if (obj.metadata === undefined) return obj;
  const { managedFields: _managedFields, ...metadata } = obj.metadata as typeof obj.metadata & { managedFields?: unknown };
  const annotations = metadata.annotations;
  return { ...obj, metadata: annotations === undefined ? metadata : { ...metadata, annotations: redactObjectAnnotations(annotations, opts) } };
}

export function workspaceFlags(annotations: Readonly<Record<string, string>>): WorkspaceFlag[] {
  const has = (name: string): boolean => annotations[name] !== undefined;
  const flags: WorkspaceFlag[] = [];
  if (has(Annotation.explicitFail) || annotations[Annotation.failedBeforeStopping] === 'true') flags.push(WorkspaceFlag.failed);
  if (has(Annotation.timedOut)) flags.push(WorkspaceFlag.timedOut);
  if (has(Annotation.closed)) flags.push(WorkspaceFlag.closed);
  if (has(Annotation.neverReady)) flags.push(WorkspaceFlag.neverReady);
  if (has(Annotation.snapshot)) flags.push(WorkspaceFlag.snapshot);
  return flags;
}

export interface WorkspaceRow {
  readonly namespace: string;
  readonly id: string;
  readonly pod: string;
  readonly phase: string;
  readonly age: string;
  readonly flags: readonly WorkspaceFlag[];
  readonly node: string;
  readonly ip: string;
  readonly type: string;
  readonly owner: string;
}

const NONE = '<none>';

export function workspaceRow(pod: Pod, now: number): WorkspaceRow {
  const meta = pod.metadata ?? {};
  const labels = meta.labels ?? {};
  return {
    namespace: meta.namespace ?? '',
    id: labels[WORKSPACE_ID_LABEL] ?? '',
    pod: meta.name ?? '',
    phase: displayPhase(pod),
    age: ageOf(meta.creationTimestamp, now),
    flags: workspaceFlags(meta.annotations ?? {}),
    node: pod.spec?.nodeName ?? NONE,
    ip: pod.status?.podIP ?? NONE,
    type: labels['workspaceType'] ?? NONE,
    owner: labels['owner'] ?? NONE,
  };
}

export interface TableOptions {
  readonly wide: boolean;
  readonly allNamespaces: boolean;
}

export function workspaceTable(rows: readonly WorkspaceRow[], opts: TableOptions): { headers: string[]; cells: string[][] } {
  const headers = ['ID', 'POD', 'PHASE', 'AGE', 'FLAGS'];
  if (opts.wide) headers.push('TYPE', 'OWNER', 'NODE', 'IP');
  if (opts.allNamespaces) headers.unshift('NAMESPACE');
  const cells = rows.map((r) => {
    const c = [r.id, r.pod, r.phase, r.age, r.flags.length === 0 ? NONE : r.flags.join(',')];
    if (opts.wide) c.push(r.type, r.owner, r.node, r.ip);
    if (opts.allNamespaces) c.unshift(r.namespace);
    return c;
  });
  return { headers, cells };
}
