// The audit Event of a write: one events.k8s.io/v1 Event regarding the workspace pod, built from what the write
// changed (values redacted as in every output), and the Events section of `get`, as `kubectl describe` shows it.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { TextSink } from './stdio.js';
import type { KubeEvent, ObjectReference } from '../shared/kube/events.js';
import type { KubeClient } from '../shared/kube/rest.js';
import { formatError } from './errors.js';
import { ageOf } from './output/age.js';
import { redactAnnotations } from '../shared/redact/documents.js';
import type { Mark } from '../shared/marks.js';
import type { PlisPatch } from '../shared/plis.js';

export const REPORTING_CONTROLLER = 'workspace.gitpod.io/kubectl-workspace';

export const EventType = { normal: 'Normal', warning: 'Warning' } as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Action, reason and type of each write command, by the command's name (`patch` is `plis patch`). */
export const WRITE_EVENTS = {
  mark: { action: 'Mark', reason: 'WorkspaceMarked', type: EventType.normal },
  fail: { action: 'Fail', reason: 'WorkspaceFailed', type: EventType.warning },
  timeout: { action: 'Timeout', reason: 'WorkspaceTimeoutChanged', type: EventType.normal },
  close: { action: 'Close', reason: 'WorkspaceClosed', type: EventType.normal },
  reopen: { action: 'Reopen', reason: 'WorkspaceReopened', type: EventType.normal },
  'time-out': { action: 'TimeOut', reason: 'WorkspaceTimedOut', type: EventType.warning },
  ready: { action: 'Ready', reason: 'WorkspaceReady', type: EventType.normal },
  admission: { action: 'Admission', reason: 'WorkspaceAdmissionChanged', type: EventType.normal },
  patch: { action: 'PlisPatch', reason: 'WorkspacePlisPatched', type: EventType.normal },
} as const satisfies Readonly<Record<string, { readonly action: string; readonly reason: string; readonly type: EventType }>>;
export type WriteCommand = keyof typeof WRITE_EVENTS;

/** What a write command reports back so its Event can be recorded in one place (command.ts). */
export interface WriteOutcome {
  /** False for dry runs and writes that changed nothing: no Event then. */
  readonly written: boolean;
  /** The workspace pod (or, when the pod is gone, the object written). */
  readonly regarding: ObjectReference;
  /** Annotation values after the write, for the names that changed (absent = deleted). */
  readonly changed: readonly string[];
  readonly after: Readonly<Record<string, string>>;
  /** Extra words for the note, e.g. the PLIS fields set. */
  readonly detail?: string;
}

const NOTE_MAX_BYTES = 1024;

function truncateBytes(s: string, max: number): string {
  if (Buffer.byteLength(s) <= max) return s;
  let out = s;
  while (Buffer.byteLength(out) > max - 3) out = out.slice(0, -1);
  return `${out}…`;
}

/** What changed, with values as every output shows them (secrets `<redacted>`, large values summarised); ≤ 1 KiB. */
export function eventNote(outcome: Pick<WriteOutcome, 'changed' | 'after' | 'detail'>): string {
  const shown = redactAnnotations(
    Object.fromEntries(outcome.changed.filter((n) => outcome.after[n] !== undefined).map((n) => [n, outcome.after[n] ?? ''])),
    { showSecrets: false, showLarge: false },
  );
  const parts = outcome.changed.map((n) => (shown[n] === undefined ? `deleted ${n}` : `set ${n}=${JSON.stringify(shown[n])}`));
  if (outcome.detail !== undefined) parts.unshift(outcome.detail);
  return truncateBytes(parts.join(', '), NOTE_MAX_BYTES);
}

/** eventTime is a MicroTime: RFC 3339 with exactly six fractional digits. */
export function microTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function reportingInstance(): string {
  const host = hostname();
  return host === '' ? 'kubectl-workspace' : `kubectl-workspace@${host}`.slice(0, 128);
}

export function isWriteCommand(name: string): name is WriteCommand {
  return Object.hasOwn(WRITE_EVENTS, name);
}

