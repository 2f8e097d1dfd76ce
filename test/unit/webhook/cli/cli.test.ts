import assert from 'node:assert/strict';
import { buildCli, UsageError } from '../../../../webhook/cli/app.js';
import { loadCli } from '../../../../webhook/cli/lazy.js';
import { commandName } from '../../../../webhook/cli/program.js';
import { serveArgumentProblems } from '../../../../webhook/cli/serve.js';

describe('buildCli', () => {
  const usage: ReadonlyArray<readonly [string, readonly string[], RegExp]> = [
    ['no command', [], /name a command: serve, certgen or registration/],
    ['an unknown command', ['bogus'], /Unknown argument: bogus/],
    ['serve without --cert and --key', ['serve'], /Missing required arguments: cert, key/],
    ['certgen without a destination', ['certgen', '--host', '127.0.0.1'], /pass --secret-name, --out-dir or both/],
    ['certgen without any name', ['certgen', '--out-dir', '/tmp/x'], /pass --service \(with --namespace\) or at least one --host/],
    [
      'certgen --service without --namespace',
      ['certgen', '--service', 'wh', '--out-dir', '/tmp/x'],
      /--secret-name and --service need --namespace/,
    ],
    ['registration without a target', ['registration'], /pass --url or --service/],
    [
      'registration with both --url and --service',
      ['registration', '--url', 'https://x/mutate', '--service', 'wh', '--namespace', 'n'],
      /mutually exclusive/,
    ],
    ['an unknown failure policy', ['registration', '--url', 'https://x/mutate', '--failure-policy', 'Sometimes'], /Invalid values/],
  ];
  for (const [name, argv, message] of usage) {
    it(`should reject ${name} as a usage error`, async () => {
      await assert.rejects(
        async () => buildCli(argv).parseAsync(),
        (error: unknown) => {
          assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

describe('serveArgumentProblems', () => {
  const valid: Parameters<typeof serveArgumentProblems>[0] = {
    port: 8443,
    'metrics-port': undefined,
    'tls-reload-interval': 10,
    'shutdown-delay': 0,
    'shutdown-timeout': 25,
  };
  const cases: ReadonlyArray<readonly [string, Partial<typeof valid>, readonly string[]]> = [
    ['the defaults', {}, []],
    ['port 0 (a free port) and a metrics port', { port: 0, 'metrics-port': 9090 }, []],
    ['a port that is not a number', { port: Number.NaN }, ['--port must be a port number from 0 to 65535 (0 picks a free one), got NaN']],
    ['a port above 65535', { port: 65536 }, ['--port must be a port number from 0 to 65535 (0 picks a free one), got 65536']],
    [
      'a fractional metrics port',
      { 'metrics-port': 90.5 },
      ['--metrics-port must be a port number from 0 to 65535 (0 picks a free one), got 90.5'],
    ],
    [
      'a reload interval of 0 (a busy loop)',
      { 'tls-reload-interval': 0 },
      ['--tls-reload-interval must be a number of seconds from 0.001 to 2147483, got 0'],
    ],
    ['a negative shutdown delay', { 'shutdown-delay': -1 }, ['--shutdown-delay must be a number of seconds from 0 to 2147483, got -1']],
    [
      "a shutdown timeout past Node's longest timer",
      { 'shutdown-timeout': 3e6 },
      ['--shutdown-timeout must be a number of seconds from 0 to 2147483, got 3000000'],
    ],
  ];
  for (const [name, change, expected] of cases) {
    it(`should report ${expected.length === 0 ? 'nothing' : 'one problem'} for ${name}`, () => {
      assert.deepEqual(serveArgumentProblems({ ...valid, ...change }), expected);
    });
  }
});

describe('loadCli', () => {
  before(async function () {
    // The first load of certgen's module (and the Kubernetes client under it) can take seconds on a busy machine.
    this.timeout(120_000);
    await loadCli([]);
  });

  it('should name the command: the first argument that is not a flag', () => {
    assert.equal(commandName(['--help']), undefined);
    assert.equal(commandName(['serve', '--port', '1']), 'serve');
    assert.equal(commandName(['-h', 'certgen']), 'certgen');
  });

  // yargs keeps the registered commands behind its internal methods.
  type WithCommands = { getInternalMethods(): { getCommandInstance(): { getCommands(): string[] } } };
  const commandsOf = async (argv: readonly string[]) =>
    ((await loadCli(argv)) as unknown as WithCommands).getInternalMethods().getCommandInstance().getCommands();

  it('should load every command for the top-level help and for an unknown name, and only serve for serve', async () => {
    for (const argv of [[], ['bogus']]) assert.deepEqual([...(await commandsOf(argv))].sort(), ['certgen', 'registration', 'serve']);
    assert.deepEqual(await commandsOf(['serve']), ['serve']);
  });

  it("should report a lazily loaded command's own check as a UsageError", async () => {
    await assert.rejects(
      async () => (await loadCli(['registration'])).parseAsync(),
      (error: unknown) => error instanceof UsageError && /pass --url or --service/.test(error.message),
    );
  });
});
