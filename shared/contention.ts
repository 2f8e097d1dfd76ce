// When a writer that lost a race for one object tries again: pure decisions over what the writer observed.
//
// Many writers of one object are a multiple-access problem: each write is read → decide → write with the
// read resourceVersion, and of the writers that read the same version only one can win. Every losing attempt
// costs the API server CPU (it decodes, patches and admits the object before it finds the conflict), so the
// goal is few attempts per write, not short sleeps. A writer cannot see the others, but it can see how long
// its own attempts take: under contention the API server queues them, so a slow failed attempt means many
// writers. That attempt lasted about as long as the server took to serve every writer's read and write side
// by side; the writers still waiting need about that many round trips one after another, which is several
// times longer. So the first failure sets an estimate of when the crowd will have been served (a few times
// the failed attempt), and each retry is spread over what is LEFT of that estimate: a burst is a one-shot
// event, so the later a writer retries the fewer rivals remain and the shorter its window should be (doubling
// the window per loss, as exponential backoff does, made the writers that lost several times sleep long after
// the crowd had gone). Only a failure after the estimate ran out shows it was too short, and grows it.
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
  /** The crowd is estimated to be served this many times the failed attempt's duration after the first failure. */
  readonly latencyFactor: number;
  /** A failure after the estimate ran out multiplies the estimate by at least this much. */
  readonly growth: number;
  /** No window is longer. */
  readonly maxWindowMs: number;
}

/** The crowd estimated at four times the first failed attempt; measured against other factors and shapes in docs/reliability.md. */
export const CONTENTION_BACKOFF: ContentionBackoff = Object.freeze({
  floorMs: 5,
  latencyFactor: 4,
  growth: 2,
  // Long enough for hundreds of writers on a loaded server (5 s held 200 writers at 12 attempts each).
  maxWindowMs: 30_000,
});

/** What a writer knows when an attempt failed with a retryable error. */
export interface FailedAttempt {
  readonly failure: WriteFailure;
  /** How long the failed attempt took, from its read to the error (ms). */
  readonly attemptMs: number;
  /** When it failed, on the writer's clock (ms). */
  readonly endedAtMs: number;
  /** What the server asked for with Retry-After (ms), if anything. */
  readonly retryAfterMs?: number | undefined;
}

/** What a writer has concluded from its failures so far about the crowd it is part of. */
export interface CrowdEstimate {
  /** When its first attempt failed, on the writer's clock (ms). */
  readonly firstFailureAtMs: number;
  /** How long after the first failure the crowd should have been served (ms). */
  readonly clearsAfterMs: number;
}

/** The next try: how long to sleep, and the estimate to carry to the next failure. */
export interface RetryPlan {
  readonly delayMs: number;
  readonly estimate: CrowdEstimate;
}

/** The estimate after this failure: set by the first, kept while it has time left, grown once it ran out. */
export function crowdEstimate(
  failed: FailedAttempt,
  previous: CrowdEstimate | undefined,
  backoff: ContentionBackoff = CONTENTION_BACKOFF,
): CrowdEstimate {
  const fromThisAttempt = Math.max(backoff.floorMs, failed.attemptMs * backoff.latencyFactor);
  if (previous === undefined) return { firstFailureAtMs: failed.endedAtMs, clearsAfterMs: fromThisAttempt };
  const waited = failed.endedAtMs - previous.firstFailureAtMs;
  if (waited < previous.clearsAfterMs) return previous;
  // Still losing after the crowd should have gone: more writers than estimated, or new ones came. This attempt
  // measures the contention now; growth makes sure a writer that keeps misjudging still spreads out.
  return { ...previous, clearsAfterMs: Math.max(previous.clearsAfterMs * backoff.growth, waited + fromThisAttempt) };
}

/**
 * The window the next attempt is spread over: what is left of the estimate, never shorter than the failed attempt
 * (two retries closer together than one round trip collide anyway) or the floor, and capped.
 */
export function contentionWindowMs(
  failed: FailedAttempt,
  estimate: CrowdEstimate,
  backoff: ContentionBackoff = CONTENTION_BACKOFF,
): number {
  const left = estimate.firstFailureAtMs + estimate.clearsAfterMs - failed.endedAtMs;
  return Math.min(backoff.maxWindowMs, Math.max(backoff.floorMs, failed.attemptMs, left));
}

/**
 * The sleep before the next attempt: uniform over the window (full jitter, so writers that failed together do not
 * come back together), and never shorter than the server's Retry-After.
 */
export function planRetry(
  failed: FailedAttempt,
  previous: CrowdEstimate | undefined,
  random: () => number = Math.random,
  backoff: ContentionBackoff = CONTENTION_BACKOFF,
): RetryPlan {
  const estimate = crowdEstimate(failed, previous, backoff);
  const jittered = contentionWindowMs(failed, estimate, backoff) * random();
  return { delayMs: Math.max(jittered, failed.retryAfterMs ?? 0), estimate };
}

/** The observation of a failed attempt, from its error and when it started and ended. */
export function failedAttempt(err: unknown, failure: WriteFailure, startedAtMs: number, endedAtMs: number): FailedAttempt {
  return { failure, attemptMs: endedAtMs - startedAtMs, endedAtMs, retryAfterMs: retryAfterMs(err) };
}

/** Whether another attempt, started after `delayMs`, still begins before the deadline (undefined = none). */
export function fitsBeforeDeadline(nowMs: number, delayMs: number, deadlineMs: number | undefined): boolean {
  return deadlineMs === undefined || nowMs + delayMs < deadlineMs;
}
