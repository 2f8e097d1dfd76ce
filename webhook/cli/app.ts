// The command list of workspace-webhook, every command loaded; tests parse arguments with it in-process.
// main.ts uses lazy.ts instead, which loads only the command that runs.
import type { Argv } from 'yargs';
import { certgenCommand } from './certgen.js';
import { configureCli } from './program.js';
import { registrationCommand } from './registration.js';
import { serveCommand } from './serve.js';
import { UsageError } from './usage.js';

export { UsageError };

export function buildCli(argv: readonly string[]): Argv {
  return configureCli(argv, [serveCommand, certgenCommand, registrationCommand]);
}
