// The yargs program: connection flags once, one module per command, strict parsing, usage errors → exit 2.
import yargs, { type Argv, type CommandModule } from 'yargs';
import type { CommandIo, CommandSpec } from './command.js';
import { runCommand } from './command.js';
import { COMMANDS } from './commands/index.js';
import { UsageError } from './errors.js';
import { CONNECTION_FLAGS, type CommandArgs } from './flags.js';

/** Runs a parsed command; tests replace it to check parsing without touching a cluster. */
export type Dispatch = (spec: CommandSpec, argv: CommandArgs) => Promise<void>;

function toModule(spec: CommandSpec, dispatch: Dispatch): CommandModule {
  const subcommands = spec.subcommands;
  return {
    command: spec.command,
    describe: spec.describe,
    builder: (y: Argv) => {
      if (subcommands === undefined) return spec.builder?.(y) ?? y;
      return subcommands.reduce((acc, sub) => acc.command(toModule(sub, dispatch)), y).demandCommand(1, 'choose a subcommand');
    },
    handler: (argv) => (spec.run === undefined ? undefined : dispatch(spec, argv as CommandArgs)),
  };
}

export function buildCli(io: CommandIo, dispatch: Dispatch = (spec, argv) => runCommand(spec, argv, io)): Argv {
  const cli = yargs()
    .scriptName('kubectl workspace')
    .usage('$0 <command> [flags]\n\nRead and write the lifecycle state of workspace pods safely.')
    .options(CONNECTION_FLAGS)
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
