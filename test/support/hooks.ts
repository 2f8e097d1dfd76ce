// Mocha root hooks. Every temporary directory of the run (os.tmpdir() here and
// in child processes) lives under one run directory, removed after a clean run
// and kept, with the control plane's logs, after a failure. A failing
// integration test also prints the tail of the API server's log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context } from 'mocha';
import { tail } from '../../cluster/processes.js';
import { startedControlPlane } from './cluster.js';

const runDir = mkdtempSync(join(tmpdir(), 'kw-test-run-'));
process.env['TMPDIR'] = runDir;
let failures = 0;

export const mochaHooks = {
  afterEach(this: Context) {
    if (this.currentTest?.state !== 'failed') return;
    failures++;
    const cp = startedControlPlane();
    if (cp) {
      process.stderr.write(`\n--- kube-apiserver log (last 15 lines of ${cp.apiServerLogPath}) ---\n${tail(cp.apiServerLogPath, 15)}\n`);
    }
  },
  async afterAll() {
    await startedControlPlane()?.stop();
    if (failures === 0) rmSync(runDir, { recursive: true, force: true });
    else process.stderr.write(`temporary files of this run, control plane logs included, kept in ${runDir}\n`);
  },
};
