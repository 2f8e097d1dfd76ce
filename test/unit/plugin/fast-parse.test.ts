import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { prepareArgs } from '../../../plugin/argv.js';
import { runCli } from '../../../plugin/cli.js';
import { commandShape, type CommandArgs, type CommandSpec } from '../../../plugin/command.js';
import { COMMANDS } from '../../../plugin/commands/index.js';
import { fastParse } from '../../../plugin/fast-parse.js';
import { CONNECTION_FLAGS } from '../../../plugin/flags.js';

interface Outcome {
  readonly command: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** The values a command reads: every option it declares (connection flags included) and its positionals. */
function project(spec: CommandSpec, argv: CommandArgs): Outcome {
  const keys = [...Object.keys(CONNECTION_FLAGS), ...Object.keys(spec.options ?? {}), ...commandShape(spec).positionals.map((p) => p.name)];
  return { command: spec.command, args: Object.fromEntries(keys.map((k) => [k, argv[k]])) };
}

/** What yargs makes of a command line: the command it dispatches, or the usage error it throws. */
async function viaYargs(args: readonly string[]): Promise<Outcome | Error> {
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, now: () => 0 };
  let seen: Outcome | undefined;
  try {
    await runCli(io, prepareArgs(args).args, async (spec, argv) => void (seen = project(spec, argv)));
  } catch (err) {
    return err as Error;
  }
  return seen ?? new Error(`yargs ran no command for ${JSON.stringify(args)}`);
}

function viaFast(args: readonly string[]): Outcome | undefined {
  const parsed = fastParse(COMMANDS, CONNECTION_FLAGS, prepareArgs(args).args);
  return parsed === undefined ? undefined : project(parsed.spec, parsed.argv);
}

/** Every value flag of plis patch, each with a value. */
const PLIS_PATCH_VALUES = ['--final-backup-failure', 'disk full', '--stopping-since', 'now', '--host-ip', '10.0.0.1'];

// The contract: for these, the fast parser decides alone and agrees with yargs on every value.
const FAST: readonly (readonly string[])[] = [
  ['list'],
  ['list', '-A', '-l', 'workspaceType=prebuild', '-o', 'wide'],
  ['list', '--all-namespaces', '--selector=a=b,c!=d', '--output=name'],
  ['list', '-n', 'team', '--context', 'prod', '--kubeconfig', '/k', '--request-timeout', '5s'],
  ['list', '--namespace=team', '--context=prod', '--kubeconfig=/k', '--request-timeout=30'],
  ['list', '--namespace='],
  ['list', '-o=json'],
  ['list', '--no-all-namespaces', '--show-secrets', '--no-show-large'],
  ['-n', 'team', 'list'],
  ['--kubeconfig', '/k', '--context', 'c', 'get', 'abc'],
  ['get', 'abc'],
  ['get', '0123'],
  ['get', 'abc', '-o', 'yaml', '--show-secrets'],
  ['get', '-o', 'json', 'abc', '--show-large'],
  ['get', '--namespace', 'list', 'abc'],
  ['mark', 'abc', 'gitpod/closed=true', 'gitpod/never-ready-'],
  ['mark', 'abc', 'gitpod/x=1', '--force', '--dry-run=server'],
  ['mark', '--force', 'abc', 'a=1', '-n', 'ns', 'b-', '--dry-run', 'client', 'c=3'],
  ['mark', 'abc', 'example.com/k=', 'list', '42'],
  ['fail', 'abc', 'out of memory'],
  ['fail', 'abc', '42', '-o', 'name'],
  ['fail', 'abc', '', '--no-force'],
  ['timeout', 'abc', '1h30m'],
  ['timeout', 'abc', '--clear'],
  ['timeout', '--clear', 'abc', '--dry-run', 'none'],
  ['close', 'abc', '-o', 'json'],
  ['close', 'abc', '--show-secrets', '--show-large', '--force'],
  ['reopen', 'abc', '--dry-run', 'client'],
  ['time-out', 'abc', 'idle for 30m'],
  ['ready', 'abc', '--request-timeout', '1m'],
  ['admission', 'abc', 'everyone'],
  ['admission', 'abc', 'owner', '--dry-run=server'],
  ['plis', 'get', 'abc'],
  ['plis', 'get', 'abc', '-o', 'json', '--show-secrets'],
  ['plis', 'patch', 'abc', '--final-backup-complete'],
  ['plis', 'patch', 'abc', 'example.com/k=v'],
  ['plis', 'patch', 'abc', ...PLIS_PATCH_VALUES, 'example.com/k=v', 'x-'],
  ['plis', 'patch', 'abc', '--final-backup-failure=', '--final-backup-complete'],
  ['-n', 'ns', 'plis', '--context', 'c', 'patch', 'abc', '--host-ip=::1'],
  ['doctor'],
  ['doctor', '--workspace', 'abc'],
  ['doctor', '--workspace=007', '-n', 'ns'],
  ['version'],
  ['version', '--client'],
  ['version', '--client', '-o', 'json'],
  ['version', '--no-client', '--output', 'yaml'],
  // After `--` every argument is a positional; values that start with "-" and a digit or "." are positionals anyway.
  ['mark', 'abc', '--', 'x=1'],
  ['mark', '--', 'abc', 'x=1'],
  ['mark', 'abc', 'a=1', '--', '-x=1', '--force', '-n'],
  ['fail', 'abc', '--', '--help'],
  ['fail', 'abc', '-5'],
  ['mark', 'abc', '-'],
  ['fail', 'abc', '-'],
  ['fail', '-n', 'ns', 'abc', '--', '-'],
  ['time-out', 'abc', '--', '-h'],
  ['timeout', 'abc', '-5m'],
  ['timeout', '-n', 'ns', 'abc', '--', '-5m'],
  ['timeout', 'abc', '-2562047h47m16.854775808s'],
  ['timeout', 'abc', '-.5h', '--dry-run=server'],
  ['get', '--request-timeout', '-1s', 'abc'],
  // A bare --dry-run is --dry-run=client, wherever it stands.
  ['reopen', 'abc', '--dry-run'],
  ['reopen', '--dry-run', 'abc'],
  ['mark', 'abc', '--dry-run', 'x=1', '--force'],
  ['plis', 'patch', 'abc', '--host-ip', '10.0.0.1', '--dry-run'],
  ['timeout', 'abc', '--dry-run', '--clear'],
  ['admission', 'abc', '--dry-run', 'owner'],
];

