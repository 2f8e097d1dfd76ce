import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { buildCli } from '../../../../plugin/cli.js';
import type { CommandSpec } from '../../../../plugin/command.js';
import { COMMANDS } from '../../../../plugin/commands/index.js';
import { formatCompletion, planCompletion, type CompletionPlan } from '../../../../plugin/completion/complete.js';
import { COMMAND_FLAGS, COMMAND_SHAPES, Directive } from '../../../../plugin/completion/spec.js';

function values(plan: CompletionPlan): string[] {
  assert.equal(plan.kind, 'static');
  return plan.kind === 'static' ? plan.candidates.map((c) => c.value) : [];
}

describe('planCompletion', () => {
  it('should offer every command at the top level', () => {
    assert.deepEqual(
      values(planCompletion([''])),
      COMMANDS.map((c) => c.command.split(' ')[0]),
    );
  });

  const staticCases: { args: string[]; values: string[]; directive: number }[] = [
    { args: ['ti'], values: ['timeout', 'time-out'], directive: Directive.noFileComp },
    { args: ['plis', ''], values: ['get', 'patch'], directive: Directive.noFileComp },
    { args: ['list', '-o', ''], values: ['wide', 'json', 'yaml', 'name'], directive: Directive.noFileComp },
    { args: ['get', 'abc', '-o', 'j'], values: ['json'], directive: Directive.noFileComp },
    { args: ['close', 'abc', '--dry-run', ''], values: ['none', 'client', 'server'], directive: Directive.noFileComp },
    {
      args: ['close', 'abc', '--dry-run='],
      values: ['--dry-run=none', '--dry-run=client', '--dry-run=server'],
      directive: Directive.noFileComp,
    },
    { args: ['admission', 'abc', ''], values: ['owner', 'everyone'], directive: Directive.noFileComp },
    { args: ['mark', 'abc', 'gitpod/cl'], values: ['gitpod/closed='], directive: Directive.noFileComp | Directive.noSpace },
    {
      args: ['mark', 'abc', 'gitpod/closed=true', 'gitpod/ti'],
      values: ['gitpod/timedout='],
      directive: Directive.noFileComp | Directive.noSpace,
    },
    { args: ['list', '--all'], values: ['--all-namespaces'], directive: Directive.noFileComp },
    { args: ['fail', 'abc', ''], values: [], directive: Directive.noFileComp },
    { args: ['version', ''], values: [], directive: Directive.noFileComp },
  ];
  for (const c of staticCases) {
    it(`should complete "${c.args.join(' ')}" with ${c.values.join(', ') || 'nothing'}`, () => {
      const plan = planCompletion(c.args);
      assert.deepEqual(values(plan), c.values);
      assert.equal(plan.kind === 'static' ? plan.directive : -1, c.directive);
    });
  }

  const lookups: { args: string[]; source: string; prefix: string; flags: Record<string, string | undefined> }[] = [
    { args: ['get', ''], source: 'workspaceIds', prefix: '', flags: {} },
    { args: ['-n', 'team', 'close', 'ab'], source: 'workspaceIds', prefix: 'ab', flags: { namespace: 'team' } },
    {
      args: ['plis', 'patch', '--context=prod', '--kubeconfig', '/k', 'x'],
      source: 'workspaceIds',
      prefix: 'x',
      flags: { context: 'prod', kubeconfig: '/k' },
    },
    { args: ['list', '-n', ''], source: 'namespaces', prefix: '', flags: {} },
    { args: ['list', '--context', 'p'], source: 'contexts', prefix: 'p', flags: {} },
    { args: ['doctor', '--workspace', ''], source: 'workspaceIds', prefix: '', flags: {} },
  ];
  for (const c of lookups) {
    it(`should look up ${c.source} for "${c.args.join(' ')}"`, () => {
      const plan = planCompletion(c.args);
      assert.equal(plan.kind, 'lookup');
      if (plan.kind !== 'lookup') return;
      assert.equal(plan.source, c.source);
      assert.equal(plan.prefix, c.prefix);
      for (const [k, v] of Object.entries(c.flags)) assert.equal(plan.flags[k as keyof typeof plan.flags], v, k);
    });
  }
});

describe('formatCompletion', () => {
  it('should print candidates with tab-separated descriptions and the directive last', () => {
    assert.equal(
      formatCompletion([{ value: 'abc', description: 'Running' }, { value: 'def' }], Directive.noFileComp),
      'abc\tRunning\ndef\n:4\n',
    );
  });

  it('should print only the directive when there is nothing to offer', () => {
    assert.equal(formatCompletion([], Directive.noFileComp), ':4\n');
  });
});

describe('COMMAND_FLAGS', () => {
  const paths = COMMAND_SHAPES.flatMap((s) => [s, ...s.subcommands]).map((s) => s.path);

  it('should describe exactly the command paths of the program', () => {
    assert.deepEqual(Object.keys(COMMAND_FLAGS).sort(), [...paths].sort());
  });

  // Each flag completion offers must be accepted by the strict parser, so the table cannot drift from the builders.
  const samples: Record<string, string[]> = {
    list: ['list'],
    get: ['get', 'a'],
    mark: ['mark', 'a', 'x=1'],
    fail: ['fail', 'a', 'r'],
    timeout: ['timeout', 'a', '5m'],
    close: ['close', 'a'],
    reopen: ['reopen', 'a'],
    'time-out': ['time-out', 'a', 'r'],
    ready: ['ready', 'a'],
    admission: ['admission', 'a', 'owner'],
    'plis get': ['plis', 'get', 'a'],
    'plis patch': ['plis', 'patch', 'a', 'x=1'],
    doctor: ['doctor'],
    version: ['version'],
  };
  for (const [path, flags] of Object.entries(COMMAND_FLAGS)) {
    if (flags.length === 0) continue;
    it(`should only list flags that "${path}" accepts`, async () => {
      for (const flag of flags) {
        const args = [...(samples[path] ?? [])];
        if (path === 'timeout' && flag.name === 'clear') args.pop();
        args.push(`--${flag.name}`);
        if (flag.value !== undefined) args.push(Array.isArray(flag.value) ? String(flag.value[0]) : '1');
        const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, now: () => 0 };
        let ran = false;
        await buildCli(io, async (_: CommandSpec) => void (ran = true)).parseAsync(args);
        assert.equal(ran, true, `${path} --${flag.name}`);
      }
    });
  }
});
