// The one-line summaries of writes, kubectl style: "pod/ws-abc marked: +gitpod/closed -gitpod/never-ready (server dry run)".
import type { DryRun } from '../../shared/kube/workspaces.js';

export function dryRunSuffix(dryRun: DryRun | undefined): string {
  if (dryRun === 'server') return ' (server dry run)';
  if (dryRun === 'client') return ' (dry run)';
  return '';
}

/** Names only, never values: a secret must not reach the terminal through this line. */
export function markSummary(
  objectRef: string,
  changed: readonly string[],
  after: Readonly<Record<string, string>>,
  dryRun: DryRun | undefined,
): string {
  if (changed.length === 0) return `${objectRef} unchanged\n`;
  const parts = changed.map((name) => (after[name] === undefined ? `-${name}` : `+${name}`));
  return `${objectRef} marked: ${parts.join(' ')}${dryRunSuffix(dryRun)}\n`;
}
