import assert from 'node:assert/strict';
import { runKubectl } from '../../support/cluster.js';
import { pluginEnv, pluginTestBedFor } from '../../support/plugin.js';

// Measured and reported, never asserted: wall time depends on the machine.
describe('kubectl workspace get compared with kubectl get (measurement)', function () {
  const bed = pluginTestBedFor('plugin-timing', [{ id: 'timed' }]);

  it('should run both 10 times, alternated, and report the medians', async function () {
    this.timeout(120000);
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const timed = async (args: string[], env?: Record<string, string>): Promise<number> => {
      const start = process.hrtime.bigint();
      const r = await runKubectl(bed.cp, args, env === undefined ? {} : { env });
      assert.equal(r.code, 0, r.stderr);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const plugin: number[] = [];
    const kubectl: number[] = [];
    for (let i = 0; i < 10; i++) {
      plugin.push(await timed(['workspace', 'get', 'timed', '-n', bed.ns], pluginEnv(bed.cp)));
      kubectl.push(await timed(['get', 'pod', '-l', 'workspaceID=timed', '-n', bed.ns, '-o', 'json']));
    }
    process.stderr.write(
      `      median wall time: kubectl workspace get ${median(plugin).toFixed(0)} ms, ` +
        `kubectl get pod -l workspaceID=<id> -o json ${median(kubectl).toFixed(0)} ms (10 runs each, alternated)\n`,
    );
    assert.equal(plugin.length + kubectl.length, 20);
  });
});
