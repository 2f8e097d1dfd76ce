// The retry loops of the "previous" strategy that section 4 compares the product's against: a fixed number of
// attempts with jittered exponential backoff, as client-go's retry.RetryOnConflict. The product's own loop is
// shared/contended-write.ts; both classify failures with shared/contention.ts.
import { ConflictRetriesExhaustedError } from '../shared/errors.js';
import { WriteFailure, classifyWriteFailure } from '../shared/contention.js';

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

/** The product's former preset: enough attempts and spread that 20+ concurrent writers of one object got through. */
export const ROBUST_BACKOFF: Backoff = Object.freeze({ steps: 15, initialDelayMs: 10, factor: 2, jitter: 1, maxDelayMs: 2000 });

/** For idempotent writes retried while the API server is busy: few attempts, spread wide. */
export const BUSY_BACKOFF: Backoff = Object.freeze({ steps: 4, initialDelayMs: 250, factor: 2, jitter: 1, maxDelayMs: 2000 });

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

export interface RetryOptions {
  /** Default ROBUST_BACKOFF. */
  readonly backoff?: Backoff;
  /** Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Default Math.random. */
  readonly random?: () => number;
  /** Default: a 409 Conflict (classifyWriteFailure). */
  readonly isRetryable?: (err: unknown) => boolean;
}

const isConflict = (err: unknown): boolean => classifyWriteFailure(err) === WriteFailure.conflict;
const isBusy = (err: unknown): boolean => classifyWriteFailure(err) === WriteFailure.busy;

const timerSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (numbered from 1) until it succeeds; retries only retryable errors, sleeping per the backoff.
 * Other errors propagate at once; after the last attempt throws ConflictRetriesExhaustedError with the last error as cause.
 */
export function retryOnConflict<T>(attempt: (n: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  return retryLoop(
    attempt,
    { ...opts, isRetryable: opts.isRetryable ?? isConflict },
    (n, err) => new ConflictRetriesExhaustedError(n, err),
  );
}

/**
 * Runs an idempotent request (such as a merge patch) again while the API server is busy (429, 503, 504),
 * per BUSY_BACKOFF by default. Other errors, and the last busy error, propagate unchanged with the server's message.
 */
export function retryWhileBusy<T>(attempt: (n: number) => Promise<T>, opts: Omit<RetryOptions, 'isRetryable'> = {}): Promise<T> {
  return retryLoop(attempt, { backoff: BUSY_BACKOFF, ...opts, isRetryable: isBusy }, (_n, err) => err);
}

async function retryLoop<T>(
  attempt: (n: number) => Promise<T>,
  opts: RetryOptions & { readonly isRetryable: (err: unknown) => boolean },
  exhausted: (attempts: number, lastError: unknown) => unknown,
): Promise<T> {
  const delays = backoffDelays(opts.backoff ?? ROBUST_BACKOFF, opts.random);
  const sleep = opts.sleep ?? timerSleep;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!opts.isRetryable(err)) throw err;
      const delay = delays[n - 1];
      if (delay === undefined) throw exhausted(n, err);
      await sleep(delay);
    }
  }
}
