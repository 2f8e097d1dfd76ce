// Retrying a read-modify-write on 409 Conflict with jittered exponential backoff, as client-go's retry.RetryOnConflict.
import { ConflictRetriesExhaustedError } from './errors.js';
import { isJsonObject } from './json-object.js';

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

function record(v: unknown): Readonly<Record<string, unknown>> | undefined {
  return isJsonObject(v) ? v : undefined;
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
 * The reason and HTTP code of an API error, wherever its shape keeps them: our `{statusCode, reason}`,
 * client-node's `{code, body}`, or a bare Status. Undefined when `err` is not an object.
 */
function apiStatus(err: unknown): { readonly reason: unknown; readonly code: number | undefined } | undefined {
  const e = record(err);
  if (e === undefined) return undefined;
  const status = statusOf(e);
  const code = [e['statusCode'], e['code'], status?.['code']].find((c): c is number => typeof c === 'number');
  return { reason: e['reason'] ?? status?.['reason'], code };
}

/**
 * Whether `err` is a 409 Conflict as client-go's errors.IsConflict sees it: reason Conflict, or code 409 when no
 * reason is given (a 409 with reason AlreadyExists is not a conflict).
 */
export function isConflictError(err: unknown): boolean {
  const status = apiStatus(err);
  if (status === undefined) return false;
  if (typeof status.reason === 'string' && status.reason !== '') return status.reason === 'Conflict';
  return status.code === 409;
}

/**
 * How long the server asked the client to wait before trying again, in milliseconds: the Status's
 * `details.retryAfterSeconds`, which the API server sets together with the Retry-After header (API Priority and
 * Fairness on 429, a timed-out request on 504). Undefined when the error carries none.
 */
export function retryAfterMs(err: unknown): number | undefined {
  const e = record(err);
  if (e === undefined) return undefined;
  const status = record(e['status']) ?? statusOf(e) ?? e;
  const seconds = record(status['details'])?.['retryAfterSeconds'];
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** Status codes with which the API server says "busy, try again": too many requests, unavailable, timed out. */
const BUSY_STATUS_CODES: readonly number[] = [429, 503, 504];

/**
 * Whether the API server answered that it is overloaded or ran out of time: 429 TooManyRequests,
 * 503 ServiceUnavailable, 504 Timeout, or 500 with reason ServerTimeout. Under heavy contention on
 * one object the API server's own internal retries of a patch can exceed its request deadline.
 */
export function isServerBusyError(err: unknown): boolean {
  const status = apiStatus(err);
  if (status === undefined) return false;
  if (status.reason === 'ServerTimeout' || status.reason === 'TooManyRequests' || status.reason === 'Timeout') return true;
  return status.code !== undefined && BUSY_STATUS_CODES.includes(status.code);
}

/** For idempotent writes retried while the API server is busy: few attempts, spread wide. */
export const BUSY_BACKOFF: Backoff = Object.freeze({ steps: 4, initialDelayMs: 250, factor: 2, jitter: 1, maxDelayMs: 2000 });

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
export function retryOnConflict<T>(attempt: (n: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  return retryLoop(
    attempt,
    { ...opts, isRetryable: opts.isRetryable ?? isConflictError },
    (n, err) => new ConflictRetriesExhaustedError(n, err),
  );
}

/**
 * Runs an idempotent request (such as a merge patch) again while the API server is busy (isServerBusyError),
 * per BUSY_BACKOFF by default. Other errors, and the last busy error, propagate unchanged with the server's message.
 */
export function retryWhileBusy<T>(attempt: (n: number) => Promise<T>, opts: Omit<RetryOptions, 'isRetryable'> = {}): Promise<T> {
  return retryLoop(attempt, { backoff: BUSY_BACKOFF, ...opts, isRetryable: isServerBusyError }, (_n, err) => err);
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
