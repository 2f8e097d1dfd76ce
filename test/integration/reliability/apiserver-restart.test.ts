// `plis patch` processes keep running while the API server restarts: each call succeeds or fails clearly, and no reported success is lost.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ControlPlane } from '../../../cluster/controlplane.js';
import { ensureTools } from '../../../cluster/tools.js';
import { createTestNamespace, type KubectlResult } from '../../support/cluster.js';
import { figure } from '../../support/reliability/figures.js';
import { buildPlugin, createWorkspace, objectState, ws } from '../../support/plugin.js';
import { RELIABILITY_WORKSPACE, allOutputs, assertOwnerTokenNotIn } from '../../support/reliability/transcript.js';

const WORKERS = 3;
const CALLS_AFTER_RESTART = 12;

interface Call {
  readonly index: number;
  readonly phase: 'before' | 'during' | 'after';
  readonly result: KubectlResult;
}

describe('plis patch while the API server restarts (own control plane)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let ns: string;
  const calls: Call[] = [];

  before(async function () {
    buildPlugin();
    // Not the shared control plane: a restart must not disturb other suites.
    cp = await ControlPlane.start({ dir: mkdtempSync(join(tmpdir(), 'kw-rel-restart-')), binDir: ensureTools() });
    ns = await createTestNamespace(cp, 'rel-restart');
    await createWorkspace(cp, ns, { ...RELIABILITY_WORKSPACE, id: 'restart', plis: '{"hostIP":"10.0.0.9","futureField":{"kept":true}}' });

    let phase: Call['phase'] = 'before';
    let next = 0;
    let afterCount = 0;
    let done = false;
    const worker = async () => {
      while (!done) {
        const index = next++;
        const started = phase;
        const result = await ws(cp, [
          'plis',
          'patch',
          'restart',
          `reliability.example.com/call-${index}=v${index}`,
          '-n',
          ns,
          '--request-timeout',
          '20s',
        ]);
        calls.push({ index, phase: started === 'before' && phase !== 'before' ? 'during' : started, result });
        if (started === 'after' && ++afterCount >= CALLS_AFTER_RESTART) done = true;
      }
    };
    const workers = Array.from({ length: WORKERS }, worker);
    while (next < 6) await sleep(50);
    phase = 'during';
    const restartStarted = performance.now();
    await cp.restartApiServer();
    figure('API server restart (stop + start + ready), ms', Math.round(performance.now() - restartStarted));
    phase = 'after';
    await Promise.all(workers);
  });

  after(async () => {
    await cp?.stop();
  });

  it('should end every call with exit 0, or exit 1 and an error line naming the server or its answer', () => {
    const failed = calls.filter((c) => c.result.code !== 0);
    const port = new URL(cp.server).port;
    for (const c of failed) {
      assert.equal(c.result.code, 1, `call ${c.index}: ${c.result.stderr}`);
      assert.match(c.result.stderr, /^error: /, `call ${c.index}: ${c.result.stderr}`);
      assert.ok(
        c.result.stderr.includes(`127.0.0.1:${port}`) || c.result.stderr.startsWith('error: from server ('),
        `call ${c.index} does not name the server: ${c.result.stderr}`,
      );
    }
    const messages = [...new Set(failed.map((c) => c.result.stderr.trim().replaceAll(/call-\d+/g, 'call-N')))];
    figure(
      'plis patch during API server restart: calls / succeeded / failed',
      `${calls.length} / ${calls.length - failed.length} / ${failed.length}`,
      { messages },
    );
    for (const m of messages) figure('plis patch during restart, error', m);
    assert.ok(calls.filter((c) => c.phase === 'after' && c.result.code === 0).length >= 1, 'no call succeeded after the restart');
  });

  it('should keep the annotation of every call that reported success (no lost update)', async () => {
    const { annotations } = await objectState(cp, ns, 'configmap/plis-restart');
    const lost = calls.filter((c) => c.result.code === 0 && annotations[`reliability.example.com/call-${c.index}`] !== `v${c.index}`);
    assert.deepEqual(
      lost.map((c) => c.index),
      [],
    );
    const plis = JSON.parse(annotations['gitpod/plis'] ?? '') as Record<string, unknown>;
    assert.deepEqual(plis, { hostIP: '10.0.0.9', futureField: { kept: true } });
  });

  it('should accept patches normally afterwards', async () => {
    const r = await ws(cp, ['plis', 'patch', 'restart', '--final-backup-complete', '-n', ns]);
    assert.equal(r.code, 0, r.stderr);
  });

  it('should give up on a frozen API server after --request-timeout with an error naming the server', async () => {
    const apiServer = cp.processes.find((p) => p.name === 'kube-apiserver');
    assert.ok(apiServer);
    const before = await objectState(cp, ns, 'configmap/plis-restart');
    process.kill(apiServer.pid, 'SIGSTOP');
    let r: KubectlResult;
    try {
      r = await ws(cp, ['plis', 'patch', 'restart', '--host-ip', '10.9.9.9', '-n', ns, '--request-timeout', '2s']);
    } finally {
      process.kill(apiServer.pid, 'SIGCONT');
    }
    figure('plis patch against a frozen API server (--request-timeout 2s)', `exit ${r.code}: ${r.stderr.trim()}`);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^error: .*${cp.server.replaceAll('.', '\\.')}.*--request-timeout`));
    assert.equal((await objectState(cp, ns, 'configmap/plis-restart')).resourceVersion, before.resourceVersion);
  });

  it('should never show the owner token in the plugin output or the API server log', () => {
    assertOwnerTokenNotIn('owner token search, restart suite (with its API server log)', allOutputs([cp.apiServerLogPath]));
  });
});
