// Bad input through the built plugin (real kubectl, real API server): clear errors, exit 1 or 2, and nothing written.
import assert from 'node:assert/strict';
import type { ControlPlane } from '../../../cluster/controlplane.js';
import { createTestNamespace, kubectlOk, sharedControlPlane } from '../../support/cluster.js';
import { figure } from '../../support/reliability/figures.js';
import { buildPlugin, createWorkspace, objectState, ws } from '../../support/plugin.js';
import { OWNER_TOKEN, RELIABILITY_WORKSPACE, allOutputs, assertOwnerTokenNotIn } from '../../support/reliability/transcript.js';

const LIMIT = 262_144;
const BIG = 'A'.repeat(200 * 1024);

interface BadCase {
  readonly name: string;
  readonly args: readonly string[];
  readonly exit: 1 | 2;
  readonly message: RegExp;
}

/** resourceVersion of every pod and ConfigMap in the namespace. */
async function versions(cp: ControlPlane, ns: string): Promise<Readonly<Record<string, string>>> {
  const list = JSON.parse(await kubectlOk(cp, ['get', 'pods,configmaps', '-n', ns, '-o', 'json'])) as {
    items: { kind: string; metadata: { name: string; resourceVersion: string } }[];
  };
  return Object.fromEntries(list.items.map((i) => [`${i.kind}/${i.metadata.name}`, i.metadata.resourceVersion]));
}

