// Reading histograms out of Prometheus text exposition (the API server's /metrics). Pure.
import { StatisticsInputError } from './stats.js';

export interface Bucket {
  /** Upper bound in the metric's unit; Infinity for +Inf. */
  readonly le: number;
  /** Cumulative count of observations ≤ le. */
  readonly count: number;
}

export interface Histogram {
  readonly buckets: readonly Bucket[];
  readonly sum: number;
  readonly count: number;
}

export const EMPTY_HISTOGRAM: Histogram = Object.freeze({ buckets: [], sum: 0, count: 0 });

type Labels = Readonly<Record<string, string>>;

interface Sample {
  readonly name: string;
  readonly labels: Labels;
  readonly value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

function parseLine(line: string): Sample | undefined {
  if (line === '' || line.startsWith('#')) return undefined;
  const m = SAMPLE_LINE.exec(line);
  if (m === null) return undefined;
  const labels: Record<string, string> = {};
  for (const pair of (m[2] ?? '').matchAll(LABEL_PAIR)) {
    labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return { name: m[1] as string, labels, value: parseValue(m[3] as string) };
}

function matches(labels: Labels, want: Labels): boolean {
  return Object.entries(want).every(([k, v]) => labels[k] === v);
}

/**
 * The histogram `name` summed over every series whose labels include `want` (other labels, such
 * as a webhook's name or a rejected flag, are added together). Empty when no series matches.
 */
export function readHistogram(text: string, name: string, want: Labels = {}): Histogram {
  const byLe = new Map<number, number>();
  let sum = 0;
  let count = 0;
  for (const line of text.split('\n')) {
    const s = parseLine(line);
    if (s === undefined || !matches(s.labels, want)) continue;
    if (s.name === `${name}_bucket`) {
      const le = parseValue(s.labels['le'] ?? '');
      if (Number.isNaN(le)) continue;
      byLe.set(le, (byLe.get(le) ?? 0) + s.value);
    } else if (s.name === `${name}_sum`) {
      sum += s.value;
    } else if (s.name === `${name}_count`) {
      count += s.value;
    }
  }
  const buckets = [...byLe.entries()].sort(([a], [b]) => a - b).map(([le, c]) => ({ le, count: c }));
  return { buckets, sum, count };
}

/** Observations made between two scrapes of the same histogram. */
export function histogramDelta(after: Histogram, before: Histogram): Histogram {
  const old = new Map(before.buckets.map((b) => [b.le, b.count]));
  return {
    buckets: after.buckets.map((b) => ({ le: b.le, count: b.count - (old.get(b.le) ?? 0) })),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

/**
 * The q-quantile estimated from cumulative buckets the way PromQL's histogram_quantile does:
 * linear within the bucket holding the rank, the lower bound of the first bucket taken as 0, and
 * the highest finite bound returned when the rank falls in +Inf. Undefined without observations.
 */
export function histogramQuantile(h: Histogram, q: number): number | undefined {
  if (!(q >= 0 && q <= 1)) throw new StatisticsInputError(`quantile ${q} is outside [0, 1]; pass e.g. 0.99`);
  const buckets = h.buckets;
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return undefined;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of buckets) {
    if (b.count >= rank && b.count > prevCount) {
      if (b.le === Infinity) return prevLe;
      return prevLe + (b.le - prevLe) * ((rank - prevCount) / (b.count - prevCount));
    }
    if (b.le !== Infinity) prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

/** Mean observation, or undefined without observations. */
export function histogramMean(h: Histogram): number | undefined {
  return h.count > 0 ? h.sum / h.count : undefined;
}
