import assert from 'node:assert/strict';
import { writeUnderContention } from '../../../shared/contended-write.js';
import { ConflictRetriesExhaustedError } from '../../../shared/errors.js';
import { ApiError } from '../../../shared/kube/rest.js';

const conflict = () => new ApiError(409, 'Conflict', 'Operation cannot be fulfilled on pods "ws-a": the object has been modified', {});
const timeout = (retryAfterSeconds?: number) =>
  new ApiError(
    504,
    'Timeout',
    'request did not complete within requested timeout',
    retryAfterSeconds === undefined ? {} : { details: { retryAfterSeconds } },
  );

/** A clock that only moves when the loop sleeps or an attempt says it took time. */
function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    advance: (ms: number) => void (t += ms),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('writeUnderContention', () => {
  it('should return the first success and count its attempts', async () => {
    const clock = fakeClock();
    const outcomes = [conflict(), conflict(), 'written'];
    const result = await writeUnderContention(
      async (n) => {
        clock.advance(10);
        const o = outcomes[n - 1];
        if (o instanceof Error) throw o;
        return o;
      },
      { now: clock.now, sleep: clock.sleep, random: () => 0.5 },
    );
    assert.deepEqual(result, { value: 'written', attempts: 3 });
  });

  it('should sleep within what is left of four times the first failed attempt, growing that once it ran out', async () => {
    const clock = fakeClock();
    let calls = 0;
    await writeUnderContention(
      async () => {
        calls += 1;
        clock.advance(40);
        if (calls < 4) throw conflict();
      },
      { now: clock.now, sleep: clock.sleep, random: () => 0.5 },
    );
    // 40 ms attempts: the crowd is expected gone 160 ms after the first failure (t = 40). Half of 160, then half
    // of the 40 ms left at t = 160; at t = 220 it ran out and grows to 340 ms, of which 160 are left.
    assert.deepEqual(clock.sleeps, [80, 20, 80]);
  });

  it("should wait the server's Retry-After on a busy answer and then try again", async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await writeUnderContention(
      async () => {
        calls += 1;
        clock.advance(5);
        if (calls === 1) throw timeout(2);
        return 'ok';
      },
      { now: clock.now, sleep: clock.sleep, random: () => 0.5 },
    );
    assert.equal(result.value, 'ok');
    assert.deepEqual(clock.sleeps, [2000]);
  });

  it('should pass other errors through at once', async () => {
    const forbidden = new ApiError(403, 'Forbidden', 'pods is forbidden', {});
    let calls = 0;
    await assert.rejects(
      writeUnderContention(async () => {
        calls += 1;
        throw forbidden;
      }),
      (err) => err === forbidden,
    );
    assert.equal(calls, 1);
  });

  it('should give up with ConflictRetriesExhaustedError when the next attempt would start after the budget', async () => {
    const clock = fakeClock();
    let calls = 0;
    await assert.rejects(
      writeUnderContention(
        async () => {
          calls += 1;
          clock.advance(100);
          throw conflict();
        },
        { budgetMs: 3000, now: clock.now, sleep: clock.sleep, random: () => 0.99 },
      ),
      (err: unknown) =>
        err instanceof ConflictRetriesExhaustedError && err.attempts === calls && /the object has been modified/.test(err.message),
    );
    assert.ok(clock.now() < 3000 + 100, `gave up at ${clock.now()} ms`);
    assert.ok(calls >= 3, `only ${calls} attempts`);
  });

  it("should throw the server's busy error unchanged when time runs out", async () => {
    const clock = fakeClock();
    const last = timeout(30);
    await assert.rejects(
      writeUnderContention(
        async () => {
          clock.advance(10);
          throw last;
        },
        { budgetMs: 5000, now: clock.now, sleep: clock.sleep },
      ),
      (err) => err === last,
    );
    assert.deepEqual(clock.sleeps, []);
  });

  it('should keep trying without a budget (none or 0), as kubectl without --request-timeout waits', async () => {
    for (const budgetMs of [undefined, 0]) {
      const clock = fakeClock();
      const result = await writeUnderContention(
        async (n) => {
          clock.advance(60_000);
          if (n < 12) throw n % 2 === 0 ? conflict() : timeout();
          return 'landed';
        },
        { budgetMs, now: clock.now, sleep: clock.sleep, random: () => 1 },
      );
      assert.deepEqual(result, { value: 'landed', attempts: 12 });
      assert.ok(clock.now() > 600_000, `only ${clock.now()} ms passed`);
    }
  });
});
