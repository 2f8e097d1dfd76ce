import assert from 'node:assert/strict';
import { isIP } from '../../../shared/ip.js';

describe('isIP', () => {
  const cases: [string, number][] = [
    ['10.0.0.7', 4],
    ['::1', 6],
    ['fe80::1%eth0', 6],
    ['10.0.0.256', 0],
    ['example.com', 0],
    ['', 0],
  ];
  for (const [input, version] of cases)
    it(`should answer ${version} for ${JSON.stringify(input)}`, () => assert.equal(isIP(input), version));
});
