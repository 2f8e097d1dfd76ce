// The command list of workspace-webhook; main.ts runs it, tests parse arguments with it in-process.
//
// Each command's module is loaded only when that command runs (or for the full help): `serve`
// must not load certgen's Kubernetes client, whose dependencies use Node's deprecated punycode.
import yargs, { type Argv, type CommandModule } from 'yargs';
import { UsageError } from './usage.js';

export { UsageError };

// Each command has its own argument type; yargs checks them when it parses.
type AnyCommand = CommandModule<object, any>;

const commands: Readonly<Record<string, () => Promise<AnyCommand>>> = {
  serve: async () => (await import('./serve.js')).serveCommand,
  certgen: async () => (await import('./certgen.js')).certgenCommand,
  registration: async () => (await import('./registration.js')).registrationCommand,
};

/** The command named on the command line: the first argument that is not a flag (the top level has no flags with values). */
export function commandName(argv: readonly string[]): string | undefined {
  return argv.find((a) => !a.startsWith('-'));
}

export async function buildCli(argv: readonly string[]): Promise<Argv> {
  const named = commandName(argv);
  const loaders = named !== undefined && Object.hasOwn(commands, named) ? [commands[named] as () => Promise<AnyCommand>] : Object.values(commands);
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
      if (error.name === 'YError' || error.name === 'UsageError') throw error instanceof UsageError ? error : new UsageError(error.message, { cause: error });
      throw error;
    });
  for (const command of await Promise.all(loaders.map((load) => load()))) cli.command(command);
  return cli;
}
