// Mocha root hooks: show the API server's log when an integration test fails,
// and stop the shared control plane when the run ends.
import type { Context } from 'mocha';
import { tail } from '../../cluster/processes.js';
import { startedControlPlane } from './cluster.js';

export const mochaHooks = {
  afterEach(this: Context) {
    const cp = startedControlPlane();
    if (cp && this.currentTest?.state === 'failed') {
      process.stderr.write(`\n--- kube-apiserver log (last 15 lines of ${cp.apiServerLogPath}) ---\n${tail(cp.apiServerLogPath, 15)}\n`);
    }
  },
  async afterAll() {
    await startedControlPlane()?.stop();
  },
};
