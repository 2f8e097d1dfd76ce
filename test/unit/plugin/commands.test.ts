import assert from 'node:assert/strict';
import { commandShape, type CommandSpec } from '../../../plugin/command.js';
import { ADMISSION_CHOICES } from '../../../plugin/commands/admission.js';
import { ADMISSION_WORDS, COMMANDS } from '../../../plugin/commands/index.js';
import { DRY_RUN_CHOICES } from '../../../plugin/flags.js';
import { DryRun } from '../../../shared/kube/workspaces.js';

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
    ['an optional one', 'timeout <id> [duration]', [{ name: 'id', required: true, variadic: false }, { name: 'duration', required: false, variadic: false }]],
    ['a required variadic one', 'mark <id> <marks..>', [{ name: 'id', required: true, variadic: false }, { name: 'marks', required: true, variadic: true }]],
    ['an optional variadic one', 'patch <id> [marks..]', [{ name: 'id', required: true, variadic: false }, { name: 'marks', required: false, variadic: true }]],
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
