// The command list of workspace-webhook; main.ts runs it, tests parse arguments with it in-process.
import yargs, { type Argv } from 'yargs';
import { certgenCommand } from './certgen.js';
import { registrationCommand } from './registration.js';
import { serveCommand } from './serve.js';

import { UsageError } from './usage.js';

export { UsageError };

export function buildCli(argv: readonly string[]): Argv {
  return yargs([...argv])
    .scriptName('workspace-webhook')
    .command(serveCommand)
    .command(certgenCommand)
    .command(registrationCommand)
    .demandCommand(1, 'name a command: serve, certgen or registration')
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
}
