// What completion knows about the command line: commands and positionals come from the command modules,
// flags and their values from this table (kept in step with the yargs builders by a unit test).
import { ANNOTATION_CATALOGUE } from '../../shared/annotations.js';
import { DryRun } from '../../shared/kube/workspaces.js';
import { ADMISSION_CHOICES } from '../commands/admission.js';
import { COMMANDS } from '../commands/index.js';
import type { CommandSpec } from '../command.js';
import { OutputFormat } from '../flags.js';

/** cobra's ShellCompDirective bits, which kubectl passes through to the shell script. */
export const Directive = {
  default: 0,
  error: 1,
  noSpace: 2,
  noFileComp: 4,
  filterFileExt: 8,
  filterDirs: 16,
  keepOrder: 32,
} as const;
export type Directive = (typeof Directive)[keyof typeof Directive];

/** How a flag's value is completed: fixed words, a lookup, or not at all. */
export type ValueSource = readonly string[] | 'namespaces' | 'contexts' | 'workspaceIds' | 'files' | 'none';

export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly describe: string;
  /** Absent for boolean flags. */
  readonly value?: ValueSource;
}

export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'kubeconfig', describe: 'Path to the kubeconfig file', value: 'files' },
  { name: 'context', describe: 'Kubeconfig context', value: 'contexts' },
  { name: 'namespace', short: 'n', describe: 'Namespace', value: 'namespaces' },
  { name: 'request-timeout', describe: 'Per-request timeout', value: 'none' },
  { name: 'help', short: 'h', describe: 'Show help' },
];

const secrets: readonly FlagSpec[] = [
  { name: 'show-secrets', describe: 'Print secret annotations' },
  { name: 'show-large', describe: 'Print large annotations whole' },
];
const output = (choices: readonly string[]): FlagSpec => ({ name: 'output', short: 'o', describe: 'Output format', value: choices });
const write: readonly FlagSpec[] = [
  output([OutputFormat.json, OutputFormat.yaml, OutputFormat.name]),
  ...secrets,
  { name: 'dry-run', describe: 'none, client or server', value: Object.values(DryRun) },
  { name: 'force', describe: 'Allow unknown gitpod/* names' },
];

/** Flags of each command path ("plis patch" for subcommands). */
export const COMMAND_FLAGS: Readonly<Record<string, readonly FlagSpec[]>> = {
  list: [
    output(Object.values(OutputFormat)),
    ...secrets,
    { name: 'all-namespaces', short: 'A', describe: 'All namespaces' },
    { name: 'selector', short: 'l', describe: 'Extra label selector', value: 'none' },
  ],
  get: [output([OutputFormat.json, OutputFormat.yaml]), ...secrets],
  mark: write,
  fail: write,
  timeout: [...write, { name: 'clear', describe: 'Delete the custom timeout' }],
  close: write,
  reopen: write,
  'time-out': write,
  ready: write,
  admission: write,
  'plis get': [output([OutputFormat.json, OutputFormat.yaml]), ...secrets],
  'plis patch': [
    ...write,
    { name: 'final-backup-complete', describe: 'The final backup finished' },
    { name: 'final-backup-failure', describe: 'Final backup failure message', value: 'none' },
    { name: 'stopping-since', describe: '"now" or an RFC 3339 time', value: ['now'] },
    { name: 'host-ip', describe: 'Node IP', value: 'none' },
  ],
  plis: [],
  doctor: [{ name: 'workspace', describe: 'Workspace id to probe', value: 'workspaceIds' }],
  version: [output([OutputFormat.json, OutputFormat.yaml]), { name: 'client', describe: 'Client version only' }],
};

/** Values of a positional argument, by its name in the command string. */
export function positionalValues(name: string): ValueSource {
  if (name === 'id') return 'workspaceIds';
  if (name === 'level') return Object.keys(ADMISSION_CHOICES);
  if (name === 'marks') return ANNOTATION_CATALOGUE.map((a) => `${a.name}=`);
  return 'none';
}

export interface CommandShape {
  readonly path: string;
  readonly name: string;
  readonly describe: string;
  readonly positionals: readonly { readonly name: string; readonly variadic: boolean }[];
  readonly subcommands: readonly CommandShape[];
}

function shapeOf(spec: CommandSpec, parent: string): CommandShape {
  const [name = '', ...rest] = spec.command.split(' ');
  const path = parent === '' ? name : `${parent} ${name}`;
  const positionals = rest
    .filter((p) => p !== '<command>')
    .map((p) => p.replace(/[<>[\]]/g, ''))
    .map((p) => ({ name: p.replace(/\.\.$/, ''), variadic: p.endsWith('..') }));
  return { path, name, describe: spec.describe, positionals, subcommands: (spec.subcommands ?? []).map((s) => shapeOf(s, path)) };
}

export const COMMAND_SHAPES: readonly CommandShape[] = COMMANDS.map((c) => shapeOf(c, ''));
