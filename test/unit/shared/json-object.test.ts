import assert from 'node:assert/strict';
import { isJsonObject } from '../../../shared/json-object.js';

describe('isJsonObject', () => {
  const objects: [string, unknown][] = [
    ['an empty object', {}],
    ['a decoded JSON object', JSON.parse('{"a":[1]}')],
    ['an object without a prototype', Object.create(null)],
  ];
  for (const [name, value] of objects) it(`should accept ${name}`, () => assert.equal(isJsonObject(value), true));

  const others: [string, unknown][] = [
    ['null', null],
    ['an array', []],
    ['a decoded JSON array', JSON.parse('[{"a":1}]')],
    ['a string', '{}'],
    ['a number', 0],
    ['undefined', undefined],
  ];
  for (const [name, value] of others) it(`should refuse ${name}`, () => assert.equal(isJsonObject(value), false));
});
