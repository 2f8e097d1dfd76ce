// The yargs program, generated from the command definitions: help, strict parsing and usage errors (exit 2).
// main.ts loads it only when the fast parser cannot decide alone.
import yargs, { type Argv, type CommandModule, type Options } from 'yargs';
import { redactUsageMessage, unescapeValues } from './argv.js';
import type { OptionSpecs } from './command-spec.js';
import type { CommandArgs, CommandIo, CommandSpec } from './command.js';
import { commandShape, runCommand } from './command.js';
import { COMMANDS } from './commands/index.js';
import { UsageError } from './errors.js';
import { CONNECTION_FLAGS } from './flags.js';

/** Runs a parsed command; tests replace it to check parsing without touching a cluster. */
export type Dispatch = (spec: CommandSpec, argv: CommandArgs) => Promise<void>;

/** A string flag given twice takes its last value, as kubectl's flags do, where yargs would hand the command an array. */
function lastValue(value: unknown): unknown {
  return Array.isArray(value) ? value.at(-1) : value;
}

function yargsOptions(options: OptionSpecs, extra: Options = {}): Record<string, Options> {
  return Object.fromEntries(
    Object.entries(options).map(([name, o]) => [
      name,
      {
        ...o,
        ...(o.choices === undefined ? {} : { choices: [...o.choices] }),
        ...(o.type === 'string' ? { coerce: lastValue } : {}),
        ...extra,
      },
    ]),
  );
}

/** yargs' argv as a command reads it: built from the spec's own flags and positionals, the escapes removed. */
function commandArgs(argv: Readonly<Record<string, unknown>>): CommandArgs {
  return unescapeValues(argv) as CommandArgs;
}

function build(spec: CommandSpec, y: Argv): Argv {
  let b = y.options(yargsOptions(spec.options ?? {}));
  for (const slot of commandShape(spec).positionals) {
    const p = spec.positionals?.[slot.name];
    b = b.positional(slot.name, {
      type: 'string',
      describe: p?.describe,
      ...(p?.choices === undefined ? {} : { choices: [...p.choices] }),
      ...(p?.demandOption === true ? { demandOption: true } : {}),
      ...(slot.variadic ? { array: true } : {}),
    });
  }
  for (const [command, description] of spec.examples ?? []) b = b.example(command, description);
  const check = spec.check;
  if (check === undefined) return b;
  return b.check((argv) => {
    const message = check(commandArgs(argv));
    if (message !== undefined) throw new UsageError(message);
    return true;
  });
}

function toModule(spec: CommandSpec, dispatch: Dispatch): CommandModule {
  const subcommands = spec.subcommands;
  return {
    command: spec.command,
    describe: spec.describe,
    builder: (y: Argv) => {
      if (subcommands === undefined) return build(spec, y);
      return subcommands.reduce((acc, sub) => acc.command(toModule(sub, dispatch)), y).demandCommand(1, 'choose a subcommand');
    },
    handler: (argv) => (spec.load === undefined ? undefined : dispatch(spec, commandArgs(argv))),
  };
}

/** The command named by the path of command words yargs had entered, e.g. ['plis', 'patch']. */
function specAt(path: readonly string[]): CommandSpec | undefined {
  let level: readonly CommandSpec[] | undefined = COMMANDS;
  let spec: CommandSpec | undefined;
  for (const word of path) {
    spec = level?.find((c) => commandShape(c).name === word);
    level = spec?.subcommands;
  }
  return spec;
}

function stringFlags(specs: readonly CommandSpec[]): Set<string> {
  const names = new Set<string>();
  const add = (options: OptionSpecs): void => {
    for (const [name, o] of Object.entries(options)) {
      if (o.type !== 'string') continue;
      names.add(`--${name}`);
      if (o.alias !== undefined) names.add(`-${o.alias}`);
    }
  };
  add(CONNECTION_FLAGS);
  const visit = (list: readonly CommandSpec[]): void => list.forEach((c) => (add(c.options ?? {}), visit(c.subcommands ?? [])));
  visit(specs);
  return names;
}

/** The command words of a command line, e.g. ['plis', 'patch'] (flag values skipped). */
export function commandPath(args: readonly string[]): string[] {
  const takesValue = stringFlags(COMMANDS);
  const path: string[] = [];
  let level: readonly CommandSpec[] | undefined = COMMANDS;
  for (let i = 0; i < args.length && level !== undefined; i++) {
    const token = args[i] ?? '';
    if (token.startsWith('-')) {
      if (takesValue.has(token)) i++;
      continue;
    }
    const spec: CommandSpec | undefined = level.find((c) => commandShape(c).name === token);
    if (spec === undefined) break;
    path.push(token);
    level = spec.subcommands;
  }
  return path;
}

const NOT_ENOUGH = /^Not enough non-option arguments: got (\d+), need at least \d+$/;

/**
 * yargs' count of positionals, said as the argument that is missing:
 * `missing <reason>: usage: kubectl workspace fail <id> <reason>; …`.
 */
export function missingArgumentMessage(message: string, path: readonly string[]): string {
  const got = NOT_ENOUGH.exec(message)?.[1];
  const spec = specAt(path);
  if (got === undefined || spec === undefined) return message;
  const usage = ['kubectl workspace', ...path.slice(0, -1), spec.command].join(' ');
  if (spec.subcommands !== undefined) {
    return `missing <command>: usage: ${usage}; <command> is one of ${spec.subcommands.map((c) => commandShape(c).name).join(', ')}`;
  }
  const slot = commandShape(spec).positionals.filter((p) => p.required)[Number(got)];
  if (slot === undefined) return message;
  const what = spec.positionals?.[slot.name]?.describe;
  return `missing <${slot.name}>: usage: ${usage}${what === undefined ? '' : `; <${slot.name}>: ${what}`}`;
}

export function buildCli(io: CommandIo, dispatch: Dispatch = (spec, argv) => runCommand(spec, argv, io)): Argv {
  const cli = yargs()
    .scriptName('kubectl workspace')
    .usage('$0 <command> [flags]\n\nRead and write the lifecycle state of workspace pods safely.')
    .options(yargsOptions(CONNECTION_FLAGS, { global: true }))
    .command(COMMANDS.map((spec) => toModule(spec, dispatch)))
    .demandCommand(1, 'choose a command')
    .recommendCommands()
    .strict()
    .help('help')
    .alias('help', 'h')
    .version(false)
    .wrap(process.stdout.isTTY === true ? Math.min(120, process.stdout.columns) : null)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err !== undefined && err !== null && err.name !== 'YError' && !(err instanceof UsageError)) throw err;
      throw err instanceof UsageError ? err : new UsageError(msg ?? err?.message ?? 'invalid command line');
    });
  return cli;
}

/** Parses arguments prepared by prepareArgs and runs the command; usage errors never quote a value typed after "=" or ":". */
export async function runCli(io: CommandIo, args: readonly string[], dispatch?: Dispatch): Promise<void> {
  try {
    await buildCli(io, dispatch).parseAsync([...args]);
  } catch (err) {
    if (err instanceof UsageError) {
      const message = missingArgumentMessage(err.message, commandPath(args));
      throw new UsageError(redactUsageMessage(message, args), { cause: err });
    }
    throw err;
  }
}
