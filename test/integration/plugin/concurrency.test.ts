import assert from 'node:assert/strict';
import { getObject, pluginTestBedFor, ws, wsDirect } from '../../support/plugin.js';

describe('kubectl workspace under contention (real API server)', function () {
  const bed = pluginTestBedFor('plugin-race', [{ id: 'busy', plis: '{"futureField":"kept"}' }]);

  it('should keep all 50 annotations written by 50 concurrent mark processes', async function () {
    this.timeout(240000);
    const n = 50;
    // Through kubectl's plugin discovery, like a user's script would run them.
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        ws(bed.cp, ['mark', 'busy', `example.com/k${i}=v${i}`, `gitpod/test-${i}=${i}`, '--force', '-n', bed.ns]),
      ),
    );
    for (const [i, r] of results.entries()) assert.equal(r.code, 0, `process ${i}: ${r.stderr}`);
    const annotations = (await getObject(bed.cp, bed.ns, 'pod/ws-busy')).metadata.annotations ?? {};
    for (let i = 0; i < n; i++) {
      assert.equal(annotations[`example.com/k${i}`], `v${i}`);
      assert.equal(annotations[`gitpod/test-${i}`], String(i));
    }
  });

  it('should lose nothing when 20 plis patch processes race on one ConfigMap', async function () {
    this.timeout(240000);
    const patches: string[][] = [
      ['--final-backup-complete'],
      ['--final-backup-failure', 'disk full'],
      ['--stopping-since', '2026-11-28T10:00:00.123456789Z'],
      ['--host-ip', '10.4.5.6'],
      ...Array.from({ length: 16 }, (_, i) => [`example.com/p${i}=${i}`]),
    ];
    const results = await Promise.all(patches.map((p) => wsDirect(bed.cp, ['plis', 'patch', 'busy', '-n', bed.ns, ...p])));
    for (const [i, r] of results.entries()) assert.equal(r.code, 0, `process ${i} (${patches[i]?.join(' ')}): ${r.stderr}`);
    const annotations = (await getObject(bed.cp, bed.ns, 'configmap/plis-busy')).metadata.annotations ?? {};
    assert.deepEqual(JSON.parse(annotations['gitpod/plis'] ?? '{}'), {
      finalBackupComplete: true,
      finalBackupFailure: 'disk full',
      stoppingSince: '2026-11-28T10:00:00.123456789Z',
      hostIP: '10.4.5.6',
      futureField: 'kept',
    });
    for (let i = 0; i < 16; i++) assert.equal(annotations[`example.com/p${i}`], String(i));
  });
});
