// The workspace-webhook program around its commands: name, strict parsing, help, and usage errors.
import yargs, { type Argv, type CommandModule } from 'yargs';
import { UsageError } from './usage.js';

// Each command has its own argument type; yargs checks them when it parses.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of commands whose argument types differ
export type AnyCommand = CommandModule<object, any>;

/** The command named on the command line: the first argument that is not a flag (the top level has no flags with values). */
export function commandName(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

export function configureCli(argv: readonly string[], commands: readonly AnyCommand[]): Argv {
  const cli = yargs([...argv])
    .scriptName('workspace-webhook')
    .demandCommand(1, 'name a command: serve, certgen or registration')
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .fail((message, error) => {
      if (error === undefined || error === null) throw new UsageError(message);
      // yargs' own parse errors (a flag without its value…) come as a YError: usage errors too. A
      // command's checks throw UsageError; matched by name, as a lazily loaded module may hold its own copy of the class.
      if (error.name === 'YError' || error.name === 'UsageError')
        throw error instanceof UsageError ? error : new UsageError(error.message, { cause: error });
      throw error;
    });
  for (const command of commands) cli.command(command);
  return cli;
}
