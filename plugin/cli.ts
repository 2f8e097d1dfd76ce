// The yargs program, generated from the command definitions: help, strict parsing and usage errors (exit 2).
// main.ts loads it only when the fast parser cannot decide alone.
import yargs, { type Argv, type CommandModule, type Options } from 'yargs';
import type { CommandIo, CommandSpec, OptionSpecs } from './command.js';
import { commandShape, runCommand } from './command.js';
import { COMMANDS } from './commands/index.js';
import { UsageError } from './errors.js';
import { CONNECTION_FLAGS, type CommandArgs } from './flags.js';

/** Runs a parsed command; tests replace it to check parsing without touching a cluster. */
export type Dispatch = (spec: CommandSpec, argv: CommandArgs) => Promise<void>;

function yargsOptions(options: OptionSpecs, extra: Options = {}): Record<string, Options> {
  return Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { ...o, ...(o.choices === undefined ? {} : { choices: [...o.choices] }), ...extra }]));
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
    const message = check(argv as CommandArgs);
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
    handler: (argv) => (spec.load === undefined ? undefined : dispatch(spec, argv as CommandArgs)),
  };
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
