import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ControlPlaneState } from '../../../cluster/controlplane.js';

const run = promisify(execFile);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

describe('npm run cluster', function () {
  it('should start a detached v1.36 control plane with the webhook registered, and leave no process behind after down', async function () {
    this.timeout(300_000);
    const dir = join(mkdtempSync(join(tmpdir(), 'kw-cluster-cli-')), 'cluster');
    const cli = ['tsx', 'cluster/cli.ts'];
    const up = await run('npx', [...cli, 'up', '--dir', dir]);
    assert.match(up.stdout, new RegExp(`export KUBECONFIG=${join(dir, 'kubeconfig')}`));

    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as ControlPlaneState;
    assert.deepEqual(
      state.processes.map((p) => p.name),
      ['etcd', 'kube-apiserver', 'workspace-webhook'],
    );
    const pids = state.processes.map((p) => p.pid);
    try {
      const kubectl = join(state.binDir, 'kubectl');
      const version = await run(kubectl, ['--kubeconfig', join(dir, 'kubeconfig'), 'version', '-o', 'json']);
      assert.match(JSON.parse(version.stdout).serverVersion.gitVersion, /^v1\.36\./);
      const mwc = await run(kubectl, [
        '--kubeconfig',
        join(dir, 'kubeconfig'),
        'get',
        'mutatingwebhookconfiguration',
        'workspace-webhook',
        '-o',
        'json',
      ]);
      assert.match(JSON.parse(mwc.stdout).webhooks[0].clientConfig.url, /^https:\/\/127\.0\.0\.1:\d+\/mutate$/);
      for (const pid of pids) assert.equal(alive(pid), true, `pid ${pid} should run after up`);
    } finally {
      await run('npx', [...cli, 'down', '--dir', dir]);
    }
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} should be gone after down`);
    assert.equal(existsSync(dir), false);
  });

  it('should exit 2 with usage on an unknown command', async function () {
    this.timeout(60_000);
    const err = await run('npx', ['tsx', 'cluster/cli.ts', 'sideways']).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    assert.ok(err, 'expected a non-zero exit');
    assert.equal(err.code, 2);
    assert.match(err.stderr, /error: unknown command "sideways"/);
  });
});
