// kubectl's `-o custom-columns=HEADER:PATH,…` and `-o custom-columns-file=FILE` (kubectl get's customcolumn.go):
// one row per object, values of a column joined by ",", `<none>` when a path finds nothing, aligned like
// kubectl's tabwriter (minimum width 6, padding 3).
import { goSprint } from './go-format.js';
import { JsonPath, type Json } from './jsonpath.js';
import { JsonPathSyntaxError } from './jsonpath-parse.js';

export interface Column {
  readonly header: string;
  /** The path in braces, as relaxedJsonPath returns it. */
  readonly path: string;
}

/** A column specification that kubectl would refuse. */
export class ColumnSpecError extends Error {
  override name = 'ColumnSpecError';
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** `name`, `.name`, `{name}` and `{.name}` all become `{.name}`, as kubectl accepts for columns and --sort-by. */
export function relaxedJsonPath(expression: string): string {
  if (expression === '') return expression;
  const m = RELAXED.exec(expression);
  if (m === null) {
    throw new ColumnSpecError(
      `unexpected path string ${JSON.stringify(expression)}, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'`,
    );
  }
  return `{.${m[1] || m[2] || ''}}`;
}

export function parseColumnsSpec(spec: string): Column[] {
  if (spec === '') throw new ColumnSpecError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon === -1) throw new ColumnSpecError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), path: relaxedJsonPath(part.slice(colon + 1)) };
  });
}

/** The file form: a line of headers and a line of paths, both separated by whitespace. */
export function parseColumnsFile(text: string): Column[] {
  const lines = text.split('\n');
  const words = (line: string | undefined): string[] => (line ?? '').split(/\s+/).filter((w) => w !== '');
  if (lines.length < 1 || text === '')
    throw new ColumnSpecError(
      'invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.',
    );
  if (lines.length < 2)
    throw new ColumnSpecError(
      'invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.',
    );
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length)
    throw new ColumnSpecError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((header, i) => ({ header, path: relaxedJsonPath(specs[i] ?? '') }));
}

const escapeTerminal = (s: string): string => s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');

/** Compiles every column once; throws JsonPathSyntaxError naming the bad column path. */
export function compileColumns(columns: readonly Column[]): (obj: Json) => string[] {
  const paths = columns.map((c) => {
    try {
      return new JsonPath(c.path, { allowMissingKeys: true });
    } catch (err) {
      throw new JsonPathSyntaxError(`column ${c.header}: ${(err as Error).message}`);
    }
  });
  return (obj) =>
    paths.map((p) => {
      const values = p.findResults(obj);
      if (values.length === 0 || values[0]?.length === 0) return '<none>';
      return values
        .flat()
        .map((v) => escapeTerminal(goSprint(v)))
        .join(',');
    });
}

const MIN_WIDTH = 6;
const PADDING = 3;

/** Go's tabwriter as kubectl configures it (minimum width 6, padding 3): every cell but the last of a line padded to its column's width. */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const width = (s: string): number => [...s].length;
  const widths: number[] = [];
  for (const r of rows) r.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? MIN_WIDTH, width(c) + PADDING)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? MIN_WIDTH) - width(c)))).join('') + '\n')
    .join('');
}

/** The whole custom-columns output for the given objects (the items of a list, or one object). */
export function formatCustomColumns(columns: readonly Column[], objects: readonly Json[], noHeaders: boolean): string {
  const row = compileColumns(columns);
  const rows = objects.map(row);
  return alignColumns(noHeaders ? rows : [columns.map((c) => c.header), ...rows]);
}