function annotationsSize(annotations: Readonly<Record<string, string>>): number {
  return Object.entries(annotations).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

describe('plugin under bad input (built plugin, real API server)', function () {
  this.timeout(120_000);
  let cp: ControlPlane;
  let ns: string;

  before(async function () {
    this.timeout(300_000);
    cp = await sharedControlPlane();
    buildPlugin();
    ns = await createTestNamespace(cp, 'rel-input');
    await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id: 'ok' });
    await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id: 'badplis', plis: '{not json' });
    await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id: 'arrayplis', plis: '[1,2]' });
    await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id: 'big', annotations: { 'gitpod/contentInitializer': BIG } });
    await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id: 'big2', annotations: { 'gitpod/contentInitializer': BIG } });
  });

  const odd = (id: string): readonly string[] => ['get', id];
  const cases: readonly BadCase[] = [
    { name: 'plis get on unparseable PLIS JSON', args: ['plis', 'get', 'badplis'], exit: 1, message: /plis-badplis/ },
    {
      name: 'plis patch on unparseable PLIS JSON',
      args: ['plis', 'patch', 'badplis', '--final-backup-complete'],
      exit: 1,
      message: /plis-badplis/,
    },
    {
      name: 'plis patch on a PLIS that is a JSON array',
      args: ['plis', 'patch', 'arrayplis', '--host-ip', '10.1.1.1'],
      exit: 1,
      message: /plis-arrayplis/,
    },
    { name: 'plis patch --host-ip 300.1.1.1', args: ['plis', 'patch', 'ok', '--host-ip', '300.1.1.1'], exit: 1, message: /300\.1\.1\.1/ },
    {
      name: 'plis patch --stopping-since yesterday',
      args: ['plis', 'patch', 'ok', '--stopping-since', 'yesterday'],
      exit: 1,
      message: /yesterday/,
    },
    {
      name: 'plis patch --final-backup-failure ""',
      args: ['plis', 'patch', 'ok', '--final-backup-failure', ''],
      exit: 1,
      message: /final-backup-failure/,
    },
    { name: 'plis patch with nothing to patch', args: ['plis', 'patch', 'ok'], exit: 2, message: /nothing to patch/ },
    { name: 'timeout 5x', args: ['timeout', 'ok', '5x'], exit: 1, message: /5x/ },
    { name: 'timeout 1y', args: ['timeout', 'ok', '1y'], exit: 1, message: /1y/ },
    { name: 'mark gitpod/customTimeout=abc', args: ['mark', 'ok', 'gitpod/customTimeout=abc'], exit: 1, message: /abc/ },
    { name: 'mark gitpod/url=not a url', args: ['mark', 'ok', 'gitpod/url=not a url'], exit: 1, message: /not a url/ },
    { name: 'mark gitpod/contentInitializer=@@@', args: ['mark', 'ok', 'gitpod/contentInitializer=@@@'], exit: 1, message: /base64/ },
    { name: 'mark gitpod/ingressPorts={"x":1}', args: ['mark', 'ok', 'gitpod/ingressPorts={"x":1}'], exit: 1, message: /ingressPorts/ },
    { name: 'mark gitpod/admission=nobody', args: ['mark', 'ok', 'gitpod/admission=nobody'], exit: 1, message: /nobody/ },
    { name: 'admission nobody', args: ['admission', 'ok', 'nobody'], exit: 2, message: /nobody/ },
    { name: 'mark gitpod/id=other without --force', args: ['mark', 'ok', 'gitpod/id=other'], exit: 1, message: /--force/ },
    {
      name: 'mark of a misspelled name gitpod/explicitfail',
      args: ['mark', 'ok', 'gitpod/explicitfail=x'],
      exit: 1,
      message: /gitpod\/explicitFail/,
    },
    { name: 'mark of an unknown name gitpod/unknown', args: ['mark', 'ok', 'gitpod/unknown=x'], exit: 1, message: /gitpod\/unknown/ },
    { name: 'mark with a key that has a space', args: ['mark', 'ok', 'bad key=x'], exit: 2, message: /bad key/ },
    { name: 'mark without = or -', args: ['mark', 'ok', 'gitpod/closed'], exit: 2, message: /name=value or name-/ },
    {
      name: 'plis patch of an unknown gitpod/ annotation',
      args: ['plis', 'patch', 'ok', 'gitpod/nope=1'],
      exit: 1,
      message: /gitpod\/nope/,
    },
    { name: 'get ../x', args: odd('../x'), exit: 1, message: /\.\.\/x/ },
    { name: 'get "a b"', args: odd('a b'), exit: 1, message: /a b/ },
    { name: 'get of a 300-character id', args: odd('x'.repeat(300)), exit: 1, message: /x{40}/ },
    { name: 'get of a unicode id', args: odd('ワークスペース'), exit: 1, message: /ワークスペース/ },
    { name: 'get of an empty id', args: odd(''), exit: 1, message: /id/ },
    { name: 'mark ../x', args: ['mark', '../x', 'gitpod/closed=true'], exit: 1, message: /\.\.\/x/ },
    { name: 'plis patch ../x', args: ['plis', 'patch', '../x', '--final-backup-complete'], exit: 1, message: /\.\.\/x/ },
    { name: 'get of a missing workspace', args: ['get', 'nothere'], exit: 1, message: /workspace nothere not found in namespace/ },
    { name: 'an unknown command', args: ['frobnicate'], exit: 2, message: /frobnicate|Unknown/i },
    {
      name: 'timeout -5m (a negative duration, read as a value)',
      args: ['timeout', 'ok', '-5m'],
      exit: 1,
      message: /invalid value "-5m" for timeout: expected a positive Go duration/,
    },
    { name: 'timeout -- -5m', args: ['timeout', 'ok', '--', '-5m'], exit: 1, message: /"-5m" for timeout: .*greater than zero/ },
    {
      name: 'timeout of the most negative Go duration',
      args: ['timeout', 'ok', '-2562047h47m16.854775808s'],
      exit: 1,
      message: /positive Go duration/,
    },
    { name: 'timeout 0s', args: ['timeout', 'ok', '0s'], exit: 1, message: /positive Go duration/ },
    { name: 'mark with a lone -', args: ['mark', 'ok', '-'], exit: 2, message: /invalid value "-" for mark/ },
    {
      name: 'fail without a reason',
      args: ['fail', 'ok'],
      exit: 2,
      message: /^error: missing <reason>: usage: kubectl workspace fail <id> <reason>/,
    },
    { name: 'admission without a level', args: ['admission', 'ok'], exit: 2, message: /^error: missing <level>/ },
    {
      name: 'mark of an unprefixed catalogue name closed=true',
      args: ['mark', 'ok', 'closed=true'],
      exit: 1,
      message: /did you mean "gitpod\/closed"\? use --force/,
    },
    {
      name: 'mark of an unprefixed catalogue name in another case NEVER-READY-',
      args: ['mark', 'ok', 'NEVER-READY-'],
      exit: 1,
      message: /did you mean "gitpod\/never-ready"/,
    },
    {
      name: 'plis patch of an unprefixed catalogue name timedout=x',
      args: ['plis', 'patch', 'ok', 'timedout=x'],
      exit: 1,
      message: /did you mean "gitpod\/timedout"/,
    },
    {
      name: 'time-out with a duration as the reason',
      args: ['time-out', 'ok', '30m'],
      exit: 1,
      message: /not a duration; to set the workspace's timeout, run "kubectl workspace timeout <id> 30m"/,
    },
    {
      name: 'plis patch --no-final-backup-complete',
      args: ['plis', 'patch', 'ok', '--no-final-backup-complete'],
      exit: 2,
      message: /cannot clear finalBackupComplete/,
    },
    {
      name: 'plis patch with field flags and a gitpod/plis mark',
      args: ['plis', 'patch', 'ok', '--final-backup-complete', 'gitpod/plis={"x":1}'],
      exit: 2,
      message: /cannot be combined with a gitpod\/plis mark/,
    },
    {
      name: 'plis patch with field flags and a gitpod/plis deletion',
      args: ['plis', 'patch', 'ok', '--host-ip', '10.1.1.1', 'gitpod/plis-'],
      exit: 2,
      message: /--host-ip cannot be combined with a gitpod\/plis mark/,
    },
    {
      name: 'close with a token-bearing extra argument (usage error)',
      args: ['close', 'ok', `gitpod/ownerToken=${OWNER_TOKEN}`],
      exit: 2,
      message: /Unknown argument: gitpod\/ownerToken=<redacted>/,
    },
    {
      name: 'admission with a token-bearing level (usage error)',
      args: ['admission', 'ok', `gitpod/ownerToken=${OWNER_TOKEN}`],
      exit: 2,
      message: /Given: "gitpod\/ownerToken=<redacted>"/,
    },
    {
      name: 'ready with a mistyped token mark (usage error)',
      args: ['ready', 'ok', `gitpod/ownertoken:${OWNER_TOKEN}`],
      exit: 2,
      message: /Unknown argument: gitpod\/ownertoken:<redacted>/,
    },
    {
      name: 'plis patch --host-ip with an IPv6 zone',
      args: ['plis', 'patch', 'ok', '--host-ip', 'fe80::1%eth0'],
      exit: 1,
      message: /"fe80::1%eth0" for --host-ip/,
    },
  ];

  describe('refused input', () => {
    // Each case compares with the state the previous one left, so one listing per case suffices.
    let last: Readonly<Record<string, string>>;
    before(async () => {
      last = await versions(cp, ns);
    });

    for (const c of cases) {
      it(`should refuse ${c.name} with exit ${c.exit} and write nothing`, async () => {
        // The namespace first: after a `--` every argument is a positional.
        const r = await ws(cp, ['-n', ns, ...c.args]);
        figure(`plugin: ${c.name}`, `exit ${r.code}: ${r.stderr.trim().slice(0, 400)}`);
        assert.equal(r.code, c.exit, r.stderr);
        assert.match(r.stderr, /^error: /);
        assert.match(r.stderr, c.message);
        const now = await versions(cp, ns);
        assert.deepEqual(now, last);
        last = now;
      });
    }
  });

  describe('the 256 KiB annotation limit', () => {
    it("should write a mark that brings the pod's annotations to exactly 256 KiB", async () => {
      const { annotations } = await objectState(cp, ns, 'pod/ws-big');
      const key = 'gitpod/snapshot';
      const value = 's'.repeat(LIMIT - annotationsSize(annotations) - Buffer.byteLength(key));
      const r = await ws(cp, ['mark', 'big', `${key}=${value}`, '-n', ns]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(annotationsSize((await objectState(cp, ns, 'pod/ws-big')).annotations), LIMIT);
    });

    it('should refuse a mark one byte over 256 KiB before sending it, and write nothing', async () => {
      const before = await objectState(cp, ns, 'pod/ws-big2');
      const key = 'gitpod/snapshot';
      const value = 's'.repeat(LIMIT - annotationsSize(before.annotations) - Buffer.byteLength(key) + 1);
      const r = await ws(cp, ['mark', 'big2', `${key}=${value}`, '-n', ns]);
      figure('plugin: mark one byte over 256 KiB', `exit ${r.code}: ${r.stderr.trim()}`);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: .*262145.*262144/s);
      assert.equal((await objectState(cp, ns, 'pod/ws-big2')).resourceVersion, before.resourceVersion);
    });

    it('should refuse a PLIS annotation that takes the ConfigMap over 256 KiB, and write nothing', async () => {
      const before = await objectState(cp, ns, 'configmap/plis-ok');
      // Three arguments: one argument of 128 KiB or more exceeds Linux's MAX_ARG_STRLEN.
      const parts = [0, 1, 2].map((i) => `reliability.example.com/part-${i}=${'p'.repeat(LIMIT / 3)}`);
      const r = await ws(cp, ['plis', 'patch', 'ok', ...parts, '-n', ns]);
      figure('plugin: plis patch over 256 KiB', `exit ${r.code}: ${r.stderr.trim()}`);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: .*262144/s);
      assert.equal((await objectState(cp, ns, 'configmap/plis-ok')).resourceVersion, before.resourceVersion);
    });
  });

  describe('secrets', () => {
    it('should never show the owner token in the plugin output', () => {
      assertOwnerTokenNotIn('owner token search, plugin input suite (with API server log)', allOutputs([cp.apiServerLogPath]));
    });
  });
});
