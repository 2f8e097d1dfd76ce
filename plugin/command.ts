// What a command is (a declarative definition, the single source for yargs and the fast parser) and how it runs.
import type { Writable } from 'node:stream';
import type { Connected } from '../shared/kube/connect.js';
import type { WriteOutcome } from './events.js';
import { connectOptions, type CommandArgs } from './flags.js';

/** Streams and environment a command writes to; tests pass their own. */
export interface CommandIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Epoch milliseconds, for ages and `--stopping-since now`. */
  readonly now: () => number;
}

export interface CommandContext {
  readonly io: CommandIo;
  /** Opens the connection chosen by the kubectl flags (once per command). */
  readonly connect: () => Promise<Connected>;
}

/** One flag, in the vocabulary yargs understands (`type`, `alias`, `choices`, `default`, `describe`). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly describe: string;
  readonly alias?: string;
  readonly choices?: readonly string[];
  readonly default?: string | boolean;
}

/** A positional argument; its order and arity come from the command string (`<required>`, `[optional]`, `name..`). */
export interface PositionalSpec {
  readonly describe: string;
  readonly choices?: readonly string[];
  readonly demandOption?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** What a command does once its arguments are parsed; loaded only when that command runs. */
export interface CommandImplementation {
  /** A write returns what it changed; runCommand records its Event. */
  readonly run: (argv: CommandArgs, ctx: CommandContext) => Promise<void | WriteOutcome>;
}

/** One command (or group of subcommands) as data. */
export interface CommandSpec {
  /** yargs syntax: `name <required> [optional] <variadic..>`, or `name <command>` for a group. */
  readonly command: string;
  readonly describe: string;
  readonly positionals?: Readonly<Record<string, PositionalSpec>>;
  readonly options?: OptionSpecs;
  readonly examples?: readonly (readonly [command: string, description: string])[];
  /** The usage error of parsed arguments that types and choices alone cannot rule out, else undefined. */
  readonly check?: (argv: CommandArgs) => string | undefined;
  readonly load?: () => Promise<CommandImplementation>;
  readonly subcommands?: readonly CommandSpec[];
}

export interface PositionalSlot {
  readonly name: string;
  readonly required: boolean;
  readonly variadic: boolean;
}

/** The command's name and its positional slots, read from the command string. */
export function commandShape(spec: CommandSpec): { readonly name: string; readonly positionals: readonly PositionalSlot[] } {
  const [name = '', ...rest] = spec.command.split(' ');
  const positionals = rest.map((p) => {
    const bare = p.slice(1, -1);
    const variadic = bare.endsWith('..');
    return { name: variadic ? bare.slice(0, -2) : bare, required: p.startsWith('<'), variadic };
  });
  return { name, positionals: spec.subcommands === undefined ? positionals : [] };
}

/** Runs a command with a connection opened on demand and closed afterwards. */
export async function runCommand(spec: CommandSpec, argv: CommandArgs, io: CommandIo): Promise<void> {
  if (spec.load === undefined) return;
  const impl = await spec.load();
  let opened: Promise<Connected> | undefined;
  const ctx: CommandContext = {
    io,
    // Loaded on first use: `version --client` never pays for kubeconfig parsing.
    connect: () => (opened ??= import('../shared/kube/connect.js').then((m) => m.connect(connectOptions(argv), io.env))),
  };
  try {
    const outcome = await impl.run(argv, ctx);
    // Every write command passes here: its Event is recorded once, after the write succeeded.
    if (outcome !== undefined && outcome.written && opened !== undefined) {
      const { recordWriteEvent } = await import('./events.js');
      await recordWriteEvent((await opened).client, commandShape(spec).name, outcome, io.now(), io.stderr);
    }
  } finally {
    if (opened !== undefined) (await opened.catch(() => undefined))?.client.close();
  }
}
