import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWrk, latenciesMs, parseWrkReport, toLoadResult } from '../../../bench/wrk.js';

const report = (fields: string) =>
  `Running 4s test @ https://127.0.0.1:1/mutate\n  1 threads and 16 connections\nRequests/sec:   2.00\nwrk-report ${fields}\n`;
const complete =
  '{"requests":3,"durationUs":1500000,"errors":{"connect":0,"read":1,"write":0,"status":2,"timeout":0},"latencyUs":[[900,2],[2500,1]]}';

describe('parseWrkReport', () => {
  it("should read the report line after wrk's own summary", () => {
    const r = parseWrkReport(report(complete));
    assert.deepEqual(r, {
      requests: 3,
      durationUs: 1_500_000,
      errors: { connect: 0, read: 1, write: 0, status: 2, timeout: 0 },
      latencyUs: [
        [900, 2],
        [2500, 1],
      ],
    });
  });

  const broken = [
    { what: 'no report line', stdout: 'Requests/sec: 1.00\n', error: /printed no "wrk-report" line/ },
    { what: 'a report that is not JSON', stdout: report('{"requests":'), error: /not valid JSON/ },
    {
      what: 'a report without error counts',
      stdout: report('{"requests":3,"durationUs":1,"latencyUs":[]}'),
      error: /lacks requests, durationUs or the error counts/,
    },
    {
      what: 'a negative request count',
      stdout: report('{"requests":-1,"durationUs":1,"errors":{"connect":0,"read":0,"write":0,"status":0,"timeout":0},"latencyUs":[]}'),
      error: /lacks requests/,
    },
    {
      what: 'a histogram of other shapes',
      stdout: report('{"requests":1,"durationUs":1,"errors":{"connect":0,"read":0,"write":0,"status":0,"timeout":0},"latencyUs":[[1]]}'),
      error: /no latency histogram/,
    },
  ];
  for (const c of broken) {
    it(`should refuse ${c.what}`, () => {
      assert.throws(() => parseWrkReport(c.stdout), c.error);
    });
  }
});

describe('latenciesMs', () => {
  it('should give one figure in milliseconds per counted request', () => {
    assert.deepEqual(latenciesMs(parseWrkReport(report(complete))), [0.9, 0.9, 2.5]);
  });
});

describe('toLoadResult', () => {
  it("should count every kind of error and take requests/s over wrk's measured duration", () => {
    const r = toLoadResult(parseWrkReport(report(complete)));
    assert.equal(r.errors, 3);
    assert.equal(r.elapsedMs, 1500);
    assert.equal(r.requestsPerSecond, 2);
    assert.equal(r.requests, 3);
  });
});

describe('findWrk', () => {
  it('should find an executable wrk on the PATH given, skipping directories without one', () => {
    const empty = mkdtempSync(join(tmpdir(), 'wrk-none-'));
    const dir = mkdtempSync(join(tmpdir(), 'wrk-bin-'));
    writeFileSync(join(dir, 'wrk'), '#!/bin/sh\n');
    chmodSync(join(dir, 'wrk'), 0o755);
    assert.equal(findWrk(`${empty}:${dir}`), join(dir, 'wrk'));
  });

  it('should give nothing when no directory of the PATH has it', () => {
    assert.equal(findWrk(mkdtempSync(join(tmpdir(), 'wrk-none-'))), undefined);
  });
});
