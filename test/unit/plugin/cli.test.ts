import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { prepareArgs } from '../../../plugin/argv.js';
import { runCli } from '../../../plugin/cli.js';
import type { CommandArgs, CommandSpec } from '../../../plugin/command.js';
import { UsageError, exitCodeOf, formatError } from '../../../plugin/errors.js';
import { ApiError } from '../../../shared/kube/rest.js';
import { InvalidValueError } from '../../../shared/errors.js';

interface Parsed {
  readonly command: string;
  readonly argv: CommandArgs;
}

/** Parses a command line in-process; the recording dispatch stands in for running the command. */
async function parse(args: string[]): Promise<Parsed> {
  const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, now: () => 0 };
  let seen: Parsed | undefined;
  const dispatch = async (spec: CommandSpec, argv: CommandArgs): Promise<void> => {
    seen = { command: spec.command, argv };
  };
  await runCli(io, prepareArgs(args).args, dispatch);
  if (seen === undefined) throw new Error(`no command ran for ${args.join(' ')}`);
  return seen;
}

describe('buildCli', () => {
  const cases: { args: string[]; command: string; expect: Record<string, unknown> }[] = [
    { args: ['list'], command: 'list', expect: { 'all-namespaces': false, 'request-timeout': '0' } },
    {
      args: ['plis', 'patch', 'abc', '--final-backup-failure', 'first', '--final-backup-failure', 'last', '-n', 'a', '-n', 'b'],
      command: 'patch <id> [marks..]',
      expect: { 'final-backup-failure': 'last', namespace: 'b' },
    },
    { args: ['get', 'abc', '-o', 'json', '-o', 'yaml'], command: 'get <id>', expect: { output: 'yaml' } },
    {
      args: ['list', '-A', '-l', 'workspaceType=prebuild', '-o', 'wide'],
      command: 'list',
      expect: { 'all-namespaces': true, selector: 'workspaceType=prebuild', output: 'wide' },
    },
    {
      args: ['list', '-n', 'team', '--context', 'prod', '--kubeconfig', '/k', '--request-timeout', '5s'],
      command: 'list',
      expect: { namespace: 'team', context: 'prod', kubeconfig: '/k', 'request-timeout': '5s' },
    },
    {
      args: ['get', 'abc', '-o', 'yaml', '--show-secrets'],
      command: 'get <id>',
      expect: { id: 'abc', output: 'yaml', 'show-secrets': true },
    },
    {
      args: ['mark', 'abc', 'gitpod/closed=true', 'gitpod/never-ready-'],
      command: 'mark <id> <marks..>',
      expect: { id: 'abc', marks: ['gitpod/closed=true', 'gitpod/never-ready-'], 'dry-run': 'none', force: false },
    },
    {
      args: ['mark', 'abc', 'gitpod/x=1', '--force', '--dry-run=server'],
      command: 'mark <id> <marks..>',
      expect: { force: true, 'dry-run': 'server' },
    },
    { args: ['fail', 'abc', 'out of memory'], command: 'fail <id> <reason>', expect: { id: 'abc', reason: 'out of memory' } },
    { args: ['timeout', 'abc', '1h30m'], command: 'timeout <id> [duration]', expect: { duration: '1h30m', clear: false } },
    { args: ['timeout', 'abc', '--clear'], command: 'timeout <id> [duration]', expect: { clear: true } },
    { args: ['close', 'abc', '-o', 'json'], command: 'close <id>', expect: { id: 'abc', output: 'json' } },
    { args: ['reopen', 'abc', '--dry-run', 'client'], command: 'reopen <id>', expect: { 'dry-run': 'client' } },
    { args: ['time-out', 'abc', 'idle for 30m'], command: 'time-out <id> <reason>', expect: { reason: 'idle for 30m' } },
    { args: ['ready', 'abc'], command: 'ready <id>', expect: { id: 'abc' } },
    { args: ['admission', 'abc', 'everyone'], command: 'admission <id> <level>', expect: { level: 'everyone' } },
    { args: ['plis', 'get', 'abc'], command: 'get <id>', expect: { id: 'abc' } },
    {
      args: [
        'plis',
        'patch',
        'abc',
        '--final-backup-complete',
        '--final-backup-failure',
        'disk full',
        '--stopping-since',
        'now',
        '--host-ip',
        '10.0.0.1',
        'example.com/k=v',
      ],
      command: 'patch <id> [marks..]',
      expect: {
        'final-backup-complete': true,
        'final-backup-failure': 'disk full',
        'stopping-since': 'now',
        'host-ip': '10.0.0.1',
        marks: ['example.com/k=v'],
      },
    },
    { args: ['doctor', '--workspace', 'abc'], command: 'doctor', expect: { workspace: 'abc' } },
    { args: ['version', '--client', '-o', 'json'], command: 'version', expect: { client: true, output: 'json' } },
  ];
  for (const c of cases) {
    it(`should parse "${c.args.join(' ')}"`, async () => {
      const { command, argv } = await parse(c.args);
      assert.equal(command, c.command);
      for (const [k, v] of Object.entries(c.expect)) assert.deepEqual(argv[k], v, k);
    });
  }

  const usage: { args: string[]; message: RegExp }[] = [
    { args: [], message: /choose a command/ },
    { args: ['bogus'], message: /Unknown argument: bogus/ },
    { args: ['list', '--bogus'], message: /Unknown argument/ },
    { args: ['list', '-o', 'table'], message: /unable to match a printer suitable for the output format "table"/ },
    { args: ['get'], message: /^missing <id>: usage: kubectl workspace get <id>; <id>: Workspace id/ },
    { args: ['mark', 'abc'], message: /^missing <marks>: usage: kubectl workspace mark <id> <marks\.\.>/ },
    {
      args: ['fail', 'abc'],
      message: /^missing <reason>: usage: kubectl workspace fail <id> <reason>; <reason>: Why the workspace failed$/,
    },
    { args: ['time-out'], message: /^missing <id>: usage: kubectl workspace time-out <id> <reason>/ },
    { args: ['admission', 'abc'], message: /^missing <level>: .*owner or everyone/ },
    { args: ['plis', 'patch'], message: /^missing <id>: usage: kubectl workspace plis patch <id> \[marks\.\.\]/ },
    { args: ['-n', 'ns', 'plis', '--context', 'c', 'get'], message: /^missing <id>: usage: kubectl workspace plis get <id>/ },
    { args: ['admission', 'abc', 'nobody'], message: /Invalid values/ },
    { args: ['timeout', 'abc'], message: /give either a duration or --clear/ },
    { args: ['timeout', 'abc', '5m', '--clear'], message: /give either a duration or --clear/ },
    { args: ['close', 'abc', '--dry-run=maybe'], message: /Invalid values/ },
    { args: ['close', 'abc', '--dry-run', 'maybe'], message: /Unknown argument: maybe/ },
    { args: ['plis', 'patch', 'abc'], message: /nothing to patch/ },
    {
      args: ['plis', 'patch', 'abc', '--no-final-backup-complete'],
      message: /only sets fields, so --no-final-backup-complete cannot clear finalBackupComplete; .*gitpod\/plis=/,
    },
    {
      args: ['plis', 'patch', 'abc', '--final-backup-complete', 'gitpod/plis={"x":1}'],
      message: /--final-backup-complete cannot be combined with a gitpod\/plis mark/,
    },
    {
      args: ['plis', 'patch', 'abc', '--host-ip', '10.0.0.1', 'gitpod/plis-'],
      message: /--host-ip cannot be combined with a gitpod\/plis mark/,
    },
    { args: ['plis'], message: /^missing <command>: usage: kubectl workspace plis <command>; <command> is one of get, patch$/ },
  ];
  for (const c of usage) {
    it(`should reject "${c.args.join(' ')}" as a usage error (exit 2)`, async () => {
      await assert.rejects(parse(c.args), (e: unknown) => e instanceof UsageError && exitCodeOf(e) === 2 && c.message.test(e.message));
    });
  }
});

