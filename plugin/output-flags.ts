// The output flags of the reading commands as data (-o with kubectl's template formats, --no-headers, --sort-by,
// --allow-missing-template-keys, -w/--watch, --watch-only), kept free of the printers so start-up stays cheap.
import type { OptionSpecs } from './command-spec.js';

export const TemplateFormat = {
  jsonpath: 'jsonpath',
  jsonpathFile: 'jsonpath-file',
  customColumns: 'custom-columns',
  customColumnsFile: 'custom-columns-file',
} as const;
export type TemplateFormat = (typeof TemplateFormat)[keyof typeof TemplateFormat];

/** The format name and its argument when `-o` names a template format; undefined for the plain formats. */
export function templateFormatOf(output: string | undefined): { readonly format: TemplateFormat; readonly argument: string } | undefined {
  if (output === undefined) return undefined;
  for (const format of Object.values(TemplateFormat)) {
    if (output.startsWith(`${format}=`)) return { format, argument: output.slice(format.length + 1) };
  }
  return undefined;
}

/** The usage problem of an -o value, or undefined when it is one of `plain` or a template format. */
export function outputUsageError(output: unknown, plain: readonly string[]): string | undefined {
  if (typeof output !== 'string') return undefined;
  if (plain.includes(output) || templateFormatOf(output) !== undefined) return undefined;
  const all = [...plain, ...Object.values(TemplateFormat).map((f) => `${f}=...`)];
  return `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${all.join(', ')}`;
}

/** -o accepting `plain` and the template formats; checked by `outputCheck` since choices cannot express `jsonpath=…`. */
export function templateOutputOptions(plain: readonly string[]) {
  return {
    output: {
      type: 'string',
      alias: 'o',
      describe: `Output format: ${plain.join('|')}|jsonpath=…|jsonpath-file=…|custom-columns=…|custom-columns-file=…`,
    },
    'no-headers': { type: 'boolean', default: false, describe: 'Print tables and custom columns without the header line' },
    'allow-missing-template-keys': {
      type: 'boolean',
      default: true,
      describe: 'Ignore missing fields in jsonpath templates instead of failing',
    },
  } as const satisfies OptionSpecs;
}

export function outputCheck(plain: readonly string[]): (argv: { readonly output?: string }) => string | undefined {
  return (argv) => outputUsageError(argv.output, plain);
}

export const WATCH_OPTIONS = {
  watch: { type: 'boolean', alias: 'w', default: false, describe: 'After the current state, print every change until interrupted' },
  'watch-only': { type: 'boolean', default: false, describe: 'Print only the changes, not the current state' },
} as const satisfies OptionSpecs;

export const SORT_OPTION = {
  'sort-by': { type: 'string', describe: 'Sort by the value of a JSONPath expression, e.g. .metadata.creationTimestamp' },
} as const satisfies OptionSpecs;
