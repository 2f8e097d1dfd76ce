// What a command is once bound to its implementation (the single source for yargs and the fast parser) and how it runs.
import type { Connected } from '../shared/kube/connect.js';
import type {
  CommandDefinition,
  DefinedArgs,
  OptionArgs,
  OptionSpecs,
  PositionalArgs,
  PositionalName,
  PositionalSpec,
} from './command-spec.js';
import type { WriteOutcome } from './events.js';
import { connectOptions, type ConnectionArgs } from './flags.js';
import type { TextSink } from './stdio.js';

/** Streams and environment a command writes to; tests pass their own. */
export interface CommandIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Epoch milliseconds, for ages and `--stopping-since now`. */
  readonly now: () => number;
}

export interface CommandContext {
  readonly io: CommandIo;
  /** Opens the connection chosen by the kubectl flags (once per command). */
  readonly connect: () => Promise<Connected>;
}

/** Arguments as a parser hands them over, before a command's definition gives them their types. */
export type CommandArgs = ConnectionArgs & Readonly<Record<string, unknown>>;

/** What a command receives: its connection flags and the arguments its definition declares. */
export type ArgsOf<D> = ConnectionArgs & DefinedArgs<D>;

/** What a command does once its arguments are parsed; loaded only when that command runs. */
export interface CommandImplementation<A = CommandArgs> {
  /** A write returns what it changed; runCommand records its Event. */
  readonly run: (argv: A, ctx: CommandContext) => Promise<void | WriteOutcome>;
}

/** The implementation of the command `D` defines. */
export type Implementation<D> = CommandImplementation<ArgsOf<D>>;

/** One command (or group of subcommands) as the parsers read it: its definition with the types erased. */
export interface CommandSpec {
  /** yargs syntax: `name <required> [optional] <variadic..>`, or `name <command>` for a group. */
  readonly command: string;
  readonly describe: string;
  readonly positionals?: Readonly<Partial<Record<string, PositionalSpec>>>;
  readonly options?: OptionSpecs;
  readonly examples?: readonly (readonly [command: string, description: string])[];
  /** The usage error of parsed arguments that types and choices alone cannot rule out, else undefined. */
  readonly check?: (argv: CommandArgs) => string | undefined;
  readonly load?: () => Promise<CommandImplementation>;
  readonly subcommands?: readonly CommandSpec[];
}

/**
 * A definition bound to the implementation loaded when it runs. Its types are erased here, in one place: both parsers
 * build argv from this very definition (flags with their types and defaults, positionals by the command string), so
 * the arguments `check` and `run` receive have the types the definition implies.
 */
export function bindCommand<S extends string, Os extends OptionSpecs, P extends Partial<Record<PositionalName<S>, PositionalSpec>>>(
  definition: CommandDefinition<S, Os, P>,
  load: () => Promise<CommandImplementation<ConnectionArgs & OptionArgs<Os> & PositionalArgs<S, P>>>,
): CommandSpec {
  type Args = ConnectionArgs & OptionArgs<Os> & PositionalArgs<S, P>;
  const typed = (argv: CommandArgs): Args => argv as unknown as Args;
  const { check, ...data } = definition;
  return {
    ...data,
    ...(check === undefined ? {} : { check: (argv: CommandArgs) => check(typed(argv)) }),
    load: async () => {
      const impl = await load();
      return { run: (argv, ctx) => impl.run(typed(argv), ctx) };
    },
  };
}

/** A group of subcommands (`plis <command>`). */
export function commandGroup(command: `${string} <command>`, describe: string, subcommands: readonly CommandSpec[]): CommandSpec {
  return { command, describe, subcommands };
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
