// The kubectl connection flags and the option vocabulary shared by the commands, defined once.
import type { Argv, Options } from 'yargs';
import type { ConnectOptions } from '../shared/kube/connect.js';
import { DryRun } from '../shared/kube/workspaces.js';

/** Flags every command accepts, as kubectl spells them. */
export const CONNECTION_FLAGS = {
  kubeconfig: { type: 'string', describe: 'Path to the kubeconfig file to use', global: true },
  context: { type: 'string', describe: 'The name of the kubeconfig context to use', global: true },
  namespace: { type: 'string', alias: 'n', describe: 'The namespace of the workspace', global: true },
  'request-timeout': {
    type: 'string',
    describe: 'How long to wait for a single server request ("0" waits forever; 5s, 1m)',
    default: '0',
    global: true,
  },
} as const satisfies Record<string, Options>;

export const OutputFormat = { wide: 'wide', json: 'json', yaml: 'yaml', name: 'name' } as const;
export type OutputFormat = (typeof OutputFormat)[keyof typeof OutputFormat];

/** Every option a command may define; yargs fills what the command declared. */
export interface CommandArgs {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  readonly 'request-timeout'?: string;
  readonly output?: OutputFormat;
  readonly 'dry-run'?: DryRun;
  readonly force?: boolean;
  readonly 'show-secrets'?: boolean;
  readonly 'show-large'?: boolean;
  readonly 'all-namespaces'?: boolean;
  readonly selector?: string;
  readonly [key: string]: unknown;
}

export function connectOptions(argv: CommandArgs): ConnectOptions {
  return {
    kubeconfig: argv.kubeconfig,
    context: argv.context,
    namespace: argv.namespace,
    requestTimeout: argv['request-timeout'],
  };
}

export function withOutput<T>(y: Argv<T>, choices: readonly OutputFormat[]): Argv<T> {
  return y.option('output', { type: 'string', alias: 'o', choices, describe: 'Output format' });
}

export function withSecrets<T>(y: Argv<T>): Argv<T> {
  return y
    .option('show-secrets', { type: 'boolean', default: false, describe: 'Print secret annotations (gitpod/ownerToken) instead of <redacted>' })
    .option('show-large', { type: 'boolean', default: false, describe: 'Print large base64 annotations whole instead of a size summary' });
}

/** Options of every command that writes. */
export function withWrite<T>(y: Argv<T>): Argv<T> {
  return withSecrets(withOutput(y, [OutputFormat.json, OutputFormat.yaml, OutputFormat.name]))
    .option('dry-run', {
      type: 'string',
      choices: Object.values(DryRun),
      default: DryRun.none,
      describe: 'server: the API server runs admission without persisting; client: print the result, send nothing',
    })
    .option('force', { type: 'boolean', default: false, describe: 'Allow unknown gitpod/* names and changing gitpod/id' });
}

export function withWorkspaceId<T>(y: Argv<T>): Argv<T> {
  return y.positional('id', { type: 'string', describe: 'Workspace id (the workspaceID label of its pod)', demandOption: true });
}
