// The retry loop of a read → decide → write step under contention; the decisions are in contention.ts.
import { ConflictRetriesExhaustedError } from './errors.js';
import {
  CONTENTION_BACKOFF,
  WriteFailure,
  classifyWriteFailure,
  failedAttempt,
  fitsBeforeDeadline,
  planRetry,
  type ContentionBackoff,
  type CrowdEstimate,
} from './contention.js';

export interface ContendedWriteOptions {
  /** Time allowed for all attempts together, ms; 0 or undefined = none: keep trying, as kubectl without --request-timeout waits. */
  readonly budgetMs?: number | undefined;
  readonly backoff?: ContentionBackoff;
  /** Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Default: performance.now. */
  readonly now?: () => number;
  /** Default Math.random. */
  readonly random?: () => number;
}

export interface ContendedWriteResult<T> {
  readonly value: T;
  /** Attempts made, 1 when the first succeeded. */
  readonly attempts: number;
}

const timerSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (numbered from 1; it must read, decide and write, so each try starts from the current object)
 * until it succeeds. A 409 Conflict or a busy answer (429, 503, 504) is tried again after a sleep within what is
 * left of the crowd estimate the first failure set (see contention.ts) while the budget allows; any other error
 * propagates at once.
 * When time runs out, conflicts end in ConflictRetriesExhaustedError and a busy answer is thrown as the server gave it.
 */
export async function writeUnderContention<T>(
  attempt: (n: number) => Promise<T>,
  options: ContendedWriteOptions = {},
): Promise<ContendedWriteResult<T>> {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? timerSleep;
  const deadline = options.budgetMs !== undefined && options.budgetMs > 0 ? now() + options.budgetMs : undefined;
  let estimate: CrowdEstimate | undefined;
  for (let n = 1; ; n++) {
    const started = now();
    try {
      return { value: await attempt(n), attempts: n };
    } catch (err) {
      const failure = classifyWriteFailure(err);
      if (failure === undefined) throw err;
      const ended = now();
      const plan = planRetry(failedAttempt(err, failure, started, ended), estimate, options.random, options.backoff ?? CONTENTION_BACKOFF);
      estimate = plan.estimate;
      if (!fitsBeforeDeadline(ended, plan.delayMs, deadline))
        throw failure === WriteFailure.conflict ? new ConflictRetriesExhaustedError(n, err) : err;
      await sleep(plan.delayMs);
    }
  }
}
