import assert from 'node:assert/strict';
import { ConflictRetriesExhaustedError } from '../../../shared/errors.js';
import { ApiError } from '../../../shared/kube/api-error.js';
import {
  BUSY_BACKOFF,
  DEFAULT_BACKOFF,
  ROBUST_BACKOFF,
  backoffDelays,
  retryOnConflict,
  retryWhileBusy,
  type Backoff,
} from '../../../bench/previous-retry.js';

const conflict = (): ApiError => new ApiError(409, 'Conflict', 'Operation cannot be fulfilled: the object has been modified', {});

/** A sleep that records what it was asked for and returns at once. */
function recordingSleep(): { readonly sleeps: number[]; readonly sleep: (ms: number) => Promise<void> } {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms) => void sleeps.push(ms) };
}

describe('backoffDelays', () => {
  it("should match client-go's DefaultBackoff: 4 attempts, so 3 sleeps of 10, 50, 250 ms without jitter", () => {
    assert.deepEqual(DEFAULT_BACKOFF, { steps: 4, initialDelayMs: 10, factor: 5, jitter: 0.1 });
    assert.deepEqual(
      backoffDelays(DEFAULT_BACKOFF, () => 0),
      [10, 50, 250],
    );
  });

  it('should add random * jitter * delay to each sleep', () => {
    assert.deepEqual(
      backoffDelays(DEFAULT_BACKOFF, () => 0.5),
      [10.5, 52.5, 262.5],
    );
    assert.deepEqual(
      backoffDelays({ ...DEFAULT_BACKOFF, jitter: 1 }, () => 0.25),
      [12.5, 62.5, 312.5],
    );
  });

  it('should not call random when there is no jitter', () => {
    const b: Backoff = { steps: 3, initialDelayMs: 1, factor: 2, jitter: 0 };
    assert.deepEqual(
      backoffDelays(b, () => assert.fail('random called')),
      [1, 2],
    );
  });

  it('should cap the delay before jitter without ending the retries', () => {
    const b: Backoff = { steps: 6, initialDelayMs: 100, factor: 3, jitter: 0.5, maxDelayMs: 500 };
    assert.deepEqual(
      backoffDelays(b, () => 0.5),
      [125, 375, 625, 625, 625],
    );
  });

  it('should give ROBUST_BACKOFF many attempts, full jitter and a 2 s cap', () => {
    const delays = backoffDelays(ROBUST_BACKOFF, () => 0);
    assert.equal(delays.length, ROBUST_BACKOFF.steps - 1);
    assert.ok(ROBUST_BACKOFF.steps >= 10);
    assert.equal(ROBUST_BACKOFF.jitter, 1);
    assert.deepEqual(delays.slice(0, 4), [10, 20, 40, 80]);
    assert.equal(Math.max(...delays), 2000);
  });

  it('should have no sleep for a single attempt and refuse fewer', () => {
    assert.deepEqual(backoffDelays({ steps: 1, initialDelayMs: 10, factor: 2, jitter: 0 }), []);
    assert.throws(() => backoffDelays({ steps: 0, initialDelayMs: 10, factor: 2, jitter: 0 }), RangeError);
    assert.throws(() => backoffDelays({ steps: 1.5, initialDelayMs: 10, factor: 2, jitter: 0 }), RangeError);
  });
});

