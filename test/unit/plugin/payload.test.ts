import assert from 'node:assert/strict';
import { encodePayload } from '../../../scripts/bundle-payload.mjs';
import { decodePayload } from '../../../plugin/launch/payload.js';

describe('the bundle carried as line comments', () => {
  const launcher = '#!/usr/bin/env node\n"use strict";run();\n';
  const sources = [
    '(function () {\nreturn 1;\n})',
    'a\n\nb\n',
    '\n// already a comment\n',
    'const s = `line\n// not a comment\n\t*/ end`;',
    'x',
  ];
  for (const source of sources) {
    it(`should give back ${JSON.stringify(source)} from the end of the file`, () => {
      const payload = encodePayload(source);
      assert.equal(decodePayload(launcher + payload, payload.length), source);
    });
  }

  it('should make every line of the bundle a comment', () => {
    const lines = encodePayload('a\nb\n\nc').split('\n').slice(1, -1);
    assert.deepEqual(lines, ['// a', '// b', '// ', '// c']);
  });

  const unsafe: [string, string][] = [
    ['a carriage return, which ends a comment', 'a\rb'],
    ['a line separator, which ends a comment', 'a\u2028b'],
    ['a character outside ASCII, which Latin-1 would read differently', 'caf\u00e9'],
  ];
  for (const [name, source] of unsafe) it(`should refuse ${name}`, () => assert.throws(() => encodePayload(source), /printable ASCII/));

  it('should refuse a file cut short, edited at its end, or shorter than the payload', () => {
    const payload = encodePayload('(function () {\nreturn 1;\n})');
    const file = launcher + payload;
    assert.equal(decodePayload(file.slice(0, -1), payload.length), undefined);
    assert.equal(decodePayload(`${file}\n`, payload.length), undefined);
    assert.equal(decodePayload(payload.slice(1), payload.length), undefined);
  });
});
