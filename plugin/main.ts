// Entry point of `kubectl-workspace` (kubectl runs it for `kubectl workspace …`).
import { hideBin } from 'yargs/helpers';
import { buildCli } from './cli.js';
import type { CommandIo } from './command.js';
import { exitCodeOf, formatError } from './errors.js';

const io: CommandIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => Date.now() };

try {
  await buildCli(io).parseAsync(hideBin(process.argv));
} catch (err) {
  io.stderr.write(formatError(err));
  process.exitCode = exitCodeOf(err);
}
