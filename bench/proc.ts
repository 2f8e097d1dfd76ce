// Running one command to completion and measuring it: wall time, and peak resident memory
// through GNU time's %M (the kernel's ru_maxrss of the child, which survives kubectl's exec of
// the plugin, so it covers the whole command).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { elapsedMs } from './stats.js';

export const GNU_TIME = '/usr/bin/time';

export interface CommandRun {
  readonly wallMs: number;
  /** Peak RSS in KiB; undefined when not asked for or GNU time is missing. */
  readonly peakRssKib: number | undefined;
  readonly stdoutBytes: number;
  /** Kept only when asked for (large outputs are counted, not stored). */
  readonly stdout: string | undefined;
  readonly stderr: string;
}

export interface CommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly measureRss?: boolean;
  readonly keepStdout?: boolean;
}

/** The command failed; the message carries its exit status and the end of its stderr. */
export class CommandFailedError extends Error {
  override name = 'CommandFailedError';
}

export function gnuTimeAvailable(): boolean {
  return existsSync(GNU_TIME);
}

/** Runs `command args…`; wall time includes process start and exit, as a user would see it. */
export async function runMeasured(command: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandRun> {
  const withRss = options.measureRss === true && gnuTimeAvailable();
  const scratch = withRss ? mkdtempSync(join(tmpdir(), 'bench-time-')) : undefined;
  const timeFile = scratch === undefined ? undefined : join(scratch, 'rss');
  const [file, argv] = timeFile === undefined ? [command, args] : [GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args]];
  try {
    const started = process.hrtime.bigint();
    const { code, stdoutBytes, stdout, stderr } = await spawnCollect(file, argv, options);
    const wallMs = elapsedMs(started);
    if (code !== 0) {
      throw new CommandFailedError(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join('\n')}`);
    }
    const peakRssKib = timeFile === undefined ? undefined : Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop());
    return { wallMs, peakRssKib: Number.isFinite(peakRssKib) ? peakRssKib : undefined, stdoutBytes, stdout, stderr };
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

function spawnCollect(
  file: string,
  args: readonly string[],
  options: CommandOptions,
): Promise<{ code: number | null; stdoutBytes: number; stdout: string | undefined; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdoutBytes += c.length;
      if (options.keepStdout === true) out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ code, stdoutBytes, stdout: options.keepStdout === true ? Buffer.concat(out).toString('utf8') : undefined, stderr }),
    );
  });
}
