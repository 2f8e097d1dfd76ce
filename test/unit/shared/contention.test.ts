import assert from 'node:assert/strict';
import {
  CONTENTION_BACKOFF,
  WriteFailure,
  classifyWriteFailure,
  contentionWindowMs,
  crowdEstimate,
  failedAttempt,
  fitsBeforeDeadline,
  planRetry,
  type ContentionBackoff,
  type CrowdEstimate,
  type FailedAttempt,
  retryAfterMs,
} from '../../../shared/contention.js';
import { ApiError, apiErrorFromResponse } from '../../../shared/kube/rest.js';

const backoff: ContentionBackoff = { floorMs: 5, latencyFactor: 4, growth: 2, maxWindowMs: 10_000 };
/** A conflict that took `attemptMs` and ended at `endedAtMs` on the writer's clock. */
const conflictAt = (endedAtMs: number, attemptMs: number): FailedAttempt => ({ failure: WriteFailure.conflict, attemptMs, endedAtMs });
/** The estimate a first conflict of 100 ms ending at t = 1000 sets: the crowd served 400 ms later. */
const firstEstimate: CrowdEstimate = { firstFailureAtMs: 1000, clearsAfterMs: 400 };

describe('classifyWriteFailure', () => {
  const cases: ReadonlyArray<readonly [string, unknown, WriteFailure | undefined]> = [
    ['a 409 Conflict', new ApiError(409, 'Conflict', 'the object has been modified', {}), WriteFailure.conflict],
    ['a 409 whose body gave no reason', apiErrorFromResponse(409, ''), WriteFailure.conflict],
    ['a 429 from API Priority and Fairness', new ApiError(429, 'TooManyRequests', 'too many requests', {}), WriteFailure.busy],
    ['a 504 Timeout', new ApiError(504, 'Timeout', 'request did not complete within requested timeout', {}), WriteFailure.busy],
    ['a 503', new ApiError(503, 'ServiceUnavailable', 'unavailable', {}), WriteFailure.busy],
    ['a 503 whose body gave no reason', apiErrorFromResponse(503, 'upstream down'), WriteFailure.busy],
    [
      'a 500 ServerTimeout',
      new ApiError(500, 'ServerTimeout', 'the server cannot complete the requested operation at this time', {}),
      WriteFailure.busy,
    ],
    ['a 409 AlreadyExists', new ApiError(409, 'AlreadyExists', 'exists', {}), undefined],
    ['a 500 InternalError', new ApiError(500, 'InternalError', 'internal error', {}), undefined],
    ['a 422 Invalid', new ApiError(422, 'Invalid', 'invalid', {}), undefined],
    ['a 403 Forbidden', new ApiError(403, 'Forbidden', 'forbidden', {}), undefined],
    ['a plain Error', new Error('boom'), undefined],
    ['an object shaped like a 409 that is no ApiError', { statusCode: 409, reason: 'Conflict' }, undefined],
    ['a network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), undefined],
    ['undefined', undefined, undefined],
  ];
  for (const [name, err, expected] of cases) {
    it(`should classify ${name} as ${expected ?? 'not retryable'}`, () => {
      assert.equal(classifyWriteFailure(err), expected);
    });
  }
});

describe('retryAfterMs', () => {
  it("should read the Status's details.retryAfterSeconds of an ApiError", () => {
    const err = new ApiError(429, 'TooManyRequests', 'too many requests', { kind: 'Status', code: 429, details: { retryAfterSeconds: 2 } });
    assert.equal(retryAfterMs(err), 2000);
  });

  it('should read it from the Status of an answer as the client parsed it', () => {
    assert.equal(retryAfterMs(apiErrorFromResponse(504, '{"kind":"Status","code":504,"details":{"retryAfterSeconds":1}}')), 1000);
  });

  it('should give undefined without details, for zero, for a non-number, without a Status and for a non-ApiError', () => {
    const withSeconds = (retryAfterSeconds: unknown) => new ApiError(429, 'TooManyRequests', 'x', { details: { retryAfterSeconds } });
    assert.equal(retryAfterMs(new ApiError(409, 'Conflict', 'x', { kind: 'Status' })), undefined);
    assert.equal(retryAfterMs(withSeconds(0)), undefined);
    assert.equal(retryAfterMs(withSeconds('2')), undefined);
    assert.equal(retryAfterMs(apiErrorFromResponse(429, 'slow down')), undefined);
    assert.equal(retryAfterMs({ details: { retryAfterSeconds: 3 } }), undefined);
  });
});

describe('crowdEstimate', () => {
  it('should expect the crowd served latencyFactor times the first failed attempt after it', () => {
    assert.deepEqual(crowdEstimate(conflictAt(1000, 100), undefined, backoff), firstEstimate);
  });

  it('should not go below the floor when the first attempt was fast', () => {
    assert.equal(crowdEstimate(conflictAt(10, 0.2), undefined, backoff).clearsAfterMs, 5);
  });

  it('should keep the estimate while it has time left, however slow the later attempts', () => {
    assert.equal(crowdEstimate(conflictAt(1399, 2000), firstEstimate, backoff), firstEstimate);
  });

  it('should grow it by growth when a failure comes after it ran out', () => {
    assert.deepEqual(crowdEstimate(conflictAt(1400, 10), firstEstimate, backoff), { firstFailureAtMs: 1000, clearsAfterMs: 800 });
  });

  it('should grow it further when the late failure itself shows more contention than doubling allows for', () => {
    // Waited 500 ms, and this attempt took 300 ms: four times that is still to come.
    assert.deepEqual(crowdEstimate(conflictAt(1500, 300), firstEstimate, backoff), { firstFailureAtMs: 1000, clearsAfterMs: 1700 });
  });
});

describe('contentionWindowMs', () => {
  it('should be the whole estimate right after the first failure', () => {
    assert.equal(contentionWindowMs(conflictAt(1000, 100), firstEstimate, backoff), 400);
  });

  it('should shrink to what is left of the estimate as time passes', () => {
    assert.deepEqual(
      [1010, 1100, 1250, 1350].map((t) => contentionWindowMs(conflictAt(t, 5), firstEstimate, backoff)),
      [390, 300, 150, 50],
    );
  });

  it('should never be shorter than the failed attempt, nor than the floor', () => {
    assert.equal(contentionWindowMs(conflictAt(1390, 40), firstEstimate, backoff), 40);
    assert.equal(contentionWindowMs(conflictAt(1399, 1), firstEstimate, backoff), 5);
  });

  it('should stop at the cap however long the estimate', () => {
    assert.equal(contentionWindowMs(conflictAt(0, 30_000), { firstFailureAtMs: 0, clearsAfterMs: 120_000 }, backoff), 10_000);
  });

  it('should give the product default a floor, an estimate several times the failed attempt, growth and a cap of tens of seconds', () => {
    assert.ok(CONTENTION_BACKOFF.floorMs > 0);
    assert.equal(CONTENTION_BACKOFF.latencyFactor, 4);
    assert.equal(CONTENTION_BACKOFF.growth, 2);
    assert.ok(CONTENTION_BACKOFF.maxWindowMs >= 10_000 && CONTENTION_BACKOFF.maxWindowMs <= 60_000);
  });
});

describe('planRetry', () => {
  it('should spread the delay uniformly over the window (full jitter)', () => {
    const at = (random: number) => planRetry(conflictAt(1100, 20), firstEstimate, () => random, backoff).delayMs;
    assert.equal(at(0), 0);
    assert.equal(at(0.25), 75);
    assert.equal(at(0.5), 150);
  });

  it('should carry the estimate on: set by the first failure, kept by the next', () => {
    const first = planRetry(conflictAt(1000, 100), undefined, () => 0.5, backoff);
    assert.deepEqual(first, { delayMs: 200, estimate: firstEstimate });
    const second = planRetry(conflictAt(1300, 50), first.estimate, () => 0.5, backoff);
    assert.deepEqual(second, { delayMs: 50, estimate: firstEstimate });
  });

  it('should sleep less after each further loss within the estimate, where doubling would sleep more', () => {
    let estimate: CrowdEstimate | undefined;
    const delays: number[] = [];
    for (const endedAtMs of [1000, 1200, 1300, 1350]) {
      const plan: ReturnType<typeof planRetry> = planRetry(conflictAt(endedAtMs, 10), estimate, () => 1, {
        ...backoff,
        latencyFactor: 40,
      });
      estimate = plan.estimate;
      delays.push(plan.delayMs);
    }
    assert.deepEqual(delays, [400, 200, 100, 50]);
  });

  it("should wait at least the server's Retry-After", () => {
    const busy: FailedAttempt = { failure: WriteFailure.busy, attemptMs: 40, endedAtMs: 1000, retryAfterMs: 1000 };
    assert.equal(planRetry(busy, undefined, () => 0.5, backoff).delayMs, 1000);
    assert.equal(planRetry({ ...busy, retryAfterMs: 1 }, undefined, () => 0.5, backoff).delayMs, 80);
  });
});

describe('failedAttempt', () => {
  it('should carry the Retry-After of the error, the duration and the end of the attempt', () => {
    const err = new ApiError(429, 'TooManyRequests', 'x', { details: { retryAfterSeconds: 1 } });
    assert.deepEqual(failedAttempt(err, WriteFailure.busy, 88, 100), {
      failure: WriteFailure.busy,
      attemptMs: 12,
      endedAtMs: 100,
      retryAfterMs: 1000,
    });
  });
});

describe('fitsBeforeDeadline', () => {
  it('should allow another attempt only when it starts before the deadline', () => {
    assert.equal(fitsBeforeDeadline(100, 50, 200), true);
    assert.equal(fitsBeforeDeadline(100, 100, 200), false);
    assert.equal(fitsBeforeDeadline(100, 150, 200), false);
  });

  it('should always allow one without a deadline', () => {
    assert.equal(fitsBeforeDeadline(1e12, 1e9, undefined), true);
  });
});
