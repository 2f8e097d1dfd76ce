// When a writer that lost a race for one object tries again: pure decisions over what the writer observed.
//
// Many writers of one object are a multiple-access problem: each write is read → decide → write with the
// read resourceVersion, and of the writers that read the same version only one can win. Every losing attempt
// costs the API server CPU (it decodes, patches and admits the object before it finds the conflict), so the
// goal is few attempts per write, not short sleeps. A writer cannot see the others, but it can see how long
// its own attempts take: under contention the API server queues them, so a slow failed attempt means many
// writers. That attempt lasted about as long as the server took to serve every writer's read and write side
// by side; the writers still waiting need about that many round trips one after another, which is several
// times longer. So the next try is spread over a few times the failed attempt (doubling while conflicts
// continue), which lines the writers up roughly one per round trip.
import { ApiError } from './kube/api-error.js';
import { isJsonObject } from './json-object.js';

/** What the last failed attempt means for the writer. */
export const WriteFailure = {
  /** 409 Conflict: someone else wrote first; read again and re-decide. */
  conflict: 'conflict',
  /** 429, 503 or 504 (or 500 ServerTimeout): the server is overloaded or ran out of time; the write may have landed. */
  busy: 'busy',
} as const;
export type WriteFailure = (typeof WriteFailure)[keyof typeof WriteFailure];

/** Reasons with which the API server says "busy, try again", whatever the code. */
const BUSY_REASONS: readonly string[] = ['TooManyRequests', 'Timeout', 'ServerTimeout', 'ServiceUnavailable'];
/** Status codes with the same meaning: too many requests, unavailable, timed out. */
const BUSY_STATUS_CODES: readonly number[] = [429, 503, 504];

/**
 * Conflict or busy when another attempt may succeed; undefined for errors another attempt cannot fix. A 409 is a
 * conflict only with reason Conflict (as client-go's errors.IsConflict: a 409 AlreadyExists is not one). Under heavy
 * contention the API server's own retries of a write can exceed its request deadline: 504 Timeout or 500 ServerTimeout.
 */
export function classifyWriteFailure(err: unknown): WriteFailure | undefined {
  if (!(err instanceof ApiError)) return undefined;
  if (err.statusCode === 409) return err.reason === 'Conflict' ? WriteFailure.conflict : undefined;
  if (BUSY_REASONS.includes(err.reason) || BUSY_STATUS_CODES.includes(err.statusCode)) return WriteFailure.busy;
  return undefined;
}

/**
 * How long the server asked the client to wait before trying again, in milliseconds: the Status's
 * `details.retryAfterSeconds`, which the API server sets together with the Retry-After header (API Priority and
 * Fairness on 429, a timed-out request on 504). Undefined when the error carries none.
 */
export function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof ApiError) || !isJsonObject(err.status)) return undefined;
  const details = err.status['details'];
  const seconds = isJsonObject(details) ? details['retryAfterSeconds'] : undefined;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export interface ContentionBackoff {
  /** The shortest window, whatever the round trips measured. */
  readonly floorMs: number;
  /** The window after a failure is this many times the failed attempt's duration (before doubling). */
  readonly latencyFactor: number;
  /** The window doubles (times `growth`) with each further consecutive failure. */
  readonly growth: number;
  /** No window is longer. */
  readonly maxWindowMs: number;
  /** The sleep is at least this fraction of the window (0 = full jitter, 0.5 = equal jitter). */
  readonly minFraction: number;
}

/** Full jitter over four times the failed attempt; measured against other factors and shapes in docs/reliability.md. */
export const CONTENTION_BACKOFF: ContentionBackoff = Object.freeze({
  floorMs: 5,
  latencyFactor: 4,
  growth: 2,
  // Long enough for hundreds of writers on a loaded server (5 s held 200 writers at 12 attempts each).
  maxWindowMs: 30_000,
  minFraction: 0,
});

/** What a writer knows when an attempt failed with a retryable error. */
export interface FailedAttempt {
  readonly failure: WriteFailure;
  /** Failed attempts in a row, this one included (1 after the first). */
  readonly consecutiveFailures: number;
  /** How long the failed attempt took, from its read to the error (ms). */
  readonly attemptMs: number;
  /** What the server asked for with Retry-After (ms), if anything. */
  readonly retryAfterMs?: number | undefined;
}

/** The window the next attempt is spread over: the failed attempt's duration, doubled per further failure, capped. */
export function contentionWindowMs(failed: FailedAttempt, backoff: ContentionBackoff = CONTENTION_BACKOFF): number {
  const base = Math.max(backoff.floorMs, failed.attemptMs * backoff.latencyFactor);
  const grown = base * backoff.growth ** Math.max(0, failed.consecutiveFailures - 1);
  return Math.min(backoff.maxWindowMs, grown);
}

/**
 * The sleep before the next attempt: uniform over the window (full jitter, so writers that failed together do not
 * come back together), and never shorter than the server's Retry-After.
 */
export function contentionDelayMs(
  failed: FailedAttempt,
  random: () => number = Math.random,
  backoff: ContentionBackoff = CONTENTION_BACKOFF,
): number {
  const window = contentionWindowMs(failed, backoff);
  const jittered = window * (backoff.minFraction + (1 - backoff.minFraction) * random());
  return Math.max(jittered, failed.retryAfterMs ?? 0);
}

/** The observation of a failed attempt, from its error, its duration and the failures before it. */
export function failedAttempt(err: unknown, failure: WriteFailure, consecutiveFailures: number, attemptMs: number): FailedAttempt {
  return { failure, consecutiveFailures, attemptMs, retryAfterMs: retryAfterMs(err) };
}

/** Whether another attempt, started after `delayMs`, still begins before the deadline (undefined = none). */
export function fitsBeforeDeadline(nowMs: number, delayMs: number, deadlineMs: number | undefined): boolean {
  return deadlineMs === undefined || nowMs + delayMs < deadlineMs;
}