describe('runCli usage errors', () => {
  // yargs quotes arguments back ("Unknown argument: …", "Given: …"); a value typed after "=" or ":" may be a token.
  const SECRET = 'SEKRITX-0123456789';
  const cases: { args: string[]; message: RegExp }[] = [
    { args: ['close', 'aaa', `gitpod/ownerToken=${SECRET}`], message: /Unknown argument: gitpod\/ownerToken=<redacted>/ },
    { args: ['admission', 'aaa', `gitpod/ownerToken=${SECRET}`], message: /Given: "gitpod\/ownerToken=<redacted>"/ },
    { args: ['admission', 'aaa', `gitpod/ownerToken:${SECRET}`], message: /Given: "gitpod\/ownerToken:<redacted>"/ },
    { args: ['ready', 'aaa', `gitpod/OwnerToken=${SECRET}`, 'extra'], message: /Unknown arguments: gitpod\/OwnerToken=<redacted>, extra/ },
    { args: ['get', 'aaa', '--', `gitpod/ownerToken=${SECRET}`], message: /Unknown argument: gitpod\/ownerToken=<redacted>/ },
  ];
  for (const c of cases) {
    it(`should never quote the value of "${c.args.join(' ').replace(SECRET, '…')}"`, async () => {
      await assert.rejects(parse(c.args), (e: unknown) => {
        assert.ok(e instanceof UsageError);
        assert.match(e.message, c.message);
        assert.equal(e.message.includes(SECRET), false, e.message);
        assert.equal(formatError(e).includes(SECRET), false);
        return true;
      });
    });
  }
});

describe('formatError', () => {
  const cases: [string, unknown, string, number][] = [
    [
      'an API error with its reason',
      new ApiError(403, 'Forbidden', 'pods "ws-x" is forbidden: User "u" cannot patch', {}),
      'error: from server (Forbidden): pods "ws-x" is forbidden: User "u" cannot patch\n',
      1,
    ],
    [
      'a validation error',
      new InvalidValueError('gitpod/customTimeout', '5x', 'a Go duration'),
      'error: invalid value "5x" for gitpod/customTimeout: expected a Go duration; correct the value of gitpod/customTimeout and retry\n',
      1,
    ],
    [
      'a usage error with a pointer to help',
      new UsageError('Unknown argument: x'),
      "error: Unknown argument: x\nSee 'kubectl workspace --help' for usage.\n",
      2,
    ],
    ['anything else', 'boom', 'error: boom\n', 1],
  ];
  for (const [name, err, text, code] of cases) {
    it(`should print ${name}`, () => {
      assert.equal(formatError(err), text);
      assert.equal(exitCodeOf(err), code);
    });
  }
});
