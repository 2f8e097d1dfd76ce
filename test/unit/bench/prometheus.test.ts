import assert from 'node:assert/strict';
import {
  EMPTY_HISTOGRAM,
  histogramDelta,
  histogramMean,
  histogramQuantile,
  readHistogram,
  type Histogram,
} from '../../../bench/prometheus.js';

const exposition = [
  '# HELP apiserver_admission_webhook_admission_duration_seconds [STABLE] Admission webhook latency',
  '# TYPE apiserver_admission_webhook_admission_duration_seconds histogram',
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="a.example.com",operation="UPDATE",rejected="false",type="admit",le="0.005"} 2',
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="a.example.com",operation="UPDATE",rejected="false",type="admit",le="0.025"} 8',
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="a.example.com",operation="UPDATE",rejected="false",type="admit",le="+Inf"} 10',
  'apiserver_admission_webhook_admission_duration_seconds_sum{name="a.example.com",operation="UPDATE",rejected="false",type="admit"} 0.2',
  'apiserver_admission_webhook_admission_duration_seconds_count{name="a.example.com",operation="UPDATE",rejected="false",type="admit"} 10',
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="a.example.com",operation="UPDATE",rejected="true",type="admit",le="0.005"} 1',
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="a.example.com",operation="UPDATE",rejected="true",type="admit",le="0.025"} 1',
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="a.example.com",operation="UPDATE",rejected="true",type="admit",le="+Inf"} 1',
  'apiserver_admission_webhook_admission_duration_seconds_sum{name="a.example.com",operation="UPDATE",rejected="true",type="admit"} 0.001',
  'apiserver_admission_webhook_admission_duration_seconds_count{name="a.example.com",operation="UPDATE",rejected="true",type="admit"} 1',
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="b.example.com",operation="CREATE",rejected="false",type="admit",le="0.005"} 5',
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="b.example.com",operation="CREATE",rejected="false",type="admit",le="0.025"} 5',
  'apiserver_admission_webhook_admission_duration_seconds_bucket{name="b.example.com",operation="CREATE",rejected="false",type="admit",le="+Inf"} 5',
  'apiserver_admission_webhook_admission_duration_seconds_sum{name="b.example.com",operation="CREATE",rejected="false",type="admit"} 0.01',
  'apiserver_admission_webhook_admission_duration_seconds_count{name="b.example.com",operation="CREATE",rejected="false",type="admit"} 5',
  'apiserver_request_duration_seconds_bucket{dry_run="",resource="pods",verb="PATCH",le="0.1"} 3',
  'apiserver_request_duration_seconds_bucket{dry_run="All",resource="pods",verb="PATCH",le="0.1"} 4',
  'apiserver_request_duration_seconds_bucket{dry_run="",resource="pods",verb="PATCH",le="+Inf"} 3',
  'apiserver_request_duration_seconds_bucket{dry_run="All",resource="pods",verb="PATCH",le="+Inf"} 4',
].join('\n');

const h = (buckets: [number, number][], sum = 0): Histogram => ({
  buckets: buckets.map(([le, count]) => ({ le, count })),
  sum,
  count: buckets.at(-1)?.[1] ?? 0,
});

describe('readHistogram', () => {
  it('should add up every series whose labels include the wanted ones', () => {
    const got = readHistogram(exposition, 'apiserver_admission_webhook_admission_duration_seconds', {
      name: 'a.example.com',
      operation: 'UPDATE',
    });
    assert.deepEqual(
      got,
      h(
        [
          [0.005, 3],
          [0.025, 9],
          [Infinity, 11],
        ],
        0.201,
      ),
    );
  });

  it('should keep series apart by a label value', () => {
    const got = readHistogram(exposition, 'apiserver_admission_webhook_admission_duration_seconds', { name: 'b.example.com' });
    assert.deepEqual(
      got,
      h(
        [
          [0.005, 5],
          [0.025, 5],
          [Infinity, 5],
        ],
        0.01,
      ),
    );
  });

  it('should match an empty label value exactly', () => {
    const got = readHistogram(exposition, 'apiserver_request_duration_seconds', { verb: 'PATCH', dry_run: '' });
    assert.deepEqual(got.buckets, [
      { le: 0.1, count: 3 },
      { le: Infinity, count: 3 },
    ]);
  });

  it('should give an empty histogram when nothing matches', () => {
    assert.deepEqual(readHistogram(exposition, 'no_such_metric'), EMPTY_HISTOGRAM);
  });

  it('should ignore comments, blank lines and garbage', () => {
    assert.deepEqual(readHistogram('# TYPE x histogram\n\nnot a sample line {\nx_count 4', 'x'), { buckets: [], sum: 0, count: 4 });
  });
});

describe('histogramDelta', () => {
  it('should subtract the earlier scrape bucket by bucket', () => {
    const before = h(
      [
        [0.005, 1],
        [Infinity, 2],
      ],
      0.5,
    );
    const after = h(
      [
        [0.005, 4],
        [Infinity, 7],
      ],
      1.5,
    );
    assert.deepEqual(
      histogramDelta(after, before),
      h(
        [
          [0.005, 3],
          [Infinity, 5],
        ],
        1,
      ),
    );
  });

  it('should take a missing earlier series as zero', () => {
    const after = h(
      [
        [0.005, 4],
        [Infinity, 7],
      ],
      1.5,
    );
    assert.deepEqual(histogramDelta(after, EMPTY_HISTOGRAM), after);
  });
});

describe('histogramQuantile', () => {
  const cases = [
    {
      what: 'interpolate inside the first bucket from 0',
      hist: h([
        [0.01, 10],
        [Infinity, 10],
      ]),
      q: 0.5,
      expected: 0.005,
    },
    {
      what: 'interpolate inside a later bucket',
      hist: h([
        [0.005, 0],
        [0.025, 10],
        [Infinity, 10],
      ]),
      q: 0.5,
      expected: 0.015,
    },
    {
      what: 'skip empty buckets',
      hist: h([
        [0.005, 5],
        [0.025, 5],
        [0.1, 10],
        [Infinity, 10],
      ]),
      q: 0.75,
      expected: 0.0625,
    },
    {
      what: 'answer the highest finite bound when the rank is in +Inf',
      hist: h([
        [0.005, 1],
        [0.025, 2],
        [Infinity, 10],
      ]),
      q: 0.99,
      expected: 0.025,
    },
  ] as const;
  for (const c of cases) {
    it(`should ${c.what}`, () => {
      assert.ok(Math.abs((histogramQuantile(c.hist, c.q) ?? Number.NaN) - c.expected) < 1e-12);
    });
  }

  it('should give undefined without observations', () => {
    assert.equal(histogramQuantile(EMPTY_HISTOGRAM, 0.5), undefined);
    assert.equal(
      histogramQuantile(
        h([
          [0.005, 0],
          [Infinity, 0],
        ]),
        0.5,
      ),
      undefined,
    );
  });

  it('should refuse a quantile outside [0, 1]', () => {
    assert.throws(() => histogramQuantile(EMPTY_HISTOGRAM, 2), /outside \[0, 1\]/);
  });
});

describe('histogramMean', () => {
  it('should divide the sum by the count', () => {
    assert.equal(histogramMean({ buckets: [], sum: 1, count: 4 }), 0.25);
  });

  it('should give undefined without observations', () => {
    assert.equal(histogramMean(EMPTY_HISTOGRAM), undefined);
  });
});
