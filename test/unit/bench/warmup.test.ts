import assert from 'node:assert/strict';
import { isWarm, warmupTotals, type WarmupRule, type WarmupSlice } from '../../../bench/warmup.js';

const rule: WarmupRule = { minMs: 3000, minRequests: 20_000, maxMs: 10_000, risingBy: 0.05 };
const slices = (...requestsPerSecond: number[]): WarmupSlice[] => requestsPerSecond.map((r) => ({ ms: 1000, requests: r }));

describe('warmupTotals', () => {
  it('should add up the time and the requests of the slices', () => {
    assert.deepEqual(warmupTotals(slices(1000, 2000, 3000)), { ms: 3000, requests: 6000 });
  });
});

describe('isWarm', () => {
  const cases: { what: string; slices: WarmupSlice[]; warm: boolean }[] = [
    { what: 'no slice yet', slices: [], warm: false },
    { what: 'a steady rate before the minimum time', slices: slices(9000, 9000), warm: false },
    { what: 'a steady rate after the minimum time, with enough requests', slices: slices(8000, 9000, 9000), warm: true },
    { what: 'a rate still rising by more than 5 %', slices: slices(6000, 8000, 9000), warm: false },
    { what: 'a rate rising by less than 5 %', slices: slices(8000, 8800, 9000), warm: true },
    { what: 'a falling rate: noise, not warm-up', slices: slices(8000, 9000, 7000), warm: true },
    { what: 'a steady rate but too few requests (a slow server)', slices: slices(4000, 4000, 4000, 4000), warm: false },
    { what: 'a slow server once it has answered enough', slices: slices(4000, 4000, 4000, 4000, 4000), warm: true },
    {
      what: 'a rate that keeps rising, at the time cap',
      slices: slices(1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000),
      warm: true,
    },
  ];
  for (const c of cases) {
    it(`should say ${c.warm ? 'warm' : 'not yet'} for ${c.what}`, () => {
      assert.equal(isWarm(c.slices, rule), c.warm);
    });
  }
});
