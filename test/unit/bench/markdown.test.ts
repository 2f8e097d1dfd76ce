import assert from 'node:assert/strict';
import { mebibytes, num, percent, renderTable, spread, times } from '../../../bench/markdown.js';
import { summarize } from '../../../bench/stats.js';

describe('renderTable', () => {
  it('should pad columns and add the separator row', () => {
    const text = renderTable({
      headers: ['a', 'long header'],
      rows: [
        ['1', 'x'],
        ['22', 'y'],
      ],
    });
    assert.equal(text, ['| a   | long header |', '| --- | ----------- |', '| 1   | x           |', '| 22  | y           |'].join('\n'));
  });

  it('should escape pipes and flatten newlines inside cells', () => {
    const text = renderTable({ headers: ['h'], rows: [['a|b\nc']] });
    assert.equal(text.split('\n')[2], '| a\\|b c |');
  });
});

describe('num', () => {
  const cases = [
    { value: 1234.56, expected: '1235' },
    { value: 12.345, expected: '12.3' },
    { value: 1.2345, expected: '1.23' },
    { value: 0.012345, expected: '0.0123' },
    { value: 2, expected: '2' },
    { value: 0, expected: '0' },
    { value: undefined, expected: '–' },
    { value: Number.NaN, expected: '–' },
  ] as const;
  for (const c of cases) {
    it(`should write ${String(c.value)} as ${c.expected}`, () => {
      assert.equal(num(c.value), c.expected);
    });
  }
});

describe('times', () => {
  it('should write a ratio with a multiplication sign', () => {
    assert.equal(times(0.256), '0.256×');
  });

  it('should write a missing ratio as a dash', () => {
    assert.equal(times(undefined), '–');
  });
});

describe('spread', () => {
  it('should list min, p25, p75 and max', () => {
    assert.equal(spread(summarize([1, 2, 3, 4, 5])), '1 / 2 / 4 / 5');
  });
});

describe('percent', () => {
  it('should give the share in percent', () => {
    assert.equal(percent(1, 8), '12.5 %');
  });

  it('should give a dash for an empty whole', () => {
    assert.equal(percent(0, 0), '–');
  });
});

describe('mebibytes', () => {
  it('should convert KiB to MiB', () => {
    assert.equal(mebibytes(2048), '2 MiB');
  });

  it('should give a dash when unmeasured', () => {
    assert.equal(mebibytes(undefined), '–');
  });
});
