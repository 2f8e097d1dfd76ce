import assert from 'node:assert/strict';
import {
  CONTENTION_BACKOFF,
  WriteFailure,
  classifyWriteFailure,
  contentionDelayMs,
  contentionWindowMs,
  failedAttempt,
  fitsBeforeDeadline,
  type ContentionBackoff,
  type FailedAttempt,
  retryAfterMs,
} from '../../../shared/contention.js';
import { ApiError, apiErrorFromResponse } from '../../../shared/kube/rest.js';

const backoff: ContentionBackoff = { floorMs: 5, latencyFactor: 1, growth: 2, maxWindowMs: 1000, minFraction: 0 };
const conflictAfter = (attemptMs: number, consecutiveFailures = 1): FailedAttempt => ({
  failure: WriteFailure.conflict,
  consecutiveFailures,
  attemptMs,
});

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

describe('contentionWindowMs', () => {
  it('should be as long as the failed attempt took after the first failure, with latencyFactor 1', () => {
    assert.equal(contentionWindowMs(conflictAfter(40), backoff), 40);
  });

  it('should double with each further consecutive failure', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((c) => contentionWindowMs(conflictAfter(40, c), backoff)),
      [40, 80, 160, 320],
    );
  });

  it('should not go below the floor when attempts are fast', () => {
    assert.equal(contentionWindowMs(conflictAfter(0.3), backoff), 5);
  });

  it('should stop at the cap however slow or repeated the failures', () => {
    assert.equal(contentionWindowMs(conflictAfter(40, 12), backoff), 1000);
    assert.equal(contentionWindowMs(conflictAfter(30_000), backoff), 1000);
  });

  it('should scale the failed attempt by latencyFactor', () => {
    assert.equal(contentionWindowMs(conflictAfter(40), { ...backoff, latencyFactor: 0.5 }), 20);
  });

  it('should give the product default a floor, a window several times the failed attempt, doubling and a cap of tens of seconds', () => {
    assert.ok(CONTENTION_BACKOFF.floorMs > 0);
    assert.equal(CONTENTION_BACKOFF.latencyFactor, 4);
    assert.equal(CONTENTION_BACKOFF.growth, 2);
    assert.ok(CONTENTION_BACKOFF.maxWindowMs >= 10_000 && CONTENTION_BACKOFF.maxWindowMs <= 60_000);
  });
});

describe('contentionDelayMs', () => {
  /** The delay after two conflicts of 40 ms attempts, with Math.random() standing at `random`. */
  const delayAfterTwoConflicts = (random: number, b: Parameters<typeof contentionDelayMs>[2]): number =>
    contentionDelayMs(conflictAfter(40, 2), () => random, b);

  it('should spread the delay uniformly over the window (full jitter)', () => {
    assert.equal(delayAfterTwoConflicts(0, backoff), 0);
    assert.equal(delayAfterTwoConflicts(0.25, backoff), 20);
    assert.equal(delayAfterTwoConflicts(0.999, backoff), 79.92);
  });

  it('should keep at least minFraction of the window (equal jitter at 0.5)', () => {
    const equal = { ...backoff, minFraction: 0.5 };
    assert.equal(delayAfterTwoConflicts(0, equal), 40);
    assert.equal(delayAfterTwoConflicts(1, equal), 80);
  });

  it("should wait at least the server's Retry-After", () => {
    const busy: FailedAttempt = { failure: WriteFailure.busy, consecutiveFailures: 1, attemptMs: 40, retryAfterMs: 1000 };
    assert.equal(
      contentionDelayMs(busy, () => 0.5, backoff),
      1000,
    );
    assert.equal(
      contentionDelayMs({ ...busy, retryAfterMs: 1 }, () => 0.5, backoff),
      20,
    );
  });
});

describe('failedAttempt', () => {
  it('should carry the Retry-After of the error with the counts given', () => {
    const err = new ApiError(429, 'TooManyRequests', 'x', { details: { retryAfterSeconds: 1 } });
    assert.deepEqual(failedAttempt(err, WriteFailure.busy, 3, 12), {
      failure: WriteFailure.busy,
      consecutiveFailures: 3,
      attemptMs: 12,
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
