// Entry point of `kubectl-workspace` (kubectl runs it for `kubectl workspace …`).
// Valid command lines are parsed by the small fast parser; yargs is loaded only for help and usage errors.
import { klogWarning, prepareArgs } from './argv.js';
import { commandShape, runCommand, type CommandIo, type CommandSpec } from './command.js';
import { COMMANDS } from './commands/index.js';
import { exitCodeOf, formatError } from './errors.js';
import { fastParse } from './fast-parse.js';
import { CONNECTION_FLAGS } from './flags.js';
import { fdSink, OutputClosedError } from './stdio.js';

let ran: string | undefined;

/** The command this start runs (its top-level name), once the fast parser accepted its arguments; read by the launcher's code cache. */
export function ranCommand(): string | undefined {
  return ran;
}

function topLevelName(spec: CommandSpec): string | undefined {
  const top = COMMANDS.find((c) => c === spec || c.subcommands?.includes(spec) === true);
  return top === undefined ? undefined : commandShape(top).name;
}

const io: CommandIo = { stdout: fdSink(1), stderr: fdSink(2), env: process.env, now: () => Date.now() };

async function main(): Promise<void> {
  try {
    const { args, warnings } = prepareArgs(process.argv.slice(2));
    for (const w of warnings) io.stderr.write(klogWarning(w, new Date(io.now()), process.pid));
    const parsed = fastParse(COMMANDS, CONNECTION_FLAGS, args);
    if (parsed !== undefined) {
      ran = topLevelName(parsed.spec);
      await runCommand(parsed.spec, parsed.argv, io);
    } else await (await import('./cli.js')).runCli(io, args);
  } catch (err) {
    if (err instanceof OutputClosedError) {
      process.exitCode = OutputClosedError.EXIT_CODE;
      return;
    }
    process.exitCode = exitCodeOf(err);
    try {
      io.stderr.write(formatError(err));
    } catch (writeErr) {
      if (!(writeErr instanceof OutputClosedError)) throw writeErr;
    }
  }
}

// No top-level await: the bundle is CommonJS so it runs wherever it is copied.
void main();
