// The queue of node test runs: a run waits for the node of another run (another process) on the
// machine-wide lock, takes it when that run ends or dies, and gives up after its bound with a message
// that names the holder. Each case uses its own lock file, so a real node run is never held up.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../../cluster/net.js';
import { holdNodeLock } from '../../support/node-lock.js';

const lockModule = fileURLToPath(new URL('../../support/node-lock.ts', import.meta.url));

/** Another test run: a Node process that holds the lock at `path` as `holder` until its stdin closes or it is killed. */
async function otherRun(path: string, holder: string): Promise<ChildProcess> {
  const code = [
    `const { holdNodeLock } = await import(${JSON.stringify(lockModule)});`,
    `await holdNodeLock({ path: ${JSON.stringify(path)}, holder: ${JSON.stringify(holder)} });`,
    `process.stdout.write('held\\n');`,
    `process.stdin.resume();`,
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) resolve();
    });
    child.on('exit', (exitCode) => reject(new Error(`the other run exited ${exitCode} before it held the lock`)));
  });
  child.removeAllListeners('exit');
  return child;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/** Whether a process other than this one could take the lock right now. */
const freeForOthers = (path: string): boolean => spawnSync('flock', ['--nonblock', path, 'true']).status === 0;

describe('holdNodeLock (the machine-wide queue of node test runs)', function () {
  this.timeout(60_000);
  let dir: string;
  let path: string;
  const others: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kw-node-lock-'));
    path = join(dir, 'node-tests.lock');
  });

  afterEach(async () => {
    for (const child of others.splice(0)) {
      child.kill('SIGKILL');
      await exited(child);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('should wait while another run holds the lock, naming it, and take the lock once that run ends', async () => {
    const other = await otherRun(path, 'the other checkout');
    others.push(other);
    const messages: string[] = [];
    let taken = false;
    const holding = holdNodeLock({ path, timeoutMs: 50_000, log: (m) => messages.push(m) }).then((release) => {
      taken = true;
      return release;
    });
    await waitFor('the waiting message', 20_000, async () => messages.length > 0);
    assert.equal(taken, false, 'the lock was taken while the other run held it');
    assert.match(
      messages[0]!,
      /waiting up to [\d.]+ min for another node test run on this machine \(the other checkout; lock .*node-tests\.lock\)/,
    );
    other.stdin?.end();
    const release = await holding;
    assert.equal(freeForOthers(path), false);
    await release();
    assert.equal(freeForOthers(path), true);
  });

  it('should take the lock of a run that was killed', async () => {
    const other = await otherRun(path, 'a run that dies');
    others.push(other);
    assert.equal(freeForOthers(path), false);
    other.kill('SIGKILL');
    const release = await holdNodeLock({ path, timeoutMs: 50_000 });
    await release();
  });

  it('should give up after its bound with a message naming the run that holds the lock', async () => {
    others.push(await otherRun(path, 'a run that never ends'));
    await assert.rejects(
      holdNodeLock({ path, timeoutMs: 1500 }),
      /could not take the node test lock .*node-tests\.lock: another node test run still held it after [\d.]+ min \(a run that never ends\); wait for that run to end or stop it, then retry/,
    );
  });

  it('should count nested holds within one run and let go after the last', async () => {
    const outer = await holdNodeLock({ path });
    const inner = await holdNodeLock({ path });
    await inner();
    await inner();
    assert.equal(freeForOthers(path), false, 'the outer hold still holds the lock');
    await outer();
    assert.equal(freeForOthers(path), true);
  });
});
