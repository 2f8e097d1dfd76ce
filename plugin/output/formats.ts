// kubectl's template output formats (-o jsonpath=, jsonpath-file=, custom-columns=, custom-columns-file=),
// compiled once from the flags and applied to the same document `-o json` prints.
import { readFileSync } from 'node:fs';
import { WorkspaceToolError } from '../../shared/errors.js';
import { ColumnSpecError, compileColumns, formatCustomColumns, parseColumnsFile, parseColumnsSpec, type Column } from './custom-columns.js';
import { JsonPath, JsonPathEvalError, JsonPathSyntaxError, type Json } from './jsonpath.js';
import { TemplateFormat, templateFormatOf } from '../output-flags.js';

/** A template the user gave that cannot be used; exit 1, as kubectl. */
export class TemplateError extends WorkspaceToolError {
  override name = 'TemplateError';
}

export type TemplatePrinter =
  | { readonly kind: 'jsonpath'; readonly path: JsonPath }
  | { readonly kind: 'custom-columns'; readonly columns: readonly Column[]; readonly row: (obj: Json) => string[] };

function readTemplateFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new TemplateError(`error reading ${what} ${path}: ${(err as Error).message}`, { cause: err });
  }
}

export interface TemplateOptions {
  readonly allowMissingKeys: boolean;
}

/** Compiles the template of `-o`, reading files; throws TemplateError naming the problem. */
export function compileTemplate(output: string | undefined, options: TemplateOptions): TemplatePrinter | undefined {
  const t = templateFormatOf(output);
  if (t === undefined) return undefined;
  try {
    if (t.format === TemplateFormat.jsonpath || t.format === TemplateFormat.jsonpathFile) {
      const text = t.format === TemplateFormat.jsonpath ? t.argument : readTemplateFile(t.argument, 'jsonpath template');
      try {
        return { kind: 'jsonpath', path: new JsonPath(text, options) };
      } catch (err) {
        throw new TemplateError(`error parsing jsonpath ${text}, ${(err as Error).message}`, { cause: err });
      }
    }
    const columns =
      t.format === TemplateFormat.customColumns
        ? parseColumnsSpec(t.argument)
        : parseColumnsFile(readTemplateFile(t.argument, 'custom-columns template'));
    return { kind: 'custom-columns', columns, row: compileColumns(columns) };
  } catch (err) {
    if (err instanceof ColumnSpecError || err instanceof JsonPathSyntaxError) throw new TemplateError(err.message, { cause: err });
    throw err;
  }
}

/**
 * The printed text: a jsonpath template runs once over `document` (a List for `list`), custom columns print
 * one row per item.
 */
export function renderTemplate(printer: TemplatePrinter, document: Json, items: readonly Json[], noHeaders: boolean): string {
  if (printer.kind === 'custom-columns') return formatCustomColumns(printer.columns, items, noHeaders);
  try {
    return printer.path.execute(document);
  } catch (err) {
    if (err instanceof JsonPathEvalError)
      throw new TemplateError(`error executing jsonpath ${JSON.stringify(printer.path.template)}: ${err.message}`, { cause: err });
    throw err;
  }
}
