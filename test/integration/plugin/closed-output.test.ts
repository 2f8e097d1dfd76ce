import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { pluginBin, pluginTestBedFor } from '../../support/plugin.js';

/** Runs the copied plugin with its stdout pipe closed by the reader before the plugin writes, as `| head -0` does. */
function runWithStdoutClosed(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(pluginBin(), [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stderr }));
  });
}

// kubectl, ended by SIGPIPE when its reader leaves, prints nothing: the plugin stops as quietly, with 128 + SIGPIPE.
describe('kubectl workspace with its reader gone (stdout closed)', function () {
  const bed = pluginTestBedFor('plugin-closed-output', [{ id: 'closedout' }]);

  it('should exit 141 without a message for version --client', async () => {
    const r = await runWithStdoutClosed(['version', '--client'], process.env);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 141);
  });

  it('should exit 141 without a message for list, after reading from the cluster', async () => {
    const r = await runWithStdoutClosed(['list', '-n', bed.ns], { ...process.env, KUBECONFIG: bed.cp.kubeconfigPath });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 141);
  });
});
