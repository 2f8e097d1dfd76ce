// workspace-webhook: the mutating admission webhook that keeps gitpod/failedBeforeStopping with gitpod/explicitFail.
import { hideBin } from 'yargs/helpers';
import { loadCli } from './cli/lazy.js';
import { UsageError } from './cli/usage.js';

/** Runs the command line; a usage error exits 2 with one `error:` line and a hint, any other failure exits 1. */
async function main(argv: readonly string[]): Promise<void> {
  // yargs reports some usage errors by throwing synchronously from parseAsync: inside this async
  // function both kinds end up in the same rejection.
  await (await loadCli(argv)).parseAsync();
}

// No top-level await: the bundle is CommonJS so it runs wherever it is copied.
main(hideBin(process.argv)).catch((error: unknown) => {
  const usage = error instanceof UsageError;
  const text = error instanceof Error ? error.message : String(error);
  // yargs writes some messages over several lines ("Invalid values:\n  Argument: …"): one line each.
  const message = usage ? text.replace(/\s*\n\s*/g, ' ') : text;
  process.stderr.write(`error: ${message}\n${usage ? "Run 'workspace-webhook --help' for usage.\n" : ''}`);
  process.exit(usage ? 2 : 1);
});
