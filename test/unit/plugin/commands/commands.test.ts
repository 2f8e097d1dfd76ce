import assert from 'node:assert/strict';
import { commandShape, type CommandSpec } from '../../../../plugin/command.js';
import { ADMISSION_CHOICES } from '../../../../plugin/commands/admission.js';
import { ADMISSION_WORDS, COMMANDS } from '../../../../plugin/commands/index.js';
import { checkTimedOutReason } from '../../../../plugin/commands/time-out.js';
import { checkTimeout } from '../../../../plugin/commands/timeout.js';
import { UsageError } from '../../../../plugin/errors.js';
import { dryRunOf, unchangedLine } from '../../../../plugin/mutation.js';
import { InvalidValueError } from '../../../../shared/errors.js';
import { DRY_RUN_CHOICES } from '../../../../plugin/flags.js';
import { DryRun } from '../../../../shared/kube/workspaces.js';

const leaves: readonly CommandSpec[] = COMMANDS.flatMap((c) => c.subcommands ?? [c]);

describe('COMMANDS', () => {
  it('should offer exactly the dry-run modes of the core', () => {
    assert.deepEqual([...DRY_RUN_CHOICES], Object.values(DryRun));
  });

  it('should offer exactly the admission words the admission command maps', () => {
    assert.deepEqual([...ADMISSION_WORDS], Object.keys(ADMISSION_CHOICES));
  });

  for (const spec of leaves) {
    it(`should load an implementation for "${spec.command}"`, async () => {
      assert.ok(spec.load !== undefined);
      assert.equal(typeof (await spec.load()).run, 'function');
    });

    it(`should describe every positional of "${spec.command}" and nothing else`, () => {
      const slots = commandShape(spec).positionals.map((p) => p.name);
      assert.deepEqual(Object.keys(spec.positionals ?? {}), slots);
    });
  }
});

describe('commandShape', () => {
  const cases: [string, string, { name: string; required: boolean; variadic: boolean }[]][] = [
    ['no positionals', 'list', []],
    ['a required one', 'get <id>', [{ name: 'id', required: true, variadic: false }]],
    [
      'an optional one',
      'timeout <id> [duration]',
      [
        { name: 'id', required: true, variadic: false },
        { name: 'duration', required: false, variadic: false },
      ],
    ],
    [
      'a required variadic one',
      'mark <id> <marks..>',
      [
        { name: 'id', required: true, variadic: false },
        { name: 'marks', required: true, variadic: true },
      ],
    ],
    [
      'an optional variadic one',
      'patch <id> [marks..]',
      [
        { name: 'id', required: true, variadic: false },
        { name: 'marks', required: false, variadic: true },
      ],
    ],
  ];
  for (const [what, command, positionals] of cases) {
    it(`should read ${what} from "${command}"`, () => {
      const shape = commandShape({ command, describe: '' });
      assert.equal(shape.name, command.split(' ')[0]);
      assert.deepEqual(shape.positionals, positionals);
    });
  }

  it('should give a group of subcommands no positionals of its own', () => {
    assert.deepEqual(commandShape({ command: 'plis <command>', describe: '', subcommands: [] }).positionals, []);
  });
});

describe('checkTimeout', () => {
  for (const ok of ['30m', '1h30m', '1.5h', '300ms', '1ns']) it(`should accept ${ok}`, () => checkTimeout(ok));
  const bad: [string, RegExp][] = [
    ['-5m', /invalid value "-5m" for timeout: expected a positive Go duration .*greater than zero.*--clear/],
    ['-2562047h47m16.854775808s', /positive Go duration/],
    ['0', /positive Go duration/],
    ['0s', /positive Go duration/],
    ['5x', /gitpod\/customTimeout/],
  ];
  for (const [value, message] of bad)
    it(`should refuse ${value}`, () =>
      assert.throws(
        () => checkTimeout(value),
        (e: unknown) => e instanceof InvalidValueError && message.test(e.message),
      ));
});

describe('checkTimedOutReason', () => {
  it('should refuse a reason that parses as a Go duration, naming the timeout command and --force', () => {
    for (const reason of ['30m', '1h30m', ' 5s ', '-1h', '0']) {
      assert.throws(
        () => checkTimedOutReason(reason, false),
        (e: unknown) =>
          e instanceof InvalidValueError &&
          /not a duration/.test(e.message) &&
          /kubectl workspace timeout <id> /.test(e.message) &&
          /--force/.test(e.message),
        reason,
      );
    }
  });

  it('should accept a human-readable reason, and a duration with --force', () => {
    checkTimedOutReason('idle for 30m', false);
    checkTimedOutReason('30 minutes', false);
    checkTimedOutReason('30m', true);
  });
});

describe('dryRunOf', () => {
  it('should read none when absent and each mode as given', () => {
    assert.equal(dryRunOf({}), 'none');
    for (const mode of DRY_RUN_CHOICES) assert.equal(dryRunOf({ 'dry-run': mode }), mode);
  });

  it('should refuse anything else (an empty value, a repeated flag) as a usage error rather than write', () => {
    for (const value of ['', 'maybe', ['client', 'server'], true]) {
      assert.throws(
        () => dryRunOf({ 'dry-run': value } as never),
        (e: unknown) => e instanceof UsageError && e.exitCode === 2,
        JSON.stringify(value),
      );
    }
  });
});

describe('unchangedLine', () => {
  it('should say unchanged, and that it was a dry run when it was one', () => {
    assert.equal(unchangedLine('pod/ws-a', 'none'), 'pod/ws-a unchanged\n');
    assert.equal(unchangedLine('pod/ws-a', 'client'), 'pod/ws-a unchanged (dry run)\n');
    assert.equal(unchangedLine('configmap/plis-a', 'server'), 'configmap/plis-a unchanged (server dry run)\n');
  });
});
