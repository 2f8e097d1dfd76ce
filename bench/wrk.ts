// Driving wrk, the external HTTP load generator of the webhook section, and reading its report.
// wrk runs in its own process in C, so the load it offers is not limited by the bench's own event loop.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** How to get wrk, for the message printed when it is missing. */
export const WRK_INSTALL_HINT = "install Debian's package wrk (`apt-get install wrk`, or `npm run setup`, which installs it)";

/** The script that makes wrk POST a file and print the report parseWrkReport reads. */
export const WRK_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'wrk-post.lua');

const REPORT_PREFIX = 'wrk-report ';

export interface WrkErrors {
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  /** Answers with a status outside 2xx and 3xx. */
  readonly status: number;
  readonly timeout: number;
}

export interface WrkReport {
  readonly requests: number;
  readonly durationUs: number;
  readonly errors: WrkErrors;
  /** wrk's latency histogram: [microseconds, count] pairs in ascending order. */
  readonly latencyUs: readonly (readonly [number, number])[];
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly elapsedMs: number;
  readonly requestsPerSecond: number;
  readonly latenciesMs: readonly number[];
}

/** The wrk executable on PATH, or undefined. */
export function findWrk(path: string = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'wrk');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Reads the `wrk-report {…}` line that bench/wrk-post.lua prints after wrk's own summary. */
export function parseWrkReport(stdout: string): WrkReport {
  const line = stdout.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  if (line === undefined)
    throw new Error(
      `wrk printed no "${REPORT_PREFIX.trim()}" line; was it run with ${WRK_SCRIPT}? Its output began: ${JSON.stringify(stdout.slice(0, 300))}`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.slice(REPORT_PREFIX.length));
  } catch (cause) {
    throw new Error(`wrk's report line is not valid JSON (${line.length} characters)`, { cause });
  }
  const report = parsed as Partial<WrkReport> | null;
  const errors = report?.errors as Partial<WrkErrors> | undefined;
  const errorFields = ['connect', 'read', 'write', 'status', 'timeout'] as const;
  if (!isCount(report?.requests) || !isCount(report?.durationUs) || errors === undefined || !errorFields.every((k) => isCount(errors[k]))) {
    throw new Error(`wrk's report lacks requests, durationUs or the error counts: ${line.slice(0, 200)}`);
  }
  const latency = report?.latencyUs;
  if (!Array.isArray(latency) || !latency.every((b) => Array.isArray(b) && b.length === 2 && isCount(b[0]) && isCount(b[1]))) {
    throw new Error("wrk's report has no latency histogram of [microseconds, count] pairs");
  }
  return report as WrkReport;
}

/** One figure per measured request, in milliseconds, from wrk's histogram. */
export function latenciesMs(report: WrkReport): number[] {
  const out: number[] = [];
  for (const [us, count] of report.latencyUs) for (let i = 0; i < count; i++) out.push(us / 1000);
  return out;
}

/** A wrk report as the section's load result: requests/s over wrk's own measured duration. */
export function toLoadResult(report: WrkReport): LoadResult {
  const e = report.errors;
  const elapsedMs = report.durationUs / 1000;
  return {
    requests: report.requests,
    errors: e.connect + e.read + e.write + e.status + e.timeout,
    elapsedMs,
    requestsPerSecond: elapsedMs > 0 ? (report.requests / elapsedMs) * 1000 : 0,
    latenciesMs: latenciesMs(report),
  };
}

export interface WrkOptions {
  readonly wrk: string;
  readonly url: string;
  /** The request body, a file wrk reads once at start. */
  readonly bodyFile: string;
  readonly threads: number;
  readonly connections: number;
  readonly durationMs: number;
  /** A request slower than this counts as a timeout error instead of a latency. */
  readonly timeoutMs: number;
}

/** Runs `wrk -tT -cC -dD --timeout X -s wrk-post.lua URL -- BODYFILE` and reads its report. */
export function runWrk(options: WrkOptions): Promise<WrkReport> {
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${Math.max(1, Math.round(options.durationMs / 1000))}s`,
    '--timeout',
    `${Math.max(1, Math.round(options.timeoutMs / 1000))}s`,
    '-s',
    WRK_SCRIPT,
    options.url,
    '--',
    options.bodyFile,
  ];
  return new Promise((resolve, reject) => {
    execFile(options.wrk, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`wrk ${args.join(' ')} failed: ${error.message}; stderr: ${stderr.slice(0, 500)}`, { cause: error }));
        return;
      }
      try {
        resolve(parseWrkReport(stdout));
      } catch (cause) {
        reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
    });
  });
}
