import assert from 'node:assert/strict';
import { StatisticsInputError, elapsedMs, quantile, ratio, summarize } from '../../../bench/stats.js';

describe('quantile', () => {
  const cases = [
    { what: 'the only sample for any q', sorted: [7], q: 0.99, expected: 7 },
    { what: 'the minimum at q = 0', sorted: [1, 2, 3, 4], q: 0, expected: 1 },
    { what: 'the maximum at q = 1', sorted: [1, 2, 3, 4], q: 1, expected: 4 },
    { what: 'the middle sample as median of an odd count', sorted: [1, 2, 30], q: 0.5, expected: 2 },
    { what: 'the mean of the two middle samples as median of an even count', sorted: [1, 2, 4, 10], q: 0.5, expected: 3 },
    { what: 'a linear interpolation between ranks (type 7)', sorted: [10, 20, 30, 40, 50], q: 0.25, expected: 20 },
    { what: 'an interpolated p99', sorted: [0, 100], q: 0.99, expected: 99 },
  ] as const;
  for (const c of cases) {
    it(`should give ${c.what}`, () => {
      assert.equal(quantile(c.sorted, c.q), c.expected);
    });
  }

  it('should refuse an empty sample set', () => {
    assert.throws(() => quantile([], 0.5), StatisticsInputError);
  });

  for (const q of [-0.1, 1.5, Number.NaN]) {
    it(`should refuse q = ${q}`, () => {
      assert.throws(() => quantile([1], q), /outside \[0, 1\]/);
    });
  }
});

describe('summarize', () => {
  it('should sort the samples before taking order statistics', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    assert.deepEqual({ ...s, p99: Number(s.p99.toFixed(6)) }, { n: 5, min: 1, p25: 2, median: 3, p75: 4, p99: 4.96, max: 5, mean: 3 });
  });

  it("should not reorder the caller's array", () => {
    const samples = [3, 1, 2];
    summarize(samples);
    assert.deepEqual(samples, [3, 1, 2]);
  });

  it('should refuse a sample that is not a finite number', () => {
    assert.throws(() => summarize([1, Number.POSITIVE_INFINITY]), /Infinity is not a finite number/);
  });
});

describe('ratio', () => {
  const cases = [
    { what: 'ours divided by the peer', ours: 50, peer: 200, expected: 0.25 },
    { what: 'undefined for a zero peer', ours: 1, peer: 0, expected: undefined },
    { what: 'undefined when ours is missing', ours: undefined, peer: 3, expected: undefined },
    { what: 'undefined when the peer is missing', ours: 3, peer: undefined, expected: undefined },
    { what: 'undefined for a non-finite side', ours: Number.NaN, peer: 3, expected: undefined },
  ] as const;
  for (const c of cases) {
    it(`should give ${c.what}`, () => {
      assert.equal(ratio(c.ours, c.peer), c.expected);
    });
  }
});

describe('elapsedMs', () => {
  it('should convert a nanosecond difference to milliseconds', () => {
    assert.equal(elapsedMs(1_000_000n, 3_500_000n), 2.5);
  });
});
