import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { defineCommand, type DefinedArgs } from '../../../plugin/command-spec.js';
import { bindCommand, commandGroup, type CommandArgs, type CommandContext } from '../../../plugin/command.js';
import { WORKSPACE_ID, WRITE_OPTIONS } from '../../../plugin/flags.js';

const example = defineCommand({
  command: 'example <id> [note] <words..>',
  describe: 'an example',
  positionals: { id: WORKSPACE_ID, words: { describe: 'some words', choices: ['a', 'b'] } },
  options: { ...WRITE_OPTIONS, limit: { type: 'string', describe: 'a limit' } },
  check: (argv) => (argv.words.includes('b') && argv.note === undefined ? 'b needs a note' : undefined),
});

// The types a definition implies; `npm run typecheck` proves these lines (a wrong type is a compile error).
type Example = DefinedArgs<typeof example>;
const typed: Example = { id: 'x', words: ['a'], 'dry-run': 'server', force: false, 'show-secrets': false, 'show-large': false };
// @ts-expect-error a positional with choices takes only those
const badChoice: Example = { ...typed, words: ['c'] };
// @ts-expect-error a flag with a default is always present
const missingDefault: Example = { id: 'x', words: [], force: false, 'show-secrets': false, 'show-large': false };
// @ts-expect-error --dry-run is one of its choices
const badDryRun: Example = { ...typed, 'dry-run': 'maybe' };
defineCommand({
  command: 'other <id>',
  describe: 'a misspelled positional',
  // @ts-expect-error positionals are named by the command string
  positionals: { idd: WORKSPACE_ID },
});

const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, now: () => 0 };
const ctx: CommandContext = { io, connect: () => Promise.reject(new Error('no cluster in this test')) };

describe('defineCommand', () => {
  it('should return the definition as given', () => {
    assert.equal(example.command, 'example <id> [note] <words..>');
    assert.deepEqual(Object.keys(example.positionals ?? {}), ['id', 'words']);
    assert.deepEqual([badChoice.words, missingDefault.id, badDryRun['dry-run']], [['c'], 'x', 'maybe']);
  });
});

describe('bindCommand', () => {
  const argv = { ...typed, words: ['b'], 'request-timeout': '0' } as CommandArgs;

  it('should run the definition check on the parsed arguments', () => {
    const spec = bindCommand(example, async () => ({ run: async () => undefined }));
    assert.equal(spec.check?.(argv), 'b needs a note');
    assert.equal(spec.check?.({ ...argv, note: 'why' }), undefined);
  });

  it('should load the implementation only when asked, and hand it the arguments and context', async () => {
    let loads = 0;
    const seen: unknown[] = [];
    const spec = bindCommand(example, async () => {
      loads++;
      return { run: async (a, c) => void seen.push(a.id, a.words, c) };
    });
    assert.equal(loads, 0);
    await (await spec.load?.())?.run(argv, ctx);
    assert.deepEqual(seen, ['x', ['b'], ctx]);
    assert.equal(loads, 1);
  });

  it('should keep the definition data the parsers read', () => {
    const spec = bindCommand(example, async () => ({ run: async () => undefined }));
    assert.equal(spec.command, example.command);
    assert.equal(spec.options, example.options);
    assert.equal(spec.positionals, example.positionals);
  });
});

describe('commandGroup', () => {
  it('should hold its subcommands and nothing to run', () => {
    const sub = bindCommand(example, async () => ({ run: async () => undefined }));
    const group = commandGroup('group <command>', 'a group', [sub]);
    assert.deepEqual(group, { command: 'group <command>', describe: 'a group', subcommands: [sub] });
  });
});
