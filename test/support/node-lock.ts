// One node runs per machine, and the product refuses a second at once. Test runs in different
// processes (two checkouts running `npm test`) queue on a machine-wide flock(1) lock instead: the
// lock is held by a `flock` child whose stdin is this process, so it is released when the process
// ends, however it ends, and a lock can never be left behind by a dead owner.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';

/** The lock node test runs of this machine queue on. */
export const NODE_TEST_LOCK = '/run/kubectl-workspace-node-tests.lock';

/** How long a run waits for the node of another run before it gives up. */
export const NODE_TEST_LOCK_TIMEOUT_MS = 20 * 60_000;

export interface NodeLockOptions {
  readonly path?: string;
  readonly timeoutMs?: number;
  /** What this run is, written into the lock file for the message of a run that waits behind it. */
  readonly holder?: string;
  readonly log?: (message: string) => void;
}

/** Gives the lock back; calling it again does nothing. */
export type ReleaseNodeLock = () => Promise<void>;

interface Held {
  readonly child: ChildProcess;
  holds: number;
}

// Per lock path: a process holds each lock once; nested holds (a test that starts a second node
// while its own is up, to see the product refuse it) only count.
const held = new Map<string, Held>();

function holderOf(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Waits (at most `timeoutMs`) until no other process holds the lock at `path`, then holds it until
 * the returned function is called. The wait is logged once, naming the run that holds the lock.
 */
export async function holdNodeLock(options: NodeLockOptions = {}): Promise<ReleaseNodeLock> {
  const path = options.path ?? NODE_TEST_LOCK;
  const timeoutMs = options.timeoutMs ?? NODE_TEST_LOCK_TIMEOUT_MS;
  const mine = held.get(path);
  if (mine !== undefined) {
    mine.holds++;
    return releaseOnce(path, mine);
  }
  const holder = options.holder ?? `pid ${process.pid} in ${process.cwd()}`;
  // flock opens (creates) the file, locks it, then runs the shell: it writes who holds the lock and
  // says so, then waits for its stdin to close.
  const script = 'printf "%s\\n" "$1" > "$2" && echo locked && exec cat > /dev/null';
  const child = spawn('flock', ['--exclusive', '--wait', String(timeoutMs / 1000), path, 'sh', '-c', script, 'sh', holder, path], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const waiting = setTimeout(() => {
    options.log?.(`waiting up to ${timeoutMs / 60_000} min for another node test run on this machine (${holderOf(path)}; lock ${path})`);
  }, 1000);
  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('locked\n')) resolve();
      });
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', (err) =>
        reject(new Error(`could not run flock(1) for the node test lock ${path}: ${err.message}`, { cause: err })),
      );
      child.on('exit', (code) => {
        const why =
          code === 1 && stderr === ''
            ? `another node test run still held it after ${timeoutMs / 60_000} min (${holderOf(path)})`
            : `flock exited ${code}: ${stderr.trim()}`;
        reject(new Error(`could not take the node test lock ${path}: ${why}; wait for that run to end or stop it, then retry`));
      });
    });
  } finally {
    clearTimeout(waiting);
  }
  child.removeAllListeners('exit');
  // The held lock must not keep the process alive: when it exits, the pipe closes and flock lets go.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as Socket | null)?.unref();
  const entry: Held = { child, holds: 1 };
  held.set(path, entry);
  return releaseOnce(path, entry);
}

function releaseOnce(path: string, entry: Held): ReleaseNodeLock {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--entry.holds > 0) return;
    held.delete(path);
    if (entry.child.exitCode !== null || entry.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => entry.child.once('exit', () => resolve()));
    entry.child.ref();
    entry.child.stdin?.end();
    await exited;
  };
}
