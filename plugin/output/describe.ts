// `get <id>`: everything known about one workspace, as a readable description or a structured object.
import { annotationSpec } from '../../shared/annotations.js';
import { RawJson, rawObjectMembers } from '../../shared/jsonraw.js';
import type { ConfigMap, Pod } from '../../shared/kube/workspaces.js';
import { decodePlis } from '../../shared/plis.js';
import { redactAnnotations, redactJsonText, type RedactOptions } from '../../shared/redact/documents.js';
import { ageOf } from './age.js';
import { workspaceRow } from './workspace-view.js';

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
  /** The document as stored (secrets redacted in its text), printed token for token. */
  readonly document?: RawJson;
  /** Set instead of `document` when gitpod/plis cannot be read. */
  readonly error?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export function plisDetail(cm: ConfigMap, where: string, opts: RedactOptions): PlisDetail {
  const annotations = cm.metadata?.annotations ?? {};
  const base = { configMap: cm.metadata?.name ?? '', annotations: redactAnnotations(annotations, opts) };
  const raw = annotations['gitpod/plis'];
  try {
    decodePlis(raw, where); // the same checks a write makes; its errors never quote the text
    const text = raw === undefined || raw === '' ? '{}' : raw;
    return { ...base, document: new RawJson(opts.showSecrets ? text : redactJsonText(text)) };
  } catch (err) {
    return { ...base, error: (err as Error).message };
  }
}

/** `  field: value` lines of a PLIS document, each value exactly as stored (after redaction). */
export function plisDocumentLines(document: RawJson | undefined, indent: string): string[] {
  if (document === undefined) return [];
  return [...rawObjectMembers(document.text)].map(([k, v]) => `${indent}${k}: ${v}`);
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
    annotations: redactAnnotations(pod.metadata?.annotations ?? {}, opts),
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
    lines.push(...plisDocumentLines(d.plis.document, '  '));
  }
  return lines.join('\n') + '\n';
}
