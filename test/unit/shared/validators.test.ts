import assert from 'node:assert/strict';
import * as v from '../../../shared/validators.js';

// Each validator against values it must accept and reject; the catalogue test checks which validator each annotation uses.
const CASES: ReadonlyArray<readonly [string, v.Validator, readonly string[], readonly string[]]> = [
  ['anyString', v.anyString, ['', 'x', ' spaced '], []],
  ['nonEmpty', v.nonEmpty, ['x', ' '], ['']],
  ['presenceFlag', v.presenceFlag, ['true'], ['', 'false', 'TRUE', ' true']],
  [
    'absoluteUrl',
    v.absoluteUrl,
    ['https://a.example.com', 'http://127.0.0.1:8080/x'],
    ['', 'a.example.com', '//a.example.com', 'https://a.example.com '],
  ],
  ['base64', v.base64, ['', 'QQ==', 'QUI=', 'QUJD', 'QUJDRA==', '+/+/'], ['Q', 'QQ', 'QQ=', 'Q===', 'QUJD=', '-_-_', 'QQ==\n', 'QQ== ']],
  ['goDuration', v.goDuration, ['0', '1h', '1.5h', '-2m3.4s', '1\u00b5s'], ['', '1', 'h', '1d', '1.s.5']],
  [
    'utcRfc3339Nano',
    v.utcRfc3339Nano,
    ['2026-11-28T10:00:00Z', '2026-11-28T10:00:00.000000001Z'],
    ['2026-11-28T10:00:00+00:00', '2026-11-28T10:00:00.0000000001Z', '2026-11-28'],
  ],
  ['oneOf', v.oneOf(['a', 'b']), ['a', 'b'], ['', 'c', 'A']],
  [
    'ingressPorts',
    v.ingressPorts,
    ['{}', '{"8080":{"ingressPort":31000,"workspacePort":8080}}'],
    ['{"8080":null}', '{"0":{"workspacePort":1,"ingressPort":1}}', '{"8080":[]}'],
  ],
  ['plisDocument', v.plisDocument, ['{}', '{"x":1}'], ['', '{', '1', '{"hostIP":1}']],
];

for (const [name, validate, valid, invalid] of CASES) {
  describe(name, () => {
    for (const value of valid) {
      it(`should accept ${JSON.stringify(value)}`, () => {
        assert.equal(validate(value), undefined);
      });
    }
    for (const value of invalid) {
      it(`should reject ${JSON.stringify(value)} saying what is expected`, () => {
        assert.match(validate(value) ?? '', /\S/);
      });
    }
  });
}

describe('validator messages', () => {
  it('should list the allowed values of oneOf', () => {
    assert.equal(v.oneOf(['admit_owner_only', 'admit_everyone'])('x'), 'one of "admit_owner_only", "admit_everyone"');
  });

  it('should say which ingressPorts entry is wrong', () => {
    assert.match(v.ingressPorts('{"3000":{"workspacePort":3000}}') ?? '', /entry 3000/);
  });

  it('should pass on the PLIS problem', () => {
    assert.match(v.plisDocument('{"hostIP":1}') ?? '', /"hostIP" must be a string/);
  });
});
