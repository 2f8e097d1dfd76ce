// The kubectl connection flags and the option vocabulary shared by the commands, defined once as data.
import type { ConnectOptions } from '../shared/kube/connect.js';
import type { DryRun } from '../shared/kube/workspaces.js';
import type { OptionArgs, OptionSpecs, PositionalSpec } from './command-spec.js';

/** Flags every command accepts, as kubectl spells them. */
export const CONNECTION_FLAGS = {
  kubeconfig: { type: 'string', describe: 'Path to the kubeconfig file to use' },
  context: { type: 'string', describe: 'The name of the kubeconfig context to use' },
  namespace: { type: 'string', alias: 'n', describe: 'The namespace of the workspace' },
  'request-timeout': {
    type: 'string',
    describe: 'How long to wait for a single server request ("0" waits forever; 5s, 1m)',
    default: '0',
  },
} as const satisfies OptionSpecs;

/** The connection flags as every command receives them. */
export type ConnectionArgs = OptionArgs<typeof CONNECTION_FLAGS>;

export const OutputFormat = { wide: 'wide', json: 'json', yaml: 'yaml', name: 'name' } as const;
export type OutputFormat = (typeof OutputFormat)[keyof typeof OutputFormat];

// Spelled out rather than imported so the start does not evaluate the workspace module; a unit test keeps them equal.
export const DRY_RUN_CHOICES = ['none', 'client', 'server'] as const satisfies readonly DryRun[];

export function connectOptions(argv: ConnectionArgs): ConnectOptions {
  return {
    kubeconfig: argv.kubeconfig,
    context: argv.context,
    namespace: argv.namespace,
    requestTimeout: argv['request-timeout'],
  };
}

export function outputOption<const C extends readonly OutputFormat[]>(choices: C) {
  return { output: { type: 'string', alias: 'o', choices, describe: 'Output format' } } as const satisfies OptionSpecs;
}

export const SECRET_OPTIONS = {
  'show-secrets': { type: 'boolean', default: false, describe: 'Print secret annotations (gitpod/ownerToken) instead of <redacted>' },
  'show-large': { type: 'boolean', default: false, describe: 'Print large base64 annotations whole instead of a size summary' },
} as const satisfies OptionSpecs;

/** Options of every command that writes. */
export const WRITE_OPTIONS = {
  ...outputOption([OutputFormat.json, OutputFormat.yaml, OutputFormat.name]),
  ...SECRET_OPTIONS,
  'dry-run': {
    type: 'string',
    choices: DRY_RUN_CHOICES,
    default: 'none',
    describe: 'server: the API server runs admission without persisting; client: print the result, send nothing',
  },
  force: { type: 'boolean', default: false, describe: 'Allow unknown gitpod/* names and changing gitpod/id' },
} as const satisfies OptionSpecs;

/** What every writing command reads of its flags (connection flags included). */
export type WriteArgs = ConnectionArgs & OptionArgs<typeof WRITE_OPTIONS>;

export const WORKSPACE_ID = {
  describe: 'Workspace id (the workspaceID label of its pod)',
  demandOption: true,
} as const satisfies PositionalSpec;
