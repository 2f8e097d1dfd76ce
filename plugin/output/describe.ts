// `get <id>`: everything known about one workspace, as a readable description or a structured object.
import { annotationSpec } from '../../shared/annotations.js';
import type { ConfigMap, Pod } from '../../shared/kube/workspaces.js';
import { decodePlis, type PlisDocument } from '../../shared/plis.js';
import { redactPlisDocument } from '../../shared/plis-redact.js';
import { ageOf } from './age.js';
import { redactObjectAnnotations, workspaceRow, type RedactOptions } from './workspace-view.js';

export interface WorkspaceDetail {
  readonly id: string;
  readonly namespace: string;
  readonly pod: string;
  readonly phase: string;
  readonly age: string;
  readonly flags: readonly string[];
  readonly node: string;
  readonly annotations: Readonly<Record<string, string>>;
  readonly plis: PlisDetail | null;
}

export interface PlisDetail {
  readonly configMap: string;
  readonly document?: PlisDocument;
  /** Set instead of `document` when gitpod/plis cannot be read. */
  readonly error?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export function plisDetail(cm: ConfigMap, where: string, opts: RedactOptions): PlisDetail {
  const annotations = cm.metadata?.annotations ?? {};
  const base = { configMap: cm.metadata?.name ?? '', annotations: redactObjectAnnotations(annotations, opts) };
  try {
    const document = decodePlis(annotations['gitpod/plis'], where);
    return { ...base, document: opts.showSecrets ? document : redactPlisDocument(document) };
  } catch (err) {
    return { ...base, error: (err as Error).message };
  }
}

export function workspaceDetail(pod: Pod, cm: ConfigMap | undefined, now: number, opts: RedactOptions): WorkspaceDetail {
  const row = workspaceRow(pod, now);
  return {
    id: row.id,
    namespace: row.namespace,
    pod: row.pod,
    phase: row.phase,
    age: ageOf(pod.metadata?.creationTimestamp, now),
    flags: row.flags,
    node: row.node,
    annotations: redactObjectAnnotations(pod.metadata?.annotations ?? {}, opts),
    plis: cm === undefined ? null : plisDetail(cm, `${row.namespace}/${cm.metadata?.name ?? ''}`, opts),
  };
}

function annotationLines(a: Readonly<Record<string, string>>, indent: string): string[] {
  const names = Object.keys(a).sort();
  if (names.length === 0) return [`${indent}<none>`];
  const width = Math.max(...names.map((n) => n.length)) + 1;
  return names.map((n) => {
    const summary = annotationSpec(n)?.summary;
    const value = `${(n + ':').padEnd(width)}  ${a[n] ?? ''}`;
    return `${indent}${value}${summary === undefined ? '' : `    # ${summary}`}`;
  });
}

export function describeWorkspace(d: WorkspaceDetail): string {
  const lines = [
    `Workspace:    ${d.id}`,
    `Namespace:    ${d.namespace}`,
    `Pod:          ${d.pod}`,
    `Phase:        ${d.phase}`,
    `Age:          ${d.age}`,
    `Node:         ${d.node}`,
    `Flags:        ${d.flags.length === 0 ? '<none>' : d.flags.join(',')}`,
    'Annotations:',
    ...annotationLines(d.annotations, '  '),
  ];
  if (d.plis === null) {
    lines.push('PLIS:         <none>');
  } else {
    lines.push(`PLIS:         configmap/${d.plis.configMap}`);
    if (d.plis.error !== undefined) lines.push(`  error: ${d.plis.error}`);
    for (const [k, v] of Object.entries(d.plis.document ?? {})) lines.push(`  ${k}: ${JSON.stringify(v)}`);
  }
  return lines.join('\n') + '\n';
}
