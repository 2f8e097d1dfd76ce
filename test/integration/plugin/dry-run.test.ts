import assert from 'node:assert/strict';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { kubectlOk } from '../../support/cluster.js';
import { createWorkspace, pluginTestBed, ws } from '../../support/plugin.js';

/** resourceVersion of every pod and ConfigMap in the namespace. */
async function versions(cp: ControlPlane, ns: string): Promise<Readonly<Record<string, string>>> {
  const list = JSON.parse(await kubectlOk(cp, ['get', 'pods,configmaps', '-n', ns, '-o', 'json'])) as {
    items: { kind: string; metadata: { name: string; resourceVersion: string } }[];
  };
  return Object.fromEntries(list.items.map((i) => [`${i.kind}/${i.metadata.name}`, i.metadata.resourceVersion]));
}

interface WriteCommand {
  /** The command words and its positionals: `[...words, ...positionals]`. */
  readonly words: readonly string[];
  readonly positionals: readonly string[];
  readonly flags?: readonly string[];
  /** The line a real write would print, without the dry-run note. */
  readonly line: string;
}

interface DryRunForm {
  readonly name: string;
  /** Where the dry-run tokens go. */
  readonly place: (c: WriteCommand) => string[];
  readonly note: '(dry run)' | '(server dry run)';
  /** A bare --dry-run: kubectl's deprecation warning on stderr. */
  readonly warns: boolean;
}

const line = (c: WriteCommand, tokens: readonly string[], position: 'first' | 'last', extra: readonly string[] = []): string[] =>
  position === 'first'
    ? [...c.words, ...tokens, ...c.positionals, ...(c.flags ?? []), ...extra]
    : [...c.words, ...c.positionals, ...(c.flags ?? []), ...extra, ...tokens];

const FORMS: readonly DryRunForm[] = [
  { name: 'a bare --dry-run as the last argument', place: (c) => line(c, ['--dry-run'], 'last'), note: '(dry run)', warns: true },
  { name: 'a bare --dry-run before the positionals', place: (c) => line(c, ['--dry-run'], 'first'), note: '(dry run)', warns: true },
  // `--show-large false` is a spelling only yargs reads: this form goes through the yargs program, not the fast parser.
  {
    name: 'a bare --dry-run parsed by yargs',
    place: (c) => line(c, ['--dry-run'], 'first', ['--show-large', 'false']),
    note: '(dry run)',
    warns: true,
  },
  { name: '--dry-run=client', place: (c) => line(c, ['--dry-run=client'], 'last'), note: '(dry run)', warns: false },
  { name: '--dry-run client', place: (c) => line(c, ['--dry-run', 'client'], 'last'), note: '(dry run)', warns: false },
  { name: '--dry-run=server', place: (c) => line(c, ['--dry-run=server'], 'last'), note: '(server dry run)', warns: false },
  {
    name: '--dry-run server before the positionals',
    place: (c) => line(c, ['--dry-run', 'server'], 'first'),
    note: '(server dry run)',
    warns: false,
  },
  {
    name: '--dry-run server parsed by yargs',
    place: (c) => line(c, ['--dry-run', 'server'], 'last', ['--force', 'false']),
    note: '(server dry run)',
    warns: false,
  },
];

// Every command that writes, each against state it would really change.
const WRITES: readonly WriteCommand[] = [
  {
    words: ['mark'],
    positionals: ['open', 'gitpod/snapshot=s1', 'gitpod/never-ready-'],
    line: 'pod/ws-open marked: +gitpod/snapshot -gitpod/never-ready',
  },
  { words: ['fail'], positionals: ['open', 'boom'], line: 'pod/ws-open marked: +gitpod/explicitFail +gitpod/failedBeforeStopping' },
  { words: ['timeout'], positionals: ['open', '45m'], line: 'pod/ws-open marked: +gitpod/customTimeout' },
  { words: ['timeout'], positionals: ['shut'], flags: ['--clear'], line: 'pod/ws-shut marked: -gitpod/customTimeout' },
  { words: ['close'], positionals: ['open'], line: 'pod/ws-open marked: +gitpod/closed' },
  { words: ['reopen'], positionals: ['shut'], line: 'pod/ws-shut marked: -gitpod/closed' },
  { words: ['time-out'], positionals: ['open', 'idle for an hour'], line: 'pod/ws-open marked: +gitpod/timedout' },
  { words: ['ready'], positionals: ['open'], line: 'pod/ws-open marked: -gitpod/never-ready' },
  { words: ['admission'], positionals: ['open', 'everyone'], line: 'pod/ws-open marked: +gitpod/admission' },
  {
    words: ['plis', 'patch'],
    positionals: ['open'],
    flags: ['--host-ip', '10.2.2.2', '--final-backup-complete'],
    line: 'configmap/plis-open patched',
  },
  { words: ['plis', 'patch'], positionals: ['open', 'example.com/owner=team-b'], line: 'configmap/plis-open patched' },
];

const WARNING = /^W\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ [^\]]+\] --dry-run is deprecated and can be replaced with --dry-run=client\.\n$/;

describe('kubectl workspace --dry-run (built plugin, real kubectl, real API server)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  let ns: string;
  let initial: Readonly<Record<string, string>>;

  before(async function () {
    this.timeout(300_000);
    ({ cp, ns } = await pluginTestBed('plugin-dry'));
    await createWorkspace(cp, ns, { id: 'open' });
    await createWorkspace(cp, ns, { id: 'shut', annotations: { 'gitpod/closed': 'true', 'gitpod/customTimeout': '10m' } });
    initial = await versions(cp, ns);
    assert.equal(Object.keys(initial).filter((k) => k.startsWith('Pod/') || k.startsWith('ConfigMap/plis-')).length, 4);
  });

  for (const c of WRITES) {
    const shown = [...c.words, ...c.positionals, ...(c.flags ?? [])].join(' ');
    it(`should write nothing for any dry-run form of "${shown}", and say it was a dry run`, async () => {
      for (const form of FORMS) {
        const args = [...form.place(c), '-n', ns];
        const r = await ws(cp, args);
        const what = `${form.name}: kubectl workspace ${args.join(' ')}`;
        assert.equal(r.code, 0, `${what}\n${r.stderr}`);
        assert.equal(r.stdout, `${c.line} ${form.note}\n`, what);
        if (form.warns) assert.match(r.stderr, WARNING, what);
        else assert.equal(r.stderr, '', what);
        assert.deepEqual(await versions(cp, ns), initial, `${what} changed a resourceVersion`);
      }
    });
  }

  it('should still write without --dry-run (the objects above were writable all along)', async () => {
    const r = await ws(cp, ['close', 'open', '-n', ns]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'pod/ws-open marked: +gitpod/closed\n');
    assert.notEqual((await versions(cp, ns))['Pod/ws-open'], initial['Pod/ws-open']);
  });
});
