// Assembling the run's results into latest.md (readable) and latest.json (machine-readable). Pure.
import type { MachineFacts } from './machine.js';
import { renderTable } from './markdown.js';
import type { Mode, SectionResult } from './section.js';

export interface RunReport {
  readonly mode: Mode;
  readonly machine: MachineFacts;
  readonly durationMs: number;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews every figure. */
  readonly loadAtStart: readonly number[];
  readonly loadAtEnd: readonly number[];
  readonly sections: readonly SectionResult[];
  /** Sections that failed: key → error message. */
  readonly failures: Readonly<Record<string, string>>;
}

export function renderSection(s: SectionResult): string {
  return [
    `## ${s.title}`,
    '',
    s.tables.map(renderTable).join('\n\n'),
    '',
    ...s.notes.map((n) => `- ${n}`),
    `- Section time: ${(s.durationMs / 1000).toFixed(1)} s.`,
  ].join('\n');
}

/** Which Node.js ran what: runs before the field existed measured everything on the bench's own Node.js. */
function nodeFacts(m: RunReport['machine']): string {
  if (m.measuredNode === undefined || m.measuredNode === m.node) return `Node ${m.node}`;
  return `Node ${m.measuredNode} (plugin, floors, webhooks) · Node ${m.node} (the bench, section 4's in-process writers)`;
}

export function renderMarkdown(r: RunReport): string {
  const m = r.machine;
  const head = [
    `# kubectl-workspace benchmarks (${r.mode} run)`,
    `${m.date} · commit ${m.gitCommit.slice(0, 12)}${m.gitDirty ? ' (with uncommitted changes)' : ''} · ${m.cpuModel}, ${m.cores} cores, ${m.memoryMiB} MiB · Linux ${m.kernel} · ${nodeFacts(m)} · kubectl ${m.kubectl} · Kubernetes ${m.kubernetes} (local etcd + kube-apiserver) · load average (1/5/15 min) at start ${r.loadAtStart.map((l) => l.toFixed(2)).join(' / ')}, at end ${r.loadAtEnd.map((l) => l.toFixed(2)).join(' / ')} · total ${(r.durationMs / 1000).toFixed(0)} s`,
    'Ratios are ours / peer: below 1× ours is faster (or smaller); for requests/s above 1× ours is faster. See bench/README.md.',
  ];
  const failed = Object.entries(r.failures).map(([key, message]) => `## ${key}: FAILED\n\n\`\`\`\n${message}\n\`\`\``);
  return [...head, ...r.sections.map(renderSection), ...failed].join('\n\n') + '\n';
}

export function toJson(r: RunReport): string {
  return (
    JSON.stringify(
      {
        mode: r.mode,
        machine: r.machine,
        durationMs: r.durationMs,
        loadAtStart: r.loadAtStart,
        loadAtEnd: r.loadAtEnd,
        sections: Object.fromEntries(r.sections.map((s) => [s.key, { title: s.title, durationMs: s.durationMs, ...(s.data as object) }])),
        failures: r.failures,
      },
      null,
      2,
    ) + '\n'
  );
}
