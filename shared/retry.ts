// Retrying a read-modify-write on 409 Conflict with jittered exponential backoff, as client-go's retry.RetryOnConflict.
import { ConflictRetriesExhaustedError } from './errors.js';

export interface Backoff {
  /** Attempts in total (at least 1). */
  readonly steps: number;
  /** Sleep after the first failed attempt, before jitter. */
  readonly initialDelayMs: number;
  /** Each sleep is the previous one times this. */
  readonly factor: number;
  /** Each sleep grows by up to this fraction of itself, at random (0 = none). */
  readonly jitter: number;
  /** Caps the sleep before jitter. Unlike client-go's Cap it does not end the retries. Default: none. */
  readonly maxDelayMs?: number;
}

/** client-go's retry.DefaultBackoff: 4 attempts, sleeps 10, 50, 250 ms, each plus up to 10 %. */
export const DEFAULT_BACKOFF: Backoff = Object.freeze({ steps: 4, initialDelayMs: 10, factor: 5, jitter: 0.1 });

/** Ours: enough attempts and spread that 20+ concurrent writers of one object all get through. */
export const ROBUST_BACKOFF: Backoff = Object.freeze({ steps: 15, initialDelayMs: 10, factor: 2, jitter: 1, maxDelayMs: 2000 });

/**
 * The sleeps between attempts: `steps - 1` of them, as client-go's ExponentialBackoff sleeps only between attempts.
 * Sleep i is d = min(initialDelayMs * factor^i, maxDelayMs), plus random() * jitter * d when jitter > 0.
 */
export function backoffDelays(b: Backoff, random: () => number = Math.random): number[] {
  if (!Number.isInteger(b.steps) || b.steps < 1) throw new RangeError(`backoff steps must be an integer of at least 1, got ${b.steps}`);
  const delays: number[] = [];
  let base = b.initialDelayMs;
  for (let i = 1; i < b.steps; i++) {
    const capped = b.maxDelayMs === undefined ? base : Math.min(base, b.maxDelayMs);
    delays.push(b.jitter > 0 ? capped + random() * b.jitter * capped : capped);
    base *= b.factor;
  }
  return delays;
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}

/** The Status carried by an API error: client-node's ApiException keeps it in `body`, as an object or JSON text. */
function statusOf(err: Record<string, unknown>): Record<string, unknown> | undefined {
  const body = err['body'];
  if (typeof body !== 'string') return record(body);
  try {
    return record(JSON.parse(body));
  } catch {
    return undefined;
  }
}

/**
 * Whether `err` is a 409 Conflict as client-go's errors.IsConflict sees it: reason Conflict, or code 409 when no
 * reason is given (a 409 with reason AlreadyExists is not a conflict). Knows `{statusCode}`, client-node's `{code, body}`
 * and a bare Status.
 */
export function isConflictError(err: unknown): boolean {
  const e = record(err);
  if (e === undefined) return false;
  const status = statusOf(e);
  const reason = e['reason'] ?? status?.['reason'];
  if (typeof reason === 'string' && reason !== '') return reason === 'Conflict';
  const code = [e['statusCode'], e['code'], status?.['code']].find((c) => typeof c === 'number');
  return code === 409;
}

export interface RetryOptions {
  /** Default ROBUST_BACKOFF. */
  readonly backoff?: Backoff;
  /** Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Default Math.random. */
  readonly random?: () => number;
  /** Default isConflictError. */
  readonly isRetryable?: (err: unknown) => boolean;
}

const timerSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (numbered from 1) until it succeeds; retries only retryable errors, sleeping per the backoff.
 * Other errors propagate at once; after the last attempt throws ConflictRetriesExhaustedError with the last error as cause.
 */
export async function retryOnConflict<T>(attempt: (n: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const backoff = opts.backoff ?? ROBUST_BACKOFF;
  const delays = backoffDelays(backoff, opts.random);
  const sleep = opts.sleep ?? timerSleep;
  const isRetryable = opts.isRetryable ?? isConflictError;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!isRetryable(err)) throw err;
      const delay = delays[n - 1];
      if (delay === undefined) throw new ConflictRetriesExhaustedError(n, err);
      await sleep(delay);
    }
  }
}
