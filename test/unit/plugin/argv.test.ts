import assert from 'node:assert/strict';
import { DRY_RUN_DEPRECATED, klogWarning, prepareArgs, redactUsageMessage, unescapeArg, unescapeValues } from '../../../plugin/argv.js';

/** The prepared arguments as the user typed them, with a mark on those that reach the parsers as positionals. */
function shown(args: readonly string[]): string[] {
  return prepareArgs(args).args.map((a) => (a === unescapeArg(a) ? a : `pos:${unescapeArg(a)}`));
}

describe('prepareArgs', () => {
  const cases: [string, string[], string[]][] = [
    [
      'leaves an ordinary command line alone',
      ['mark', 'abc', 'x=1', '-n', 'ns', '--dry-run=server'],
      ['mark', 'abc', 'x=1', '-n', 'ns', '--dry-run=server'],
    ],
    [
      'makes every argument after -- a positional and drops the --',
      ['fail', 'abc', '--', '-x', '--help', 'y'],
      ['fail', 'abc', 'pos:-x', 'pos:--help', 'pos:y'],
    ],
    ['keeps a second -- as a positional', ['mark', 'abc', '--', 'a=1', '--'], ['mark', 'abc', 'pos:a=1', 'pos:--']],
    [
      'reads a negative duration as a positional, not short flags',
      ['timeout', 'abc', '-2562047h47m16.854775808s'],
      ['timeout', 'abc', 'pos:-2562047h47m16.854775808s'],
    ],
    ['reads -5m, -1 and -.5h as positionals', ['x', '-5m', '-1', '-.5h'], ['x', 'pos:-5m', 'pos:-1', 'pos:-.5h']],
    ['reads a lone - as a positional (yargs would drop it)', ['mark', 'abc', '-'], ['mark', 'abc', 'pos:-']],
    ['turns a bare --dry-run at the end into --dry-run=client', ['reopen', 'abc', '--dry-run'], ['reopen', 'abc', '--dry-run=client']],
    [
      'turns a bare --dry-run before a positional into --dry-run=client',
      ['reopen', '--dry-run', 'abc'],
      ['reopen', '--dry-run=client', 'abc'],
    ],
    [
      'turns a bare --dry-run before a flag into --dry-run=client',
      ['close', 'abc', '--dry-run', '--force'],
      ['close', 'abc', '--dry-run=client', '--force'],
    ],
    ['keeps --dry-run followed by one of its values', ['close', 'abc', '--dry-run', 'server'], ['close', 'abc', '--dry-run', 'server']],
    ['reads --dryRun as --dry-run', ['close', 'abc', '--dryRun'], ['close', 'abc', '--dry-run=client']],
    ['leaves --dry-run after -- as a positional', ['fail', 'abc', '--', '--dry-run'], ['fail', 'abc', 'pos:--dry-run']],
  ];
  for (const [name, args, expected] of cases) it(`should ${name}`, () => assert.deepEqual(shown(args), expected));

  it("should warn once, in kubectl's words, for each command line with a bare --dry-run", () => {
    assert.deepEqual(prepareArgs(['close', 'abc', '--dry-run']).warnings, [DRY_RUN_DEPRECATED]);
    assert.deepEqual(prepareArgs(['close', '--dry-run', 'abc', '--dry-run']).warnings, [DRY_RUN_DEPRECATED]);
    assert.deepEqual(prepareArgs(['close', 'abc', '--dry-run=client']).warnings, []);
    assert.deepEqual(prepareArgs(['close', 'abc', '--dry-run', 'client']).warnings, []);
    assert.equal(DRY_RUN_DEPRECATED, '--dry-run is deprecated and can be replaced with --dry-run=client.');
  });
});

describe('unescapeValues', () => {
  it('should give back strings and string arrays as typed, and leave other values', () => {
    const prepared = prepareArgs(['--', '-5m', 'x']).args;
    assert.deepEqual(unescapeValues({ a: prepared[0], b: [...prepared], c: true, d: 3 }), { a: '-5m', b: ['-5m', 'x'], c: true, d: 3 });
  });
});

describe('klogWarning', () => {
  it('should format a warning as klog does (severity, MMDD, time with microseconds, pid)', () => {
    const line = klogWarning(DRY_RUN_DEPRECATED, new Date('2026-12-01T07:05:09.123Z'), 20048);
    assert.equal(line, 'W1201 07:05:09.123000   20048 argv.ts] --dry-run is deprecated and can be replaced with --dry-run=client.\n');
  });
});

describe('redactUsageMessage', () => {
  const cases: { name: string; message: string; args: string[]; expected: string }[] = [
    {
      name: 'the value of a name=value argument',
      message: 'Unknown argument: gitpod/ownerToken=SEKRIT',
      args: ['close', 'a', 'gitpod/ownerToken=SEKRIT'],
      expected: 'Unknown argument: gitpod/ownerToken=<redacted>',
    },
    { name: 'the escapes of positionals', message: 'Unknown argument: \0-5m', args: ['x', '\0-5m'], expected: 'Unknown argument: -5m' },
    {
      name: "not a flag's value (flags are not quoted back)",
      message: 'Invalid values: Given: "maybe"',
      args: ['--dry-run=maybe'],
      expected: 'Invalid values: Given: "maybe"',
    },
  ];
  for (const { name, message, args, expected } of cases)
    it(`should redact ${name}`, () => assert.equal(redactUsageMessage(message, args), expected));
});
