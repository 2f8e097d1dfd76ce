// The built dist/workspace-webhook, run as a user runs it (copied alone out of the repository): usage errors, and a clean start.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DIST, enclosingPackage } from '../../support/dist.js';
import { buildWebhook, webhookBin } from '../../support/webhook-cli.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(webhookBin(), [...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe('dist/workspace-webhook (the built bundle)', function () {
  this.timeout(120_000);
  let certDir: string;

  before(async function () {
    this.timeout(300_000);
    buildWebhook();
    certDir = await mkdtemp(join(tmpdir(), 'webhook-bundle-'));
    const certgen = await run(['certgen', '--host', '127.0.0.1', '--host', 'localhost', '--out-dir', certDir]);
    assert.equal(certgen.code, 0, certgen.stderr);
  });

  after(async () => {
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  it('should run the file of dist/ from a copy with no package.json or node_modules at or above it', () => {
    assert.equal(enclosingPackage(dirname(webhookBin())), undefined);
    assert.deepEqual(readFileSync(webhookBin()), readFileSync(join(DIST, 'workspace-webhook')));
  });

  describe('usage errors', () => {
    const cert = () => ['--cert', join(certDir, 'tls.crt'), '--key', join(certDir, 'tls.key')];
    const cases: ReadonlyArray<{ readonly name: string; readonly args: () => readonly string[]; readonly error: RegExp }> = [
      { name: 'no command', args: () => [], error: /^error: name a command: serve, certgen or registration$/ },
      { name: 'an unknown command', args: () => ['bogus'], error: /^error: Unknown argument: bogus$/ },
      { name: 'an unknown flag', args: () => ['serve', ...cert(), '--bogus'], error: /^error: Unknown arguments?: bogus$/ },
      { name: 'serve without --cert and --key', args: () => ['serve'], error: /^error: Missing required arguments: cert, key$/ },
      {
        name: '--port without its value',
        args: () => ['serve', ...cert(), '--port'],
        error: /^error: Not enough arguments following: port$/,
      },
      {
        name: '--host without its value',
        args: () => ['serve', ...cert(), '--host'],
        error: /^error: Not enough arguments following: host$/,
      },
      {
        name: 'a port that is not a number',
        args: () => ['serve', ...cert(), '--port', 'https'],
        error: /^error: --port must be a port number from 0 to 65535 \(0 picks a free one\), got NaN$/,
      },
      {
        name: 'a negative shutdown delay',
        args: () => ['serve', ...cert(), '--shutdown-delay', '-1'],
        error: /^error: --shutdown-delay must be a number of seconds from 0 to 2147483, got -1$/,
      },
      {
        name: 'an unknown log level',
        args: () => ['serve', ...cert(), '--log-level', 'loud'],
        error: /^error: Invalid values: Argument: log-level, Given: "loud", Choices: "debug", "info", "warn", "error"$/,
      },
      {
        name: 'registration with --url and --service',
        args: () => ['registration', '--url', 'https://x/mutate', '--service', 'wh', '--namespace', 'n'],
        error: /^error: Arguments url and service are mutually exclusive$/,
      },
    ];
    for (const c of cases) {
      it(`should answer ${c.name} with one error: line, a usage hint and exit code 2`, async () => {
        const result = await run(c.args());
        assert.equal(result.code, 2, result.stderr);
        const lines = result.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 2, `stderr was:\n${result.stderr}`);
        assert.match(lines[0] ?? '', c.error);
        assert.equal(lines[1], "Run 'workspace-webhook --help' for usage.");
        assert.equal(result.stdout, '');
      });
    }

    it('should answer a failure that is not a usage error with one error: line and exit code 1', async () => {
      const result = await run(['serve', '--cert', join(certDir, 'missing.crt'), '--key', join(certDir, 'tls.key')]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /^error: cannot read serving certificate .*missing\.crt/);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    });

    it('should print help on stdout with exit code 0', async () => {
      const result = await run(['--help']);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /workspace-webhook serve/);
      assert.match(result.stdout, /workspace-webhook certgen/);
      assert.match(result.stdout, /workspace-webhook registration/);
    });
  });

  it('should start serve without any warning, even with pending deprecations reported', async () => {
    // Node 20 reports the deprecated punycode module only with --pending-deprecation; Node 22+ always does.
    const child = spawn(
      process.execPath,
      [
        '--pending-deprecation',
        webhookBin(),
        'serve',
        '--cert',
        join(certDir, 'tls.crt'),
        '--key',
        join(certDir, 'tls.key'),
        '--host',
        '127.0.0.1',
        '--port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    // 'close', not 'exit': every byte the process wrote to stderr has been read by then.
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
        if (stdout.includes('"webhook serving"')) resolve();
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}) before serving:\n${stdout}${stderr}`)));
    });
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(stderr, '');
  });
});
