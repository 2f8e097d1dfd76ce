import assert from 'node:assert/strict';
import { buildCli, UsageError } from '../../../webhook/cli/app.js';

describe('buildCli', () => {
  const usage: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
    ['no command', [], /name a command: serve, certgen or registration/],
    ['an unknown command', ['bogus'], /Unknown argument: bogus/],
    ['serve without --cert and --key', ['serve'], /Missing required arguments: cert, key/],
    ['certgen without a destination', ['certgen', '--host', '127.0.0.1'], /pass --secret-name, --out-dir or both/],
    ['certgen without any name', ['certgen', '--out-dir', '/tmp/x'], /pass --service \(with --namespace\) or at least one --host/],
    ['certgen --service without --namespace', ['certgen', '--service', 'wh', '--out-dir', '/tmp/x'], /--secret-name and --service need --namespace/],
    ['registration without a target', ['registration'], /pass --url or --service/],
    ['registration with both --url and --service', ['registration', '--url', 'https://x/mutate', '--service', 'wh', '--namespace', 'n'], /mutually exclusive/],
    ['an unknown failure policy', ['registration', '--url', 'https://x/mutate', '--failure-policy', 'Sometimes'], /Invalid values/],
  ];
  for (const [name, argv, message] of usage) {
    it(`should reject ${name} as a usage error`, async () => {
      await assert.rejects(async () => (await buildCli(argv)).parseAsync(), (error: unknown) => {
        assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});