export function buildWriteEvent(command: WriteCommand, outcome: WriteOutcome, nowMs: number, instance: string): KubeEvent {
  const e = WRITE_EVENTS[command];
  const name =
    `${outcome.regarding.name ?? 'workspace'}.${(BigInt(nowMs) * 1_000_000n).toString(16)}${randomBytes(3).toString('hex')}`.slice(0, 253);
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name, namespace: outcome.regarding.namespace ?? '' },
    eventTime: microTime(nowMs),
    reportingController: REPORTING_CONTROLLER,
    reportingInstance: instance,
    action: e.action,
    reason: e.reason,
    type: e.type,
    note: eventNote(outcome),
    regarding: outcome.regarding,
  };
}

/** Records the Event of a write that happened; a failure is one warning line on stderr, never a failed command. */
export async function recordWriteEvent(
  client: KubeClient,
  command: string,
  outcome: WriteOutcome,
  nowMs: number,
  stderr: TextSink,
): Promise<void> {
  if (!outcome.written || !isWriteCommand(command)) return;
  const { createEvent } = await import('../shared/kube/events.js');
  try {
    await createEvent(client, outcome.regarding.namespace ?? '', buildWriteEvent(command, outcome, nowMs, reportingInstance()));
  } catch (err) {
    const why =
      formatError(err)
        .replace(/^error: /, '')
        .trim()
        .split('\n')[0] ?? '';
    stderr.write(`Warning: the write succeeded but its Event was not recorded: ${why}\n`);
  }
}

function eventTimes(e: KubeEvent): { first: string | undefined; last: string | undefined; count: number } {
  const first = e.eventTime ?? e.deprecatedFirstTimestamp ?? e.metadata?.creationTimestamp ?? undefined;
  const last = e.series?.lastObservedTime ?? e.deprecatedLastTimestamp ?? first;
  return { first, last, count: e.series?.count ?? e.deprecatedCount ?? 1 };
}

/** The `Events:` section of `kubectl describe`: Type, Reason, Age, From, Message, oldest first. */
export function describeEvents(events: readonly KubeEvent[], now: number): string {
  if (events.length === 0) return 'Events:       <none>\n';
  const sorted = [...events].sort((a, b) => Date.parse(eventTimes(a).last ?? '') - Date.parse(eventTimes(b).last ?? ''));
  const rows = sorted.map((e) => {
    const t = eventTimes(e);
    const age = t.count > 1 ? `${ageOf(t.last, now)} (x${t.count} over ${ageOf(t.first, now)})` : ageOf(t.first, now);
    const component = e.deprecatedSource?.component || e.reportingController || '';
    const host = e.deprecatedSource?.host || e.reportingInstance || '';
    const from = host === '' ? component : `${component}, ${host}`;
    return [e.type ?? '', e.reason ?? '', age, from, (e.note ?? '').trim()];
  });
  const header = [
    ['Type', 'Reason', 'Age', 'From', 'Message'],
    ['----', '------', '----', '----', '-------'],
  ];
  const all = [...header, ...rows];
  const widths = all[0]?.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length))) ?? [];
  const lines = all.map((r) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 2))).join(''));
  return ['Events:', ...lines].join('\n') + '\n';
}

/** The outcome of `plis patch`: regarding the workspace pod when it still exists, else the PLIS ConfigMap. */
export async function plisWriteOutcome(
  client: KubeClient,
  namespace: string,
  id: string,
  result: {
    readonly configMap: {
      readonly metadata?: { readonly name?: string; readonly uid?: string; readonly annotations?: Readonly<Record<string, string>> };
    };
    readonly written: boolean;
  },
  patch: PlisPatch,
  marks: readonly Mark[],
): Promise<WriteOutcome> {
  const cm = result.configMap.metadata ?? {};
  const fields = Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  const detail = `patched PLIS of configmap/${cm.name ?? ''}${fields.length === 0 ? '' : `: ${fields.join(', ')}`}`;
  let regarding: ObjectReference = { apiVersion: 'v1', kind: 'ConfigMap', namespace, name: cm.name ?? '', uid: cm.uid ?? '' };
  if (result.written) {
    const { findWorkspace } = await import('../shared/kube/workspaces.js');
    const pod = await findWorkspace(client, namespace, id).catch(() => undefined);
    if (pod !== undefined)
      regarding = { apiVersion: 'v1', kind: 'Pod', namespace, name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' };
  }
  return { written: result.written, regarding, changed: marks.map((m) => m.name), after: cm.annotations ?? {}, detail };
}
