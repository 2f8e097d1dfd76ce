// Descriptive statistics for benchmark samples: order statistics, spreads and ratios. Pure.

/** Order statistics of one set of samples, in the samples' unit. */
export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly p25: number;
  readonly median: number;
  readonly p75: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Thrown for input no statistic can be computed from; the message names the value. */
export class StatisticsInputError extends Error {
  override name = 'StatisticsInputError';
}

/**
 * The q-quantile of ascending `sorted` samples, interpolating linearly between the two closest
 * ranks (Hyndman & Fan type 7, what numpy and R use by default).
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new StatisticsInputError('quantile of no samples: measure at least one sample first');
  if (!(q >= 0 && q <= 1)) throw new StatisticsInputError(`quantile ${q} is outside [0, 1]; pass e.g. 0.5 for the median`);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export function summarize(samples: readonly number[]): Summary {
  const bad = samples.find((s) => !Number.isFinite(s));
  if (bad !== undefined) throw new StatisticsInputError(`sample ${bad} is not a finite number; every sample must be one`);
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: quantile(sorted, 0),
    p25: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    p99: quantile(sorted, 0.99),
    max: quantile(sorted, 1),
    mean: sorted.reduce((sum, s) => sum + s, 0) / sorted.length,
  };
}

/** `ours / peer`, or undefined when the peer is zero or either side is missing. */
export function ratio(ours: number | undefined, peer: number | undefined): number | undefined {
  if (ours === undefined || peer === undefined || peer === 0 || !Number.isFinite(ours) || !Number.isFinite(peer)) return undefined;
  return ours / peer;
}

/** Elapsed milliseconds since a `process.hrtime.bigint()` reading. */
export function elapsedMs(start: bigint, end: bigint = process.hrtime.bigint()): number {
  return Number(end - start) / 1e6;
}
