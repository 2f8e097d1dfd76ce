// Rendering results as GitHub-flavoured markdown tables. Pure.
import type { Summary } from './stats.js';

export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A markdown table with padded columns so it also reads well as plain text. */
export function renderTable(table: Table): string {
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => cell(r[i] ?? '').length), 3));
  const line = (cells: readonly string[]) => `| ${widths.map((w, i) => cell(cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(table.headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...table.rows.map(line)].join('\n');
}

/** Three significant digits at most, no exponent, no trailing zeros (1234 → "1234", 0.01234 → "0.0123"). */
export function num(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(abs)));
  return String(Number(value.toFixed(digits)));
}

/** A ratio as "2.5×", or "–" when there is none. */
export function times(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${num(value)}×`;
}

/** "min / p25 / p75 / max", the spread around a median. */
export function spread(s: Summary): string {
  return [s.min, s.p25, s.p75, s.max].map(num).join(' / ');
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${num((100 * part) / whole)} %`;
}

export function mebibytes(kib: number | undefined): string {
  return kib === undefined ? '–' : `${num(kib / 1024)} MiB`;
}
