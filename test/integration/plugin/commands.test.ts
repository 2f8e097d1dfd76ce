import assert from 'node:assert/strict';
import { createTestNamespace } from '../../support/cluster.js';
import {
  assertNoTokenLeak,
  createWorkspace,
  getObject,
  OWNER_TOKEN,
  pluginTestBedFor,
  resourceVersion,
  ws,
  wsOk,
} from '../../support/plugin.js';

const LARGE = Buffer.alloc(2048, 7).toString('base64');

describe('kubectl workspace (built plugin, real kubectl, real API server)', function () {
  let nsB: string;
  const bed = pluginTestBedFor(
    'plugin',
    [
      { id: 'alpha', annotations: { 'gitpod/contentInitializer': LARGE } },
      { id: 'beta' },
      { id: 'dup', podName: 'ws-dup-1' },
      { id: 'dup', podName: 'ws-dup-2', plis: null },
      { id: 'noplis', plis: null },
      { id: 'badplis', plis: '{not json' },
      { id: 'future', plis: '{"hostIP":"1.1.1.1","futureField":{"nested":[1,{"deep":true}]}}' },
    ],
    async ({ cp }) => {
      nsB = await createTestNamespace(cp, 'plugin-b');
      await createWorkspace(cp, nsB, { id: 'gamma' });
    },
  );

  describe('version', () => {
    it('should print the client and the server version', async () => {
      const text = await wsOk(bed.cp, ['version']);
      assert.match(text, /^Client Version: v\d+\.\d+\.\d+$/m);
      assert.match(text, /^Server Version: v1\.36\.\d+/m);
      const json = JSON.parse(await wsOk(bed.cp, ['version', '-o', 'json'])) as { clientVersion: string; serverVersion: string };
      assert.match(json.serverVersion, /^v1\.36\./);
      assert.deepEqual(Object.keys(JSON.parse(await wsOk(bed.cp, ['version', '--client', '-o', 'json']))), ['clientVersion']);
    });
  });

  describe('list', () => {
    it('should print a table of the workspaces of the namespace', async () => {
      const text = await wsOk(bed.cp, ['list', '-n', bed.ns]);
      const [header, ...rows] = text.trimEnd().split('\n');
      assert.match(header ?? '', /^ID\s+POD\s+PHASE\s+AGE\s+FLAGS$/);
      const alpha = rows.find((r) => r.startsWith('alpha '));
      assert.match(alpha ?? '', /^alpha\s+ws-alpha\s+Pending\s+\S+\s+never-ready$/);
      assert.equal(
        rows.some((r) => r.startsWith('gamma')),
        false,
      );
    });

    it('should print -o json as a List of redacted pods', async () => {
      const list = JSON.parse(await wsOk(bed.cp, ['list', '-n', bed.ns, '-o', 'json'])) as {
        kind: string;
        items: { metadata: { name: string; annotations: Record<string, string> } }[];
      };
      assert.equal(list.kind, 'List');
      assert.deepEqual(list.items.map((p) => p.metadata.name).sort(), [
        'ws-alpha',
        'ws-badplis',
        'ws-beta',
        'ws-dup-1',
        'ws-dup-2',
        'ws-future',
        'ws-noplis',
      ]);
      for (const p of list.items) assert.equal(p.metadata.annotations['gitpod/ownerToken'], '<redacted>');
      const alpha = list.items.find((p) => p.metadata.name === 'ws-alpha');
      assert.notEqual(alpha?.metadata.annotations['gitpod/contentInitializer'], LARGE);
    });

    it('should print -o name, -o wide, -o yaml, -A and -l', async () => {
      assert.match(await wsOk(bed.cp, ['list', '-n', bed.ns, '-o', 'name']), /^pod\/ws-alpha$/m);
      assert.match(
        await wsOk(bed.cp, ['list', '-n', bed.ns, '-o', 'wide']),
        /^ID\s+POD\s+PHASE\s+AGE\s+FLAGS\s+TYPE\s+OWNER\s+NODE\s+IP$/m,
      );
      assert.match(await wsOk(bed.cp, ['list', '-n', bed.ns, '-o', 'yaml']), /^kind: List$/m);
      const all = await wsOk(bed.cp, ['list', '-A']);
      assert.match(all, /^NAMESPACE\s+ID/);
      assert.match(all, new RegExp(`^${nsB}\\s+gamma\\s+ws-gamma`, 'm'));
      const none = await ws(bed.cp, ['list', '-n', bed.ns, '-l', 'workspaceType=prebuild']);
      assert.equal(none.code, 0);
      assert.equal(none.stdout, '');
      assert.match(none.stderr, /No workspaces found in .* namespace/);
    });
  });

  describe('get', () => {
    it('should describe a workspace with secrets redacted and its PLIS decoded', async () => {
      const text = await wsOk(bed.cp, ['get', 'alpha', '-n', bed.ns]);
      assert.match(text, /^Workspace: +alpha$/m);
      assert.match(text, /^Phase: +Pending$/m);
      assert.match(text, /gitpod\/ownerToken: +<redacted>/);
      assert.match(text, /^ {2}hostIP: "10\.0\.0\.9"$/m);
    });

    it('should print -o json with the PLIS document, and the token only with --show-secrets', async () => {
      const d = JSON.parse(await wsOk(bed.cp, ['get', 'alpha', '-n', bed.ns, '-o', 'json'])) as {
        id: string;
        pod: string;
        annotations: Record<string, string>;
        plis: { document: Record<string, unknown> };
      };
      assert.equal(d.id, 'alpha');
      assert.equal(d.pod, 'ws-alpha');
      assert.equal(d.annotations['gitpod/ownerToken'], '<redacted>');
      assert.deepEqual(d.plis.document, { hostIP: '10.0.0.9' });
      const shown = JSON.parse(await wsOk(bed.cp, ['get', 'alpha', '-n', bed.ns, '-o', 'json', '--show-secrets', '--show-large'])) as {
        annotations: Record<string, string>;
      };
      assert.equal(shown.annotations['gitpod/ownerToken'], OWNER_TOKEN);
      assert.equal(shown.annotations['gitpod/contentInitializer'], LARGE);
    });
  });

  describe('writes', () => {
    it('should mark with one patch and print what changed, then report unchanged without writing', async () => {
      assert.equal(
        await wsOk(bed.cp, ['mark', 'alpha', 'gitpod/closed=true', 'gitpod/never-ready-', '-n', bed.ns]),
        'pod/ws-alpha marked: +gitpod/closed -gitpod/never-ready\n',
      );
      const a = (await getObject(bed.cp, bed.ns, 'pod/ws-alpha')).metadata;
      assert.equal(a.annotations?.['gitpod/closed'], 'true');
      assert.equal(a.annotations?.['gitpod/never-ready'], undefined);
      assert.equal(await wsOk(bed.cp, ['mark', 'alpha', 'gitpod/closed=true', '-n', bed.ns]), 'pod/ws-alpha unchanged\n');
      assert.equal(await resourceVersion(bed.cp, bed.ns, 'pod/ws-alpha'), a.resourceVersion);
    });

    it('should fail a workspace with failedBeforeStopping in the same write, printing the pod with -o json', async () => {
      const pod = JSON.parse(await wsOk(bed.cp, ['fail', 'beta', 'out of memory', '-n', bed.ns, '-o', 'json'])) as {
        metadata: { annotations: Record<string, string> };
      };
      assert.equal(pod.metadata.annotations['gitpod/explicitFail'], 'out of memory');
      assert.equal(pod.metadata.annotations['gitpod/failedBeforeStopping'], 'true');
      assert.equal(pod.metadata.annotations['gitpod/ownerToken'], '<redacted>');
    });

    const cases: { args: string[]; name: string; value: string | undefined }[] = [
      { args: ['timeout', 'beta', '1h30m'], name: 'gitpod/customTimeout', value: '1h30m' },
      { args: ['timeout', 'beta', '--clear'], name: 'gitpod/customTimeout', value: undefined },
      { args: ['close', 'beta'], name: 'gitpod/closed', value: 'true' },
      { args: ['reopen', 'beta'], name: 'gitpod/closed', value: undefined },
      { args: ['time-out', 'beta', 'idle for 30m'], name: 'gitpod/timedout', value: 'idle for 30m' },
      { args: ['ready', 'beta'], name: 'gitpod/never-ready', value: undefined },
      { args: ['admission', 'beta', 'everyone'], name: 'gitpod/admission', value: 'admit_everyone' },
      { args: ['admission', 'beta', 'owner'], name: 'gitpod/admission', value: 'admit_owner_only' },
      { args: ['mark', 'beta', 'example.com/note=hello'], name: 'example.com/note', value: 'hello' },
      { args: ['mark', 'beta', 'gitpod/experimental=1', '--force'], name: 'gitpod/experimental', value: '1' },
    ];
    for (const c of cases) {
      it(`should apply "${c.args.join(' ')}"`, async () => {
        const out = JSON.parse(await wsOk(bed.cp, [...c.args, '-n', bed.ns, '-o', 'json'])) as {
          metadata: { annotations: Record<string, string> };
        };
        assert.equal(out.metadata.annotations[c.name], c.value);
        assert.equal((await getObject(bed.cp, bed.ns, 'pod/ws-beta')).metadata.annotations?.[c.name], c.value);
      });
    }

    for (const mode of ['server', 'client'] as const) {
      it(`should not persist anything with --dry-run=${mode}`, async () => {
        const before = await resourceVersion(bed.cp, bed.ns, 'pod/ws-beta');
        const line = await wsOk(bed.cp, ['close', 'beta', '-n', bed.ns, `--dry-run=${mode}`]);
        assert.equal(line, `pod/ws-beta marked: +gitpod/closed (${mode === 'server' ? 'server dry run' : 'dry run'})\n`);
        const after = await getObject(bed.cp, bed.ns, 'pod/ws-beta');
        assert.equal(after.metadata.resourceVersion, before);
        assert.equal(after.metadata.annotations?.['gitpod/closed'], undefined);
      });
    }
  });

  describe('plis', () => {
    it('should get the PLIS document as text and -o json', async () => {
      assert.equal(await wsOk(bed.cp, ['plis', 'get', 'alpha', '-n', bed.ns]), 'configmap/plis-alpha\n  hostIP: "10.0.0.9"\n');
      const d = JSON.parse(await wsOk(bed.cp, ['plis', 'get', 'alpha', '-n', bed.ns, '-o', 'json'])) as {
        configMap: string;
        document: object;
        annotations: Record<string, string>;
      };
      assert.equal(d.configMap, 'plis-alpha');
      assert.deepEqual(d.document, { hostIP: '10.0.0.9' });
      assert.equal(d.annotations['gitpod/id'], 'alpha');
    });

    it('should patch fields and annotations in one write and keep fields it does not know', async () => {
      const line = await wsOk(bed.cp, [
        'plis',
        'patch',
        'future',
        '-n',
        bed.ns,
        '--final-backup-complete',
        '--stopping-since',
        '2026-11-28T13:00:00.25+01:00',
        '--host-ip',
        '10.1.2.3',
        'example.com/owner=team-a',
      ]);
      assert.equal(line, 'configmap/plis-future patched\n');
      const cm = await getObject(bed.cp, bed.ns, 'configmap/plis-future');
      assert.deepEqual(JSON.parse(cm.metadata.annotations?.['gitpod/plis'] ?? ''), {
        finalBackupComplete: true,
        stoppingSince: '2026-11-28T12:00:00.25Z',
        hostIP: '10.1.2.3',
        futureField: { nested: [1, { deep: true }] },
      });
      assert.equal(cm.metadata.annotations?.['example.com/owner'], 'team-a');
      assert.equal(
        await wsOk(bed.cp, ['plis', 'patch', 'future', '-n', bed.ns, '--host-ip', '10.1.2.3']),
        'configmap/plis-future unchanged\n',
      );
      assert.equal(await resourceVersion(bed.cp, bed.ns, 'configmap/plis-future'), cm.metadata.resourceVersion);
    });

    it('should print the patched ConfigMap with -o json and persist nothing with --dry-run=server', async () => {
      const before = await resourceVersion(bed.cp, bed.ns, 'configmap/plis-alpha');
      const cm = JSON.parse(
        await wsOk(bed.cp, [
          'plis',
          'patch',
          'alpha',
          '-n',
          bed.ns,
          '--final-backup-failure',
          'disk full',
          '--dry-run=server',
          '-o',
          'json',
        ]),
      ) as { metadata: { annotations: Record<string, string> } };
      assert.equal(JSON.parse(cm.metadata.annotations['gitpod/plis'] ?? '{}').finalBackupFailure, 'disk full');
      assert.equal(await resourceVersion(bed.cp, bed.ns, 'configmap/plis-alpha'), before);
    });
  });
  describe('secrets', () => {
    it('should never print the owner token unless --show-secrets was given', () => assertNoTokenLeak());
  });
});
