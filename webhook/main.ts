// workspace-webhook: the mutating admission webhook that keeps gitpod/failedBeforeStopping with gitpod/explicitFail.
import { hideBin } from 'yargs/helpers';
import { buildCli, UsageError } from './cli/app.js';

// No top-level await: the bundle is CommonJS so it runs wherever it is copied.
buildCli(hideBin(process.argv)).parseAsync().catch((error: unknown) => {
  const usage = error instanceof UsageError;
  process.stderr.write(`error: ${(error as Error).message}\n${usage ? "Run 'workspace-webhook --help' for usage.\n" : ''}`);
  process.exit(usage ? 2 : 1);
});
