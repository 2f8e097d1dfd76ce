import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ControlPlaneState } from '../../../cluster/controlplane.js';
import { pluginDir } from '../../support/plugin.js';

const run = promisify(execFile);

describe('npm run demo', function () {
  let dir: string;
  let state: ControlPlaneState;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    this.timeout(300_000);
    dir = join(mkdtempSync(join(tmpdir(), 'kw-demo-')), 'cluster');
    // dist/ is built by `npm test` before mocha starts; the demo's webhook runs from it.
    await run('npx', ['tsx', 'cluster/cli.ts', 'demo', '--dir', dir]);
    state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as ControlPlaneState;
    env = { ...process.env, KUBECONFIG: join(dir, 'kubeconfig'), PATH: `${pluginDir()}:${state.binDir}:${process.env.PATH}` };
  });

  after(async function () {
    this.timeout(60_000);
    if (dir) await run('npx', ['tsx', 'cluster/cli.ts', 'down', '--dir', dir]);
  });

  it('should leave three sample workspaces that kubectl workspace list shows', async function () {
    const { stdout } = await run(join(state.binDir, 'kubectl'), ['workspace', 'list', '-o', 'json'], { env });
    const ids = (JSON.parse(stdout).items as { metadata: { labels: Record<string, string> } }[])
      .map((p) => p.metadata.labels.workspaceID)
      .sort();
    assert.deepEqual(ids, ['a1b2c3', 'd4e5f6', 'f7a8b9']);
  });

  it('should register the webhook so kubectl annotate explicitFail gets failedBeforeStopping', async function () {
    const kubectl = join(state.binDir, 'kubectl');
    await run(kubectl, ['annotate', 'pod', 'ws-a1b2c3', 'gitpod/explicitFail=demo failure'], { env });
    const { stdout } = await run(kubectl, ['get', 'pod', 'ws-a1b2c3', '-o', 'json'], { env });
    assert.equal(JSON.parse(stdout).metadata.annotations['gitpod/failedBeforeStopping'], 'true');
    assert.ok(state.processes.some((p) => p.name === 'workspace-webhook'));
  });

  it('should not copy the owner token into a last-applied-configuration annotation', async function () {
    const { stdout } = await run(join(state.binDir, 'kubectl'), ['get', 'pod', 'ws-a1b2c3', '-o', 'json'], { env });
    const annotations = JSON.parse(stdout).metadata.annotations as Record<string, string>;
    assert.equal(annotations['gitpod/ownerToken'], 'owner-token-a1b2c3');
    assert.equal(annotations['kubectl.kubernetes.io/last-applied-configuration'], undefined);
  });
});
