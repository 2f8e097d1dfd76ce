import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlOk } from '../../support/cluster.js';
import { assertNoTokenLeak, getObject, pluginTestBedFor, resourceVersion, ws, wsOk } from '../../support/plugin.js';

/** A loopback port nothing listens on (taken from the kernel, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('kubectl workspace write safety and kubectl conventions (built plugin, real kubectl, real API server)', function () {
  this.timeout(120_000);
  const bed = pluginTestBedFor('plugin-safe', [{ id: 'failed' }, { id: 'args' }, { id: 'badplis', plis: '{not json' }]);

  describe('failedBeforeStopping', () => {
    it('should refuse to delete it after fail, saying why, and write nothing', async () => {
      await wsOk(bed.cp, ['fail', 'failed', 'out of memory', '-n', bed.ns]);
      const before = await resourceVersion(bed.cp, bed.ns, 'pod/ws-failed');
      const r = await ws(bed.cp, ['mark', 'failed', 'gitpod/failedBeforeStopping-', '-n', bed.ns]);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(
        r.stderr,
        /^error: .*no deletion of gitpod\/failedBeforeStopping while gitpod\/explicitFail is set .*admission would restore it/,
      );
      assert.equal(await resourceVersion(bed.cp, bed.ns, 'pod/ws-failed'), before);
    });

    it('should delete both when explicitFail goes in the same command, reporting what the server returned', async () => {
      const out = await wsOk(bed.cp, ['mark', 'failed', 'gitpod/explicitFail-', 'gitpod/failedBeforeStopping-', '-n', bed.ns]);
      assert.equal(out, 'pod/ws-failed marked: -gitpod/explicitFail -gitpod/failedBeforeStopping\n');
      const annotations = (await getObject(bed.cp, bed.ns, 'pod/ws-failed')).metadata.annotations ?? {};
      assert.equal(annotations['gitpod/explicitFail'], undefined);
      assert.equal(annotations['gitpod/failedBeforeStopping'], undefined);
    });
  });

  describe('arguments as kubectl reads them', () => {
    it('should take every argument after -- as a positional: a reason that starts with "-"', async () => {
      assert.equal(
        await wsOk(bed.cp, ['-n', bed.ns, 'fail', 'args', '--', '--exit-code=137']),
        'pod/ws-args marked: +gitpod/explicitFail +gitpod/failedBeforeStopping\n',
      );
      assert.equal((await getObject(bed.cp, bed.ns, 'pod/ws-args')).metadata.annotations?.['gitpod/explicitFail'], '--exit-code=137');
      await wsOk(bed.cp, ['-n', bed.ns, 'time-out', 'args', '--', '-h']);
      assert.equal((await getObject(bed.cp, bed.ns, 'pod/ws-args')).metadata.annotations?.['gitpod/timedout'], '-h');
    });

    it('should answer a negative timeout with an error, never with help and exit 0', async () => {
      for (const args of [
        ['timeout', 'args', '-2562047h47m16.854775808s'],
        ['timeout', 'args', '-5m'],
        ['timeout', 'args', '--', '-5m'],
      ]) {
        const r = await ws(bed.cp, ['-n', bed.ns, ...args]);
        assert.equal(r.code, 1, args.join(' '));
        assert.equal(r.stdout, '', args.join(' '));
        assert.match(r.stderr, /^error: invalid value "-.*" for timeout: expected a positive Go duration/, args.join(' '));
      }
    });

    it('should write an unprefixed catalogue name or a duration-like time-out reason only with --force', async () => {
      assert.equal(await wsOk(bed.cp, ['mark', 'args', 'closed=true', '--force', '-n', bed.ns]), 'pod/ws-args marked: +closed\n');
      assert.equal(await wsOk(bed.cp, ['time-out', 'args', '30m', '--force', '-n', bed.ns]), 'pod/ws-args marked: +gitpod/timedout\n');
      const annotations = (await getObject(bed.cp, bed.ns, 'pod/ws-args')).metadata.annotations ?? {};
      assert.equal(annotations['closed'], 'true');
      assert.equal(annotations['gitpod/timedout'], '30m');
    });
  });

  describe('reads', () => {
    it('should exit 1 for an unreadable PLIS in every output format', async () => {
      for (const format of [[], ['-o', 'json'], ['-o', 'yaml']]) {
        const r = await ws(bed.cp, ['plis', 'get', 'badplis', '-n', bed.ns, ...format]);
        assert.equal(r.code, 1, `plis get ${format.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^error: .*plis-badplis/, format.join(' '));
      }
      const json = await ws(bed.cp, ['plis', 'get', 'badplis', '-n', bed.ns, '-o', 'json']);
      assert.equal((JSON.parse(json.stdout) as { configMap: string }).configMap, 'plis-badplis');
    });

    it('should list and get a pod that is being deleted as Terminating, as kubectl does', async () => {
      await kubectlOk(bed.cp, ['create', '-f', '-'], {
        input: JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: 'ws-leaving',
            namespace: bed.ns,
            labels: { workspaceID: 'leaving' },
            finalizers: ['workspace.gitpod.io/test-hold'],
          },
          spec: { containers: [{ name: 'workspace', image: 'registry.invalid/workspace:1' }] },
        }),
      });
      try {
        assert.match(await wsOk(bed.cp, ['list', '-n', bed.ns]), /^leaving\s+ws-leaving\s+Pending\s/m);
        await kubectlOk(bed.cp, ['delete', 'pod', 'ws-leaving', '-n', bed.ns, '--wait=false']);
        assert.match(await kubectlOk(bed.cp, ['get', 'pod', 'ws-leaving', '-n', bed.ns]), /\sTerminating\s/);
        assert.match(await wsOk(bed.cp, ['list', '-n', bed.ns]), /^leaving\s+ws-leaving\s+Terminating\s/m);
        assert.match(await wsOk(bed.cp, ['get', 'leaving', '-n', bed.ns]), /^Phase: +Terminating$/m);
      } finally {
        await kubectlOk(bed.cp, ['patch', 'pod', 'ws-leaving', '-n', bed.ns, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
      }
    });
  });

  describe('version', () => {
    it('should print the client version, then the server error, and exit 1 when the server is down', async () => {
      const admin = JSON.parse(await kubectlOk(bed.cp, ['config', 'view', '--raw', '-o', 'json'])) as {
        clusters: { cluster: { server: string } }[];
      };
      const cluster = admin.clusters[0]?.cluster;
      assert.ok(cluster !== undefined);
      cluster.server = `https://127.0.0.1:${await closedPort()}`;
      const kubeconfig = join(tmpdir(), `kw-safety-down-${process.pid}.kubeconfig`);
      writeFileSync(kubeconfig, JSON.stringify(admin));
      const text = await ws(bed.cp, ['version'], { kubeconfig });
      assert.equal(text.code, 1);
      assert.match(text.stdout, /^Client Version: v\d+\.\d+\.\d+\n$/);
      assert.match(text.stderr, /^error: .*127\.0\.0\.1/);
      const json = await ws(bed.cp, ['version', '-o', 'json'], { kubeconfig });
      assert.equal(json.code, 1);
      assert.deepEqual(Object.keys(JSON.parse(json.stdout) as object), ['clientVersion']);
    });
  });

  describe('secrets', () => {
    it('should never print the owner token unless --show-secrets was given', () => assertNoTokenLeak());
  });
});
