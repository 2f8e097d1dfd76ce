import assert from 'node:assert/strict';
import { formatRfc3339Nano, parseRfc3339, parseRfc3339Parts } from '../../../shared/rfc3339.js';

// Expected strings produced by Go 1.26: time.Unix(0, n).UTC().Format(time.RFC3339Nano).
const FORMATTED: ReadonlyArray<readonly [bigint, string]> = [
  [0n, '1970-01-01T00:00:00Z'],
  [1n, '1970-01-01T00:00:00.000000001Z'],
  [123456789n, '1970-01-01T00:00:00.123456789Z'],
  [1780041600123456789n, '2026-05-29T08:00:00.123456789Z'],
  [1780041600000000000n, '2026-05-29T08:00:00Z'],
  [1780041600120000000n, '2026-05-29T08:00:00.12Z'],
  [-1n, '1969-12-31T23:59:59.999999999Z'],
  [951782400000000000n, '2000-02-29T00:00:00Z'],
  [4107542399999999999n, '2100-02-28T23:59:59.999999999Z'],
  [-62135596800000000n, '1968-01-12T20:06:43.2Z'],
  [-62167219200n * 1_000_000_000n, '0000-01-01T00:00:00Z'],
  [253402300799n * 1_000_000_000n + 999999999n, '9999-12-31T23:59:59.999999999Z'],
];

// Epoch nanoseconds Go 1.26 reads with time.Parse(time.RFC3339, s) (for in-range years).
const PARSED: ReadonlyArray<readonly [string, bigint]> = [
  ['2026-11-28T10:00:00Z', 1795860000000000000n],
  ['2026-11-28T10:00:00.123456789Z', 1795860000123456789n],
  ['2026-11-28T10:00:00.1234567891Z', 1795860000123456789n],
  ['2026-11-28T10:00:00.5+01:30', 1795854600500000000n],
  ['2026-11-28T10:00:00-23:59', 1795946340000000000n],
  ['2024-02-29T00:00:00Z', 1709164800000000000n],
  ['1970-01-01T00:00:00Z', 0n],
  ['1969-12-31T23:59:59.999999999Z', -1n],
  ['0000-01-01T00:00:00Z', -62167219200n * 1_000_000_000n],
];

// Texts time.Parse(time.RFC3339, s) refuses, by what is wrong with them.
const NOT_RFC3339_BY_PROBLEM: Readonly<Record<string, readonly string[]>> = {
  'a part missing': ['', '2026-11-28', '2026-11-28T10:00:00', '26-11-28T10:00:00Z'],
  'an empty or comma-separated fraction': ['2026-11-28T10:00:00.Z', '2026-11-28T10:00:00,5Z'],
  'a lower-case or missing T or Z': ['2026-11-28t10:00:00Z', '2026-11-28T10:00:00z', '2026-11-28 10:00:00Z'],
  'a month or day out of range': ['2026-13-01T00:00:00Z', '2026-00-01T00:00:00Z', '2026-11-31T00:00:00Z'],
  'February 29th of a common year': ['2026-02-29T00:00:00Z', '1900-02-29T00:00:00Z'],
  'a time of day out of range': ['2026-11-28T24:00:00Z', '2026-11-28T10:60:00Z', '2026-11-28T10:00:60Z'],
  'an offset out of range or without a colon': ['2026-11-28T10:00:00+24:00', '2026-11-28T10:00:00+01:60', '2026-11-28T10:00:00+0100'],
  'characters before, after or in place of a digit': ['+2026-11-28T10:00:00Z', '2026-11-28T10:00:00Z ', '２026-11-28T10:00:00Z'],
};
const NOT_RFC3339 = Object.values(NOT_RFC3339_BY_PROBLEM).flat();

describe('formatRfc3339Nano', () => {
  for (const [nanos, expected] of FORMATTED) {
    it(`should format ${nanos} as Go does: ${expected}`, () => {
      assert.equal(formatRfc3339Nano(nanos), expected);
    });
  }

  it('should refuse years outside 0000-9999', () => {
    assert.throws(() => formatRfc3339Nano(-62167219200n * 1_000_000_000n - 1n), RangeError);
    assert.throws(() => formatRfc3339Nano(253402300800n * 1_000_000_000n), RangeError);
  });

  it('should round-trip through parseRfc3339', () => {
    for (const [nanos] of FORMATTED) assert.equal(parseRfc3339(formatRfc3339Nano(nanos)), nanos);
  });
});

describe('parseRfc3339', () => {
  for (const [input, nanos] of PARSED) {
    it(`should read ${input} as ${nanos}`, () => {
      assert.equal(parseRfc3339(input), nanos);
    });
  }

  for (const input of NOT_RFC3339) {
    it(`should reject ${JSON.stringify(input)}`, () => {
      assert.equal(parseRfc3339(input), undefined);
    });
  }
});

describe('parseRfc3339Parts', () => {
  it('should report UTC and the number of fraction digits', () => {
    assert.deepEqual(parseRfc3339Parts('2026-11-28T10:00:00.120Z'), { epochNanos: 1795860000120000000n, fractionDigits: 3, utc: true });
    assert.deepEqual(parseRfc3339Parts('2026-11-28T10:00:00+00:00'), { epochNanos: 1795860000000000000n, fractionDigits: 0, utc: false });
  });
});