describe('retryOnConflict', () => {
  it('should return the first success without sleeping', async () => {
    const { sleeps, sleep } = recordingSleep();
    assert.equal(await retryOnConflict(async (n) => `attempt ${n}`, { sleep }), 'attempt 1');
    assert.deepEqual(sleeps, []);
  });

  it('should retry conflicts with the backoff delays and return the eventual result', async () => {
    const { sleeps, sleep } = recordingSleep();
    const attempts: number[] = [];
    const result = await retryOnConflict(
      async (n) => {
        attempts.push(n);
        if (n < 3) throw conflict();
        return 'done';
      },
      { backoff: DEFAULT_BACKOFF, sleep, random: () => 0.5 },
    );
    assert.equal(result, 'done');
    assert.deepEqual(attempts, [1, 2, 3]);
    assert.deepEqual(sleeps, [10.5, 52.5]);
  });

  it('should give up after steps attempts with the last conflict as cause', async () => {
    const { sleeps, sleep } = recordingSleep();
    const errors: Error[] = [];
    await assert.rejects(
      retryOnConflict(
        async () => {
          const e = conflict();
          errors.push(e);
          throw e;
        },
        { backoff: DEFAULT_BACKOFF, sleep, random: () => 0 },
      ),
      (err: unknown) => {
        assert.ok(err instanceof ConflictRetriesExhaustedError);
        assert.equal(err.name, 'ConflictRetriesExhaustedError');
        assert.equal(err.attempts, 4);
        assert.equal(err.cause, errors[3]);
        assert.match(err.message, /4 attempts/);
        assert.match(err.message, /the object has been modified/);
        assert.match(err.message, /retry/);
        return true;
      },
    );
    assert.equal(errors.length, 4);
    assert.deepEqual(sleeps, [10, 50, 250]);
  });

  it('should pass other errors through at once', async () => {
    const { sleeps, sleep } = recordingSleep();
    const forbidden = new ApiError(403, 'Forbidden', 'forbidden', {});
    let calls = 0;
    await assert.rejects(
      retryOnConflict(
        async () => {
          calls++;
          throw forbidden;
        },
        { sleep },
      ),
      (err: unknown) => err === forbidden,
    );
    assert.equal(calls, 1);
    assert.deepEqual(sleeps, []);
  });

  it('should use a custom retryable predicate', async () => {
    const { sleep } = recordingSleep();
    let calls = 0;
    const result = await retryOnConflict(
      async () => {
        calls++;
        if (calls === 1) throw new Error('transient');
        return calls;
      },
      { sleep, isRetryable: (e) => e instanceof Error && e.message === 'transient' },
    );
    assert.equal(result, 2);
  });

  it('should default to ROBUST_BACKOFF', async () => {
    const { sleeps, sleep } = recordingSleep();
    await assert.rejects(
      retryOnConflict(async () => Promise.reject(conflict()), { sleep, random: () => 0 }),
      (err: unknown) => err instanceof ConflictRetriesExhaustedError && err.attempts === ROBUST_BACKOFF.steps,
    );
    assert.deepEqual(
      sleeps,
      backoffDelays(ROBUST_BACKOFF, () => 0),
    );
  });

  it('should sleep for real by default', async () => {
    let calls = 0;
    const result = await retryOnConflict(
      async () => {
        calls++;
        if (calls === 1) throw conflict();
        return calls;
      },
      { backoff: { steps: 2, initialDelayMs: 1, factor: 1, jitter: 0 } },
    );
    assert.equal(result, 2);
  });
});

describe('retryWhileBusy', () => {
  const busy = new ApiError(504, 'Timeout', 'Timeout: request did not complete within the allotted timeout', {});

  /** How many calls retryWhileBusy makes of an operation that always throws `err`, having checked it rethrows `err` itself. */
  async function callsUntilRethrown(err: unknown): Promise<number> {
    let calls = 0;
    const alwaysFailing = async (): Promise<never> => {
      calls++;
      throw err;
    };
    await assert.rejects(retryWhileBusy(alwaysFailing, { sleep: async () => {} }), (e) => e === err);
    return calls;
  }

  it('should retry while the server is busy and return the first success, sleeping per BUSY_BACKOFF', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await retryWhileBusy(
      async (n) => {
        calls++;
        if (n < 3) throw busy;
        return `ok on ${n}`;
      },
      {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        random: () => 0,
      },
    );
    assert.equal(result, 'ok on 3');
    assert.equal(calls, 3);
    assert.deepEqual(sleeps, backoffDelays(BUSY_BACKOFF, () => 0).slice(0, 2));
  });

  it('should rethrow the last busy error unchanged after BUSY_BACKOFF.steps attempts', async () => {
    assert.equal(await callsUntilRethrown(busy), BUSY_BACKOFF.steps);
  });

  it('should not retry a conflict or a refusal', async () => {
    for (const err of [new ApiError(409, 'Conflict', 'conflict', {}), new ApiError(403, 'Forbidden', 'forbidden', {})]) {
      assert.equal(await callsUntilRethrown(err), 1);
    }
  });
});
