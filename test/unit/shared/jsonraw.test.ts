import assert from 'node:assert/strict';
import {
  compactJson,
  goFoldKey,
  JsonNumber,
  JsonSyntaxError,
  jsonSyntaxProblem,
  MAX_JSON_DEPTH,
  parseJsonExact,
  rawObjectMembers,
  scanJson,
} from '../../../shared/jsonraw.js';

describe('compactJson', () => {
  it('should drop whitespace between tokens and keep it inside strings', () => {
    assert.equal(compactJson(' { "a b" : [ 1 , "x\\" y" ] ,\n\t"c":\r\n{ } } '), '{"a b":[1,"x\\" y"],"c":{}}');
  });
});

describe('rawObjectMembers', () => {
  it('should give each member its compacted raw text in order', () => {
    const text = '{ "n": 12345678901234567890, "s": "a,}]\\"", "o": {"x": [1, {"y": null}]}, "t": true, "f": -1.50e+3 }';
    assert.deepEqual(
      [...rawObjectMembers(text)],
      [
        ['n', '12345678901234567890'],
        ['s', '"a,}]\\""'],
        ['o', '{"x":[1,{"y":null}]}'],
        ['t', 'true'],
        ['f', '-1.50e+3'],
      ],
    );
  });

  it('should read escaped member names', () => {
    assert.deepEqual([...rawObjectMembers('{"a\\u0062":1}')], [['ab', '1']]);
  });

  it('should keep the last of duplicate members in the first position, as JSON.parse does', () => {
    assert.deepEqual(
      [...rawObjectMembers('{"a":1,"b":2,"a":3}')],
      [
        ['a', '3'],
        ['b', '2'],
      ],
    );
  });

  it('should read an empty object', () => {
    assert.equal(rawObjectMembers(' { } ').size, 0);
  });
});

describe('scanJson', () => {
  const valid = ['{}', '[]', '0', '-0.5e-3', '"a\\u00e9\\n"', ' {"a":[1,{"b":null}],"c":true} ', '{"a":1,"a":2}', '12345678901234567890'];
  for (const text of valid) {
    it(`should accept ${JSON.stringify(text)} as JSON.parse does`, () => {
      assert.doesNotThrow(() => JSON.parse(text));
      assert.equal(scanJson(text).end, text.trimEnd().length);
    });
  }

  const invalid: [string, string, number, number][] = [
    ['{"a":SECRET}', 'expected a JSON value', 1, 6],
    ['{"a":1', 'expected "," or "}" after a member value', 1, 7],
    ['{"a":1,}', 'expected a double-quoted member name', 1, 8],
    ['{"a" 1}', 'expected ":" after a member name', 1, 6],
    ['{\n  "a": "x\ty"}', 'control character in a string', 2, 10],
    ['{"a":"SECRET', 'unterminated string', 1, 6],
    ['{"a":"\\x"}', 'invalid escape sequence in a string', 1, 7],
    ['[1 2]', 'expected "," or "]" after an array element', 1, 4],
    ['{} SECRET', 'unexpected text after the end of the JSON value', 1, 4],
    ['', 'unexpected end of the JSON text', 1, 1],
    ['01', 'unexpected text after the end of the JSON value', 1, 2],
  ];
  for (const [text, problem, line, column] of invalid) {
    it(`should reject ${JSON.stringify(text)} at line ${line}, column ${column}, without quoting it`, () => {
      assert.throws(() => JSON.parse(text));
      assert.throws(
        () => scanJson(text),
        (err: unknown) => {
          assert.ok(err instanceof JsonSyntaxError);
          assert.equal(err.line, line);
          assert.equal(err.column, column);
          assert.ok(err.message.startsWith(problem), err.message);
          assert.equal(err.message.includes('SECRET'), false);
          return true;
        },
      );
    });
  }

  it(`should refuse values nested deeper than ${MAX_JSON_DEPTH} levels instead of overflowing the stack`, () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    assert.throws(() => scanJson(deep), /nested deeper than 1000 levels/);
    assert.doesNotThrow(() => scanJson('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)));
  });

  it('should give each member its decoded name and its name as written', () => {
    const root = scanJson('{"a\\u0062" : 1}');
    assert.equal(root.kind, 'object');
    if (root.kind === 'object')
      assert.deepEqual(
        root.members.map((m) => [m.key, m.keyText]),
        [['ab', '"a\\u0062"']],
      );
  });
});

describe('jsonSyntaxProblem', () => {
  it('should be undefined for valid JSON and name the position otherwise', () => {
    assert.equal(jsonSyntaxProblem('{"a":1}'), undefined);
    assert.equal(
      jsonSyntaxProblem('{"a":tok}'),
      'expected a JSON value (object, array, string, number, true, false or null) at line 1, column 6 (offset 5 of 9 characters)',
    );
  });
});

describe('goFoldKey', () => {
  const same: [string, string][] = [
    ['owner_token', 'OWNER_TOKEN'],
    ['Owner_Token', 'owner_token'],
    ['owner_to\u212Aen', 'owner_token'], // KELVIN SIGN folds to k in Go's decoder
    ['ownerToken', 'OWNERTOKEN'],
  ];
  for (const [a, b] of same)
    it(`should fold ${JSON.stringify(a)} like ${JSON.stringify(b)}`, () => assert.equal(goFoldKey(a), goFoldKey(b)));

  it('should keep different names apart', () => assert.notEqual(goFoldKey('owner_token'), goFoldKey('ownertoken')));
});

describe('parseJsonExact', () => {
  it('should keep numbers as written and decode everything else as JSON.parse does', () => {
    const value = parseJsonExact('{"n":12345678901234567890,"m":[1e400,-0.0],"s":"\\u00e9","t":null}') as Record<string, unknown>;
    assert.deepEqual(value['n'], new JsonNumber('12345678901234567890'));
    assert.deepEqual(value['m'], [new JsonNumber('1e400'), new JsonNumber('-0.0')]);
    assert.equal(value['s'], 'é');
    assert.equal(value['t'], null);
  });

  it('should keep a member named __proto__ as data', () => {
    const value = parseJsonExact('{"__proto__":{"x":1}}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });
});
