import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { buildCli } from '../../../plugin/cli.js';
import type { CommandSpec } from '../../../plugin/command.js';
import { UsageError, exitCodeOf, formatError } from '../../../plugin/errors.js';
import type { CommandArgs } from '../../../plugin/flags.js';
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
  await buildCli(io, dispatch).parseAsync(args);
  if (seen === undefined) throw new Error(`no command ran for ${args.join(' ')}`);
  return seen;
}

describe('buildCli', () => {
  const cases: { args: string[]; command: string; expect: Record<string, unknown> }[] = [
    { args: ['list'], command: 'list', expect: { 'all-namespaces': false, 'request-timeout': '0' } },
    { args: ['list', '-A', '-l', 'workspaceType=prebuild', '-o', 'wide'], command: 'list', expect: { 'all-namespaces': true, selector: 'workspaceType=prebuild', output: 'wide' } },
    { args: ['list', '-n', 'team', '--context', 'prod', '--kubeconfig', '/k', '--request-timeout', '5s'], command: 'list', expect: { namespace: 'team', context: 'prod', kubeconfig: '/k', 'request-timeout': '5s' } },
    { args: ['get', 'abc', '-o', 'yaml', '--show-secrets'], command: 'get <id>', expect: { id: 'abc', output: 'yaml', 'show-secrets': true } },
    { args: ['mark', 'abc', 'gitpod/closed=true', 'gitpod/never-ready-'], command: 'mark <id> <marks..>', expect: { id: 'abc', marks: ['gitpod/closed=true', 'gitpod/never-ready-'], 'dry-run': 'none', force: false } },
    { args: ['mark', 'abc', 'gitpod/x=1', '--force', '--dry-run=server'], command: 'mark <id> <marks..>', expect: { force: true, 'dry-run': 'server' } },
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
      args: ['plis', 'patch', 'abc', '--final-backup-complete', '--final-backup-failure', 'disk full', '--stopping-since', 'now', '--host-ip', '10.0.0.1', 'example.com/k=v'],
      command: 'patch <id> [marks..]',
      expect: { 'final-backup-complete': true, 'final-backup-failure': 'disk full', 'stopping-since': 'now', 'host-ip': '10.0.0.1', marks: ['example.com/k=v'] },
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
    { args: ['list', '-o', 'table'], message: /Invalid values/ },
    { args: ['get'], message: /Not enough non-option arguments/ },
    { args: ['mark', 'abc'], message: /Not enough non-option arguments/ },
    { args: ['admission', 'abc', 'nobody'], message: /Invalid values/ },
    { args: ['timeout', 'abc'], message: /give either a duration or --clear/ },
    { args: ['timeout', 'abc', '5m', '--clear'], message: /give either a duration or --clear/ },
    { args: ['close', 'abc', '--dry-run', 'maybe'], message: /Invalid values/ },
    { args: ['plis', 'patch', 'abc'], message: /nothing to patch/ },
    { args: ['plis'], message: /Not enough non-option arguments/ },
  ];
  for (const c of usage) {
    it(`should reject "${c.args.join(' ')}" as a usage error (exit 2)`, async () => {
      await assert.rejects(parse(c.args), (e: unknown) => e instanceof UsageError && exitCodeOf(e) === 2 && c.message.test(e.message));
    });
  }
});

describe('formatError', () => {
  const cases: [string, unknown, string, number][] = [
    ['an API error with its reason', new ApiError(403, 'Forbidden', 'pods "ws-x" is forbidden: User "u" cannot patch', {}), 'error: from server (Forbidden): pods "ws-x" is forbidden: User "u" cannot patch\n', 1],
    ['a validation error', new InvalidValueError('gitpod/customTimeout', '5x', 'a Go duration'), 'error: invalid value "5x" for gitpod/customTimeout: expected a Go duration; correct the value of gitpod/customTimeout and retry\n', 1],
    ['a usage error with a pointer to help', new UsageError('Unknown argument: x'), "error: Unknown argument: x\nSee 'kubectl workspace --help' for usage.\n", 2],
    ['anything else', 'boom', 'error: boom\n', 1],
  ];
  for (const [name, err, text, code] of cases) {
    it(`should print ${name}`, () => {
      assert.equal(formatError(err), text);
      assert.equal(exitCodeOf(err), code);
    });
  }
});
