import assert from 'node:assert/strict';
import { compactJson, rawObjectMembers } from '../../../shared/jsonraw.js';

describe('compactJson', () => {
  it('should drop whitespace between tokens and keep it inside strings', () => {
    assert.equal(compactJson(' { "a b" : [ 1 , "x\\" y" ] ,\n\t"c":\r\n{ } } '), '{"a b":[1,"x\\" y"],"c":{}}');
  });
});

describe('rawObjectMembers', () => {
  it('should give each member its compacted raw text in order', () => {
    const text = '{ "n": 12345678901234567890, "s": "a,}]\\"", "o": {"x": [1, {"y": null}]}, "t": true, "f": -1.50e+3 }';
    assert.deepEqual([...rawObjectMembers(text)], [
      ['n', '12345678901234567890'],
      ['s', '"a,}]\\""'],
      ['o', '{"x":[1,{"y":null}]}'],
      ['t', 'true'],
      ['f', '-1.50e+3'],
    ]);
  });

  it('should read escaped member names', () => {
    assert.deepEqual([...rawObjectMembers('{"a\\u0062":1}')], [['ab', '1']]);
  });

  it('should keep the last of duplicate members in the first position, as JSON.parse does', () => {
    assert.deepEqual([...rawObjectMembers('{"a":1,"b":2,"a":3}')], [['a', '3'], ['b', '2']]);
  });

  it('should read an empty object', () => {
    assert.equal(rawObjectMembers(' { } ').size, 0);
  });
});
