// Pure views of workspace pods for the table; what may be printed is decided by shared/redact/.
import { Annotation } from '../../shared/annotations.js';
import { WORKSPACE_ID_LABEL } from '../../shared/lookup.js';
import type { Pod } from '../../shared/kube/workspaces.js';
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
