// Measured figures: printed with the test output and appended as JSON lines for docs/reliability.md.
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIGURES_FILE = process.env['KW_RELIABILITY_FIGURES'] ?? join(tmpdir(), 'kw-reliability-figures.jsonl');

export function figure(name: string, value: string | number, detail?: unknown): void {
  process.stderr.write(`      [figure] ${name}: ${value}\n`);
  appendFileSync(FIGURES_FILE, `${JSON.stringify({ time: new Date().toISOString(), name, value, detail })}\n`);
}