// Valid for yargs, but spelled in ways the fast parser leaves to it: the command still runs, through yargs.
const DEFERRED_VALID: readonly (readonly string[])[] = [
  ['mark', 'abc', 'x=1', '--force', 'true'],
  ['close', 'abc', '--force', 'false'],
  ['close', 'abc', '--showSecrets'],
  ['close', 'abc', '--dryRun', 'server'],
  ['list', '-An', 'team'],
  ['get', 'abc', '--namespace'],
  ['get', 'abc', '-o', 'json', '-o', 'yaml'],
  ['version', '--client=yes'],
  ['--dry-run', 'close', 'abc'],
];

// Usage errors: the fast parser defers and yargs rejects, so the message and exit code 2 stay yargs'.
const INVALID: readonly (readonly string[])[] = [
  [],
  ['bogus'],
  ['lst'],
  ['list', '--bogus'],
  ['list', '-x'],
  ['list', '-o', 'table'],
  ['list', '-o'],
  ['list', 'extra'],
  ['get'],
  ['get', 'abc', 'def'],
  ['get', 'abc', '--force'],
  ['mark', 'abc'],
  ['mark', 'abc', '--'],
  ['admission', 'abc', 'nobody'],
  ['admission', 'abc', 'owner', 'extra'],
  ['timeout', 'abc'],
  ['timeout', 'abc', '5m', '--clear'],
  ['close', 'abc', '--dry-run', 'maybe'],
  ['close', 'abc', '--dry-run=maybe'],
  ['close', 'abc', '--dry-run='],
  ['plis', 'patch', 'abc', '--no-final-backup-complete'],
  ['plis', 'patch', 'abc', '--final-backup-complete', 'false'],
  ['plis', 'patch', 'abc', '--final-backup-complete', 'gitpod/plis={"x":1}'],
  ['plis', 'patch', 'abc', '--host-ip', '10.0.0.1', 'gitpod/plis-'],
  ['plis'],
  ['plis', 'bogus'],
  ['plis', 'patch', 'abc'],
  ['version', 'extra'],
  ['--force', 'close', 'abc'],
  ['timeout', 'abc', '--', '-5m', '-n', 'ns'],
];

describe('fastParse', () => {
  for (const args of FAST) {
    it(`should parse "${args.join(' ')}" alone, exactly as yargs does`, async () => {
      const fast = viaFast(args);
      assert.notEqual(fast, undefined, 'the fast parser deferred');
      assert.deepEqual(fast, await viaYargs(args));
    });
  }

  for (const args of DEFERRED_VALID) {
    it(`should leave "${args.join(' ')}" to yargs, which runs it`, async () => {
      assert.equal(viaFast(args), undefined);
      const yargs = await viaYargs(args);
      assert.ok(!(yargs instanceof Error), String(yargs));
    });
  }

  for (const args of INVALID) {
    it(`should leave "${args.join(' ')}" to yargs, which rejects it`, async () => {
      assert.equal(viaFast(args), undefined);
      assert.ok((await viaYargs(args)) instanceof Error);
    });
  }

  it('should help with nothing: "help", "--help" and "-h" anywhere go to yargs', () => {
    for (const args of [['help'], ['--help'], ['get', 'abc', '-h'], ['fail', 'abc', 'help'], ['plis', 'patch', '--help', 'abc', 'x=1']])
      assert.equal(viaFast(args), undefined, args.join(' '));
  });

  // Random command lines from the words above: whenever the fast parser answers, yargs must give the same answer.
  it('should agree with yargs on every random command line it decides', async () => {
    const commands = ['list', 'get', 'mark', 'fail', 'timeout', 'close', 'admission', 'plis', 'patch', 'version', 'doctor'];
    const values = ['abc', 'x=1', 'y-', 'owner', '5m'];
    const words = [
      ...commands,
      ...values,
      '-n',
      'ns',
      '-o',
      'json',
      'wide',
      'name',
      '-A',
      '-l',
      '--force',
      '--no-force',
      '--clear',
      '--client',
      '--dry-run',
      'server',
      '--dry-run=client',
      '--show-secrets',
      '--no-show-large',
      '-o=yaml',
      '--selector=',
      '--final-backup-complete',
      '--host-ip',
      '10.0.0.1',
      '--workspace',
      '--request-timeout=5s',
      '--context',
      '',
      '-x',
      '--',
      'true',
      '-1',
      '-5m',
      '-h',
      '--dry-run',
      'client',
      'gitpod/plis-',
      '--no-final-backup-complete',
      '-',
    ];
    let seed = 20261128;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let decided = 0;
    for (let i = 0; i < 3000; i++) {
      const args = Array.from({ length: 1 + random(6) }, () => words[random(words.length)] ?? '');
      const fast = viaFast(args);
      if (fast === undefined) continue;
      decided++;
      assert.deepEqual(await viaYargs(args), fast, JSON.stringify(args));
    }
    assert.ok(decided > 50, `only ${decided} random command lines were decided by the fast parser`);
  });
});
