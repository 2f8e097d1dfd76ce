import assert from 'node:assert/strict';
import { Counter, Histogram, Registry } from 'prom-client';
import { HotCounter, HotHistogram } from '../../../webhook/hot-path-metrics.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The same calls on prom-client's metric and on ours, each in a registry of its own: /metrics must read the same. */
function pair() {
  const theirs = new Registry();
  const ours = new Registry();
  const spec = { name: 'requests_total', help: 'Requests by operation and outcome.', labelNames: ['operation', 'outcome'] as const };
  const histogram = { name: 'duration_seconds', help: 'Time to answer.', labelNames: ['outcome'] as const, buckets: BUCKETS };
  const unlabelled = { name: 'patches_total', help: 'Patches sent.' };
  return {
    theirs,
    ours,
    counters: [
      new Counter({ ...spec, labelNames: [...spec.labelNames], registers: [theirs] }),
      new HotCounter({ ...spec, registers: [ours] }),
    ],
    histograms: [
      new Histogram({ ...histogram, labelNames: [...histogram.labelNames], registers: [theirs] }),
      new HotHistogram({ ...histogram, registers: [ours] }),
    ],
    plain: [new Counter({ ...unlabelled, registers: [theirs] }), new HotCounter({ ...unlabelled, registers: [ours] })],
  } as const;
}

describe('hot-path metrics (the admission path counters and histogram)', () => {
  it('should write the same /metrics text as prom-client for the same increments and observations', async () => {
    const p = pair();
    const before = [await p.theirs.metrics(), await p.ours.metrics()];
    assert.equal(before[1], before[0], 'before any request: the unlabelled counter at 0, no labelled series');
    const observations: [string, string, number][] = [
      ['UPDATE', 'patched', 0.0004],
      ['UPDATE', 'patched', 0.0005],
      ['UPDATE', 'allowed', 0.0031],
      ['CREATE', 'allowed', 0.7],
      ['unknown', 'rejected', 3],
      ['UPDATE', 'patched', 0.02],
    ];
    for (const [operation, outcome, seconds] of observations) {
      for (const c of p.counters) c.inc({ operation, outcome });
      for (const h of p.histograms) h.observe({ outcome }, seconds);
      if (outcome === 'patched') for (const c of p.plain) c.inc();
    }
    const [theirs, ours] = [await p.theirs.metrics(), await p.ours.metrics()];
    assert.equal(ours, theirs);
    assert.match(ours, /^duration_seconds_bucket\{le="0\.0005",outcome="patched"\} 2$/m);
    assert.match(ours, /^duration_seconds_bucket\{le="\+Inf",outcome="rejected"\} 1$/m);
    assert.match(ours, /^requests_total\{operation="UPDATE",outcome="patched"\} 3$/m);
    assert.match(ours, /^patches_total 3$/m);
  });

  it('should answer get() with the values the tests and the registry read, and start again after reset()', async () => {
    const p = pair();
    const [, counter] = p.counters;
    counter.inc({ operation: 'UPDATE', outcome: 'allowed' }, 2);
    assert.deepEqual((await counter.get()).values, [{ labels: { operation: 'UPDATE', outcome: 'allowed' }, value: 2 }]);
    p.ours.resetMetrics();
    assert.deepEqual((await counter.get()).values, []);
    const [, plain] = p.plain;
    assert.deepEqual((await plain.get()).values, [{ labels: {}, value: 0 }]);
  });

  it('should refuse what prom-client refuses: a counter going down, an observation that is not a finite number', () => {
    const p = pair();
    const [, counter] = p.counters;
    const [, histogram] = p.histograms;
    assert.throws(() => counter.inc({ operation: 'UPDATE', outcome: 'allowed' }, -1), /requests_total can only increase, got -1/);
    assert.throws(() => histogram.observe({ outcome: 'allowed' }, Number.NaN), /duration_seconds observed NaN, not a finite number/);
  });
});
