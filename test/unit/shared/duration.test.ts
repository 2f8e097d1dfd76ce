import assert from 'node:assert/strict';
import { isGoDuration, parseGoDuration } from '../../../shared/duration.js';
import { InvalidValueError } from '../../../shared/errors.js';

// Expected values produced by Go 1.26 (time.ParseDuration) for exactly these inputs.
const ACCEPTED: ReadonlyArray<readonly [input: string, nanos: bigint]> = [
  ['0', 0n],
  ['-0', 0n],
  ['+0', 0n],
  ['1h2m3.5s', 3723500000000n],
  ['-1.5h', -5400000000000n],
  ['+5m', 300000000000n],
  ['1\u00b5s', 1000n],
  ['1\u03bcs', 1000n],
  ['1us', 1000n],
  ['.5s', 500000000n],
  ['1.s', 1000000000n],
  ['5s', 5000000000n],
  ['30m', 1800000000000n],
  ['1h30m', 5400000000000n],
  ['1.5h', 5400000000000n],
  ['300ms', 300000000n],
  ['1ns', 1n],
  ['1.0000000001s', 1000000000n],
  ['0.9999999999ns', 0n],
  ['1.9999999999s', 1999999999n],
  ['100.00100s', 100001000000n],
  ['-2m3.4s', -123400000000n],
  ['0.3333333333333333333h', 1200000000000n],
  ['9223372036854775807ns', 9223372036854775807n],
  ['9223372036854775.807us', 9223372036854775807n],
  ['9223372036854.775807ms', 9223372036854775807n],
  ['9223372036.854775807s', 9223372036854775807n],
  ['2562047h47m16.854775807s', 9223372036854775807n],
  ['-2562047h47m16.854775808s', -9223372036854775808n],
  ['-9223372036854775808ns', -9223372036854775808n],
  ['1h1m1s1ms1us1ns', 3661001001001n],
  ['0.100000000000000000000h', 360000000000n],
  ['0.830103483285477580700h', 2988372539827n],
  ['1.00000000000000000000000000000000000000001s', 1000000000n],
  ['00000000000000000000000000000001s', 1000000000n],
  ['3m1h', 3780000000000n],
  ['1m1m', 120000000000n],
  ['0s', 0n],
  ['0h', 0n],
  ['-0s', 0n],
  ['+.5s', 500000000n],
  ['5.m', 300000000000n],
  ['-9223372036854775808ns9223372036854775808ns', 0n],
  ['9223372036854775808ns9223372036854775808ns', 0n],
  ['4611686018427387904ns4611686018427387903ns', 9223372036854775807n],
  ['-4611686018427387904ns4611686018427387904ns', -9223372036854775808n],
  ['1.000000000000000000009s', 1000000000n],
  ['0.000000000000000000001h', 0n],
  ['1.00000000000000000001h', 3600000000000n],
  ['9223372036854775807.9ns', 9223372036854775807n],
  ['9223372036854775807.5ns', 9223372036854775807n],
];

const REJECTED: readonly string[] = [
  '1e3s',
  '1',
  'h',
  '1hh',
  '',
  '1.s.5',
  '.s',
  '-',
  '+',
  '-.s',
  '9223372036854775808ns',
  '2562048h',
  '-9223372036854775809ns',
  '2562047h47m16.854775808s',
  '9223372036854775807ns1ns',
  '1 s',
  ' 1s',
  '1s ',
  '1S',
  '1sec',
  '1d',
  '1\u00b5',
  '\u00b5s',
  '--1s',
  '-+1s',
  '1.2.3s',
  '1..2s',
  '1h-1m',
  '0x10s',
  '\uff11s',
  '1mss',
  '1m s',
  '1ms1',
  '00',
  '-00',
  '0.0',
  '+-0',
  '9223372036854775808ns-1ns',
  '18446744073709551616ns',
  '4611686018427387904ns4611686018427387904ns',
  '99999999999999999999ns',
];

describe('parseGoDuration', () => {
  for (const [input, nanos] of ACCEPTED) {
    it(`should accept ${JSON.stringify(input)} as ${nanos}ns like Go`, () => {
      assert.equal(parseGoDuration(input), nanos);
    });
  }

  for (const input of REJECTED) {
    it(`should reject ${JSON.stringify(input)} like Go`, () => {
      assert.throws(() => parseGoDuration(input), InvalidValueError);
    });
  }

  it('should name the field, quote the value and describe the grammar when rejecting', () => {
    assert.throws(
      () => parseGoDuration('1hh', 'gitpod/customTimeout'),
      (err: unknown) => {
        assert.ok(err instanceof InvalidValueError);
        assert.equal(err.name, 'InvalidValueError');
        assert.equal(err.field, 'gitpod/customTimeout');
        assert.match(err.message, /gitpod\/customTimeout/);
        assert.match(err.message, /"1hh"/);
        assert.match(err.message, /Go duration/);
        assert.match(err.message, /1h30m/);
        assert.ok(err.cause instanceof Error);
        return true;
      },
    );
  });
});

describe('isGoDuration', () => {
  it('should agree with parseGoDuration on every accepted input', () => {
    for (const [input] of ACCEPTED) assert.equal(isGoDuration(input), true, input);
  });

  it('should agree with parseGoDuration on every rejected input', () => {
    for (const input of REJECTED) assert.equal(isGoDuration(input), false, input);
  });
});
