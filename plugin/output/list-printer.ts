// Prints workspace pods for `list`, once or as a watch: every format of -o over the same redacted document
// `-o json` prints, and under -w one line (tables) or one document (json, yaml, templates) per change, as
// `kubectl get -w` does (no repeated header, column widths remembered, yaml documents separated by `---`).
import type { Pod } from '../../shared/kube/workspaces.js';
import { ChangeType, type Change } from '../../shared/watch-state.js';
import { formatJson, formatYaml, asList } from './serialize.js';
import { compileTemplate, renderTemplate, type TemplatePrinter } from './formats.js';
import type { Json } from './jsonpath.js';
import { sortObjects } from './sort-by.js';
import { redactObject, type RedactOptions } from '../../shared/redact/documents.js';
import { workspaceRow, workspaceTable } from './workspace-view.js';
import { JsonListWriter } from './json-list.js';
import type { TextSink } from '../stdio.js';

export interface ListPrinterOptions {
  readonly output: string | undefined;
  readonly noHeaders: boolean;
  readonly allowMissingKeys: boolean;
  readonly sortBy: string | undefined;
  readonly allNamespaces: boolean;
  readonly redact: RedactOptions;
  readonly now: () => number;
}

/** Aligns rows like kubectl's tabwriter with remembered widths: later rows never narrow a column. */
export class RowAligner {
  private readonly widths: number[] = [];
  constructor(
    private readonly minWidth: number,
    private readonly padding: number,
  ) {}

  line(cells: readonly string[]): string {
    cells.slice(0, -1).forEach((c, i) => (this.widths[i] = Math.max(this.widths[i] ?? this.minWidth, [...c].length + this.padding)));
    return cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((this.widths[i] ?? 0) - [...c].length))).join('') + '\n';
  }

  lines(rows: readonly (readonly string[])[]): string {
    rows.forEach((r) =>
      r.slice(0, -1).forEach((c, i) => (this.widths[i] = Math.max(this.widths[i] ?? this.minWidth, [...c].length + this.padding))),
    );
    return rows.map((r) => this.line(r)).join('');
  }
}

/** Prints a list pod by pod as they arrive; end() only once the list is known to be complete. */
export interface ListWriter {
  add(pod: Pod): void;
  end(): void;
}

export class ListPrinter {
  private readonly template: TemplatePrinter | undefined;
  private readonly aligner: RowAligner;
  private headerDone = false;
  private documents = 0;

  constructor(private readonly o: ListPrinterOptions) {
    this.template = compileTemplate(o.output, { allowMissingKeys: o.allowMissingKeys });
    // Our table: 3 spaces between columns; kubectl's custom columns: at least 6 wide, padding 3.
    this.aligner = this.template?.kind === 'custom-columns' ? new RowAligner(6, 3) : new RowAligner(0, 3);
  }

  private document(pod: Pod): Json {
    return redactObject(pod, this.o.redact) as unknown as Json;
  }

  private sorted(pods: readonly Pod[]): Json[] {
    const docs = pods.map((p) => this.document(p));
    return this.o.sortBy === undefined || this.o.sortBy === '' ? docs : sortObjects(docs, this.o.sortBy);
  }

  private tableCells(pods: readonly Pod[], deleted: boolean): { headers: string[]; cells: string[][] } {
    const now = this.o.now();
    const rows = pods.map((p) => workspaceRow(p, now));
    const t = workspaceTable(deleted ? rows.map((r) => ({ ...r, flags: [...r.flags, 'deleted' as never] })) : rows, {
      wide: this.o.output === 'wide',
      allNamespaces: this.o.allNamespaces,
    });
    return t;
  }

  private tableLines(pods: readonly Pod[], deleted: boolean): string {
    const { headers, cells } = this.tableCells(pods, deleted);
    const withHeader = !this.headerDone && !this.o.noHeaders;
    this.headerDone = true;
    return this.aligner.lines(withHeader ? [headers, ...cells] : cells);
  }

