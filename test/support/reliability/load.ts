// Open-loop load at a fixed rate: requests start on schedule whether or not earlier ones finished.
import { setTimeout as sleep } from 'node:timers/promises';

export interface LoadOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  /** One request; resolves with an error description, or undefined when it succeeded. */
  readonly send: (index: number) => Promise<string | undefined>;
  /** Called about once a second while the load runs, e.g. to sample memory or rotate certificates. */
  readonly tick?: (elapsedMs: number) => void | Promise<void>;
}

export interface LoadResult {
  readonly sent: number;
  readonly succeeded: number;
  /** Error description → count. */
  readonly errors: Readonly<Record<string, number>>;
  readonly latenciesMs: readonly number[];
  readonly elapsedMs: number;
}

export async function runFixedRate(options: LoadOptions): Promise<LoadResult> {
  const interval = 1000 / options.ratePerSecond;
  const total = Math.round((options.durationMs / 1000) * options.ratePerSecond);
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let nextTick = 1000;
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (options.tick && performance.now() - start >= nextTick) {
      nextTick += 1000;
      await options.tick(performance.now() - start);
    }
    const begun = performance.now();
    const p = options
      .send(i)
      .then(
        (error) => {
          if (error === undefined) latencies.push(performance.now() - begun);
          else errors[error] = (errors[error] ?? 0) + 1;
        },
        (thrown: unknown) => {
          const key = `thrown: ${String(thrown)}`;
          errors[key] = (errors[key] ?? 0) + 1;
        },
      )
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return { sent: total, succeeded: latencies.length, errors, latenciesMs: latencies, elapsedMs: performance.now() - start };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function errorCount(result: LoadResult): number {
  return Object.values(result.errors).reduce((a, b) => a + b, 0);
}
