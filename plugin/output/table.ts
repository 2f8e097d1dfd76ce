// kubectl-style tables: upper-case headers, columns separated by three spaces, no trailing blanks.
import type { TextSink } from '../stdio.js';

const GAP = '   ';

export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join(GAP)
      .trimEnd();
  return [headers, ...rows].map(line).join('\n') + '\n';
}

export function writeTable(out: TextSink, headers: readonly string[], rows: readonly (readonly string[])[]): void {
  out.write(formatTable(headers, rows));
}
