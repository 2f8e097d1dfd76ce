// Entry point of `kubectl-workspace` (kubectl runs it for `kubectl workspace …`).
// Valid command lines are parsed by the small fast parser; yargs is loaded only for help and usage errors.
import { runCommand, type CommandIo } from './command.js';
import { COMMANDS } from './commands/index.js';
import { exitCodeOf, formatError } from './errors.js';
import { fastParse } from './fast-parse.js';
import { CONNECTION_FLAGS } from './flags.js';

const io: CommandIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => Date.now() };
const args = process.argv.slice(2);

async function main(): Promise<void> {
  try {
    const parsed = fastParse(COMMANDS, CONNECTION_FLAGS, args);
    if (parsed !== undefined) await runCommand(parsed.spec, parsed.argv, io);
    else await (await import('./cli.js')).buildCli(io).parseAsync(args);
  } catch (err) {
    io.stderr.write(formatError(err));
    process.exitCode = exitCodeOf(err);
  }
}

// No top-level await: the bundle is CommonJS so it runs wherever it is copied.
void main();
