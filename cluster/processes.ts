// Starting and stopping the control plane's child processes. A process is
// only signalled while /proc shows it still runs the binary we started, so a
// recycled pid is never killed by mistake.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';

export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  readonly binary: string;
  readonly logPath: string;
}

export interface SpawnOptions {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly logPath: string;
  /** Keep running after this Node process exits (for `cluster up`). */
  readonly detached: boolean;
}

const owned = new Map<number, ChildProcess>();
let exitHookInstalled = false;

/** Children of a test run die with it, even when the run is interrupted. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of owned.values()) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const child of owned.values()) child.kill('SIGKILL');
      process.exit(130);
    });
  }
}

export function spawnLogged(options: SpawnOptions): StartedProcess {
  const fd = openSync(options.logPath, 'a');
  try {
    const child = spawn(options.binary, options.args, {
      stdio: ['ignore', fd, fd],
      detached: options.detached,
    });
    if (child.pid === undefined) throw new Error(`could not start ${options.name} (${options.binary})`);
    if (options.detached) {
      child.unref();
    } else {
      installExitHook();
      owned.set(child.pid, child);
      child.once('exit', () => owned.delete(child.pid ?? -1));
    }
    return { name: options.name, pid: child.pid, binary: options.binary, logPath: options.logPath };
  } finally {
    closeSync(fd);
  }
}

/** True while `pid` is alive and still the binary we started. */
export function isRunning(proc: Pick<StartedProcess, 'pid' | 'binary'>): boolean {
  try {
    const cmdline = readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${proc.pid}/stat`, 'utf8');
    // A zombie has exited; it only waits for its parent to reap it.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return cmdline.split('\0')[0] === proc.binary && state !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(proc: StartedProcess, graceMs = 10_000): Promise<void> {
  if (!isRunning(proc)) return;
  process.kill(proc.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isRunning(proc) && Date.now() < deadline) await sleep(50);
  if (isRunning(proc)) {
    process.kill(proc.pid, 'SIGKILL');
    while (isRunning(proc)) await sleep(20);
  }
  owned.delete(proc.pid);
}

export function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return `(no log at ${path})`;
  }
}