  private columnLines(printer: Extract<TemplatePrinter, { kind: 'custom-columns' }>, docs: readonly Json[]): string {
    const rows = docs.map(printer.row);
    const withHeader = !this.headerDone && !this.o.noHeaders;
    this.headerDone = true;
    return this.aligner.lines(withHeader ? [printer.columns.map((c) => c.header), ...rows] : rows);
  }

  /** One-shot output of `list` (a List document for json, yaml and jsonpath, as kubectl prints it). */
  list(pods: readonly Pod[]): string {
    const docs = this.sorted(pods);
    const out = this.o.output;
    if (this.template !== undefined) return renderTemplate(this.template, asList(docs) as unknown as Json, docs, this.o.noHeaders);
    if (out === 'json') return formatJson(asList(docs));
    if (out === 'yaml') return formatYaml(asList(docs));
    if (out === 'name') return docs.map((d) => `pod/${nameOf(d)}\n`).join('');
    return this.tableLines(this.reorder(pods, docs), false);
  }

  /**
   * `-o json` without --sort-by, printed pod by pod as they arrive; undefined for the formats that need every
   * pod first (a table's widths, a sort, templates over the whole List, yaml and names kept whole for simplicity).
   */
  listWriter(out: TextSink): ListWriter | undefined {
    if (this.o.output !== 'json' || (this.o.sortBy ?? '') !== '') return undefined;
    const json = new JsonListWriter(out);
    return { add: (pod) => json.add(this.document(pod)), end: () => json.end() };
  }

  /** The current state at the start of a watch: each object on its own, as `kubectl get -w` prints them. */
  initial(pods: readonly Pod[]): string {
    if (this.o.output === undefined || this.o.output === 'wide')
      return pods.length === 0 ? '' : this.tableLines(this.reorder(pods, this.sorted(pods)), false);
    return this.sorted(pods)
      .map((d) => this.one(d, false))
      .join('');
  }

  /**
   * Whether initial() can be printed object by object as the list arrives, to the same output: every format but
   * the table (its columns are sized over all rows), without --sort-by (which needs every object first).
   */
  get printsInitialByObject(): boolean {
    return this.o.output !== undefined && this.o.output !== 'wide' && (this.o.sortBy ?? '') === '';
  }

  /** One object of the current state at the start of a watch, when printsInitialByObject. */
  initialObject(pod: Pod): string {
    return this.one(this.document(pod), false);
  }

  /** One change during a watch. */
  change(change: Change<Pod>): string {
    const deleted = change.type === ChangeType.deleted;
    if (this.o.output === undefined || this.o.output === 'wide') return this.tableLines([change.object], deleted);
    return this.one(this.document(change.object), deleted);
  }

  private one(doc: Json, deleted: boolean): string {
    const t = this.template;
    if (t?.kind === 'custom-columns') return this.columnLines(t, [doc]);
    if (t !== undefined) return renderTemplate(t, doc, [doc], this.o.noHeaders);
    if (this.o.output === 'json') return formatJson(doc);
    if (this.o.output === 'yaml') return (this.documents++ === 0 ? '' : '---\n') + formatYaml(doc);
    return `pod/${nameOf(doc)}${deleted ? ' deleted' : ''}\n`;
  }

  /** Pods in the order of their sorted documents. */
  private reorder(pods: readonly Pod[], docs: readonly Json[]): Pod[] {
    const byName = new Map(pods.map((p) => [`${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`, p]));
    return docs.map((d) => byName.get(`${namespaceOf(d)}/${nameOf(d)}`)).filter((p): p is Pod => p !== undefined);
  }
}

function metaOf(d: Json): { name?: string; namespace?: string } {
  return (d as { metadata?: { name?: string; namespace?: string } } | null)?.metadata ?? {};
}
const nameOf = (d: Json): string => metaOf(d).name ?? '';
const namespaceOf = (d: Json): string => metaOf(d).namespace ?? '';
