import assert from 'node:assert/strict';
import { InvalidValueError, PlisParseError } from '../../../shared/errors.js';
import { JsonSyntaxError } from '../../../shared/jsonraw.js';
import { PLIS_FIELDS, applyPlisPatch, decodePlis, encodePlis, plisConfigMapName, type PlisDocument } from '../../../shared/plis-codec.js';

const WHERE = 'default/plis-abc';

describe('plisConfigMapName', () => {
  it('should prefix the workspace id with plis-', () => {
    assert.equal(plisConfigMapName('abc'), 'plis-abc');
  });
});

describe('PLIS_FIELDS', () => {
  it('should hold the exact field names in Go encoding order', () => {
    assert.deepEqual(PLIS_FIELDS, ['finalBackupComplete', 'finalBackupFailure', 'stoppingSince', 'lastPodStatus', 'hostIP']);
  });
});

describe('decodePlis', () => {
  it('should read a missing or empty annotation as an empty document', () => {
    assert.deepEqual(decodePlis(undefined, WHERE), {});
    assert.deepEqual(decodePlis('', WHERE), {});
  });

  it('should read every known field and keep unknown ones', () => {
    const doc = decodePlis(
      '{"finalBackupComplete":true,"finalBackupFailure":"disk full","stoppingSince":"2026-11-28T10:00:00.123456789Z",' +
        '"lastPodStatus":{"phase":4,"conditions":{"failed":""}},"hostIP":"10.0.0.7","newer":{"deep":[1,2]}}',
      WHERE,
    );
    assert.deepEqual(doc, {
      finalBackupComplete: true,
      finalBackupFailure: 'disk full',
      stoppingSince: '2026-11-28T10:00:00.123456789Z',
      lastPodStatus: { phase: 4, conditions: { failed: '' } },
      hostIP: '10.0.0.7',
      newer: { deep: [1, 2] },
    });
  });

  it('should treat null known fields as absent, as Go does, and keep null unknown fields', () => {
    assert.deepEqual(decodePlis('{"hostIP":null,"lastPodStatus":null,"other":null}', WHERE), { other: null });
  });

  const unparseable: ReadonlyArray<readonly [string, RegExp]> = [
    ['{"finalBackupComplete":', /not valid JSON/],
    ['not json', /not valid JSON/],
    ['[]', /must be a JSON object, got an array/],
    ['null', /must be a JSON object, got null/],
    ['"text"', /must be a JSON object, got a string of 4 characters/],
    ['42', /must be a JSON object, got a number/],
    ['{"finalBackupComplete":"yes"}', /"finalBackupComplete" must be a boolean, got a string of 3 characters/],
    ['{"finalBackupFailure":1}', /"finalBackupFailure" must be a string, got a number/],
    ['{"stoppingSince":"tomorrow"}', /"stoppingSince" must be an RFC 3339 timestamp string, got a string of 8 characters/],
    ['{"stoppingSince":1795860000}', /"stoppingSince" must be an RFC 3339/],
    ['{"lastPodStatus":[]}', /"lastPodStatus" must be an object, got an array/],
    ['{"hostIP":false}', /"hostIP" must be a string, got a boolean/],
  ];
  for (const [raw, problem] of unparseable) {
    it(`should reject ${raw} naming the ConfigMap and the problem`, () => {
      assert.throws(
        () => decodePlis(raw, WHERE),
        (err: unknown) => {
          assert.ok(err instanceof PlisParseError);
          assert.equal(err.name, 'PlisParseError');
          assert.equal(err.where, WHERE);
          assert.match(err.message, /ConfigMap default\/plis-abc/);
          assert.match(err.message, problem);
          assert.match(err.message, /nothing was written/);
          return true;
        },
      );
    });
  }

  it('should keep the JSON syntax error as the cause', () => {
    assert.throws(() => decodePlis('{', WHERE), (err: unknown) => err instanceof PlisParseError && err.cause instanceof JsonSyntaxError);
  });

  it('should list every wrongly typed field at once', () => {
    assert.throws(() => decodePlis('{"hostIP":1,"finalBackupComplete":0}', WHERE), (err: unknown) =>
      err instanceof PlisParseError && /finalBackupComplete/.test(err.problem) && /hostIP/.test(err.problem),
    );
  });
});

describe('encodePlis', () => {
  it('should omit zero values', () => {
    assert.equal(encodePlis({ finalBackupComplete: false, finalBackupFailure: '', stoppingSince: '', hostIP: '', lastPodStatus: null }), '{}');
  });

  it('should write known fields in Go order, then unknown fields', () => {
    const doc: PlisDocument = { zeta: 1, hostIP: '10.0.0.7', finalBackupComplete: true, stoppingSince: '2026-11-28T10:00:00Z' };
    assert.equal(encodePlis(doc), '{"finalBackupComplete":true,"stoppingSince":"2026-11-28T10:00:00Z","hostIP":"10.0.0.7","zeta":1}');
  });

  it('should keep an empty lastPodStatus object, as Go keeps a non-nil pointer', () => {
    assert.equal(encodePlis({ lastPodStatus: {} }), '{"lastPodStatus":{}}');
  });

  it('should keep unknown fields verbatim through decode and encode, even numbers beyond 2^53', () => {
    const raw = '{"future":{"big":12345678901234567890,"list":[1.0,2e3,{"x":null}]},"finalBackupFailure":"x","other":false}';
    assert.equal(
      encodePlis(decodePlis(raw, WHERE)),
      '{"finalBackupFailure":"x","future":{"big":12345678901234567890,"list":[1.0,2e3,{"x":null}]},"other":false}',
    );
  });

  it('should keep lastPodStatus verbatim', () => {
    const raw = '{"lastPodStatus": {"started": {"seconds": 1795860000, "nanos": 5}, "id": 9007199254740993}}';
    assert.equal(encodePlis(decodePlis(raw, WHERE)), '{"lastPodStatus":{"started":{"seconds":1795860000,"nanos":5},"id":9007199254740993}}');
  });

  it('should keep a member named __proto__ as data', () => {
    const doc = decodePlis('{"__proto__":{"polluted":true}}', WHERE);
    assert.equal((Object.prototype as Record<string, unknown>)['polluted'], undefined);
    assert.equal(encodePlis(doc), '{"__proto__":{"polluted":true}}');
  });

  it('should write a replaced unknown field from its new value', () => {
    const doc = decodePlis('{"future":{"a":1}}', WHERE);
    assert.equal(encodePlis({ ...doc, future: { a: 2 } }), '{"future":{"a":2}}');
  });
});

describe('applyPlisPatch', () => {
  const base = decodePlis('{"finalBackupFailure":"old","unknown":{"n":12345678901234567890}}', WHERE);

  it('should set the non-zero fields and leave the others', () => {
    const { doc, changed } = applyPlisPatch(base, { finalBackupComplete: true, hostIP: '10.0.0.7', stoppingSince: '2026-11-28T10:00:00.5Z' });
    assert.equal(changed, true);
    assert.equal(
      encodePlis(doc),
      '{"finalBackupComplete":true,"finalBackupFailure":"old","stoppingSince":"2026-11-28T10:00:00.5Z","hostIP":"10.0.0.7","unknown":{"n":12345678901234567890}}',
    );
  });

  it('should ignore zero values in the patch, as the original did', () => {
    const result = applyPlisPatch(base, { finalBackupComplete: false, finalBackupFailure: '', hostIP: '', lastPodStatus: null });
    assert.equal(result.changed, false);
    assert.equal(result.doc, base);
  });

  it('should report no change when every value is already set', () => {
    assert.equal(applyPlisPatch(base, { finalBackupFailure: 'old' }).changed, false);
    const withStatus = decodePlis('{"lastPodStatus":{"a":{"b":1}}}', WHERE);
    assert.equal(applyPlisPatch(withStatus, { lastPodStatus: { a: { b: 1 } } }).changed, false);
  });

  it('should report a changed value', () => {
    assert.equal(applyPlisPatch(base, { finalBackupFailure: 'new' }).changed, true);
  });

  it('should leave the input document untouched', () => {
    const before = encodePlis(base);
    applyPlisPatch(base, { finalBackupFailure: 'new', hostIP: '::1' });
    assert.equal(encodePlis(base), before);
  });

  const badPatches: ReadonlyArray<readonly [string, Parameters<typeof applyPlisPatch>[1], string]> = [
    ['stoppingSince', { stoppingSince: 'now' }, 'RFC 3339'],
    ['hostIP', { hostIP: 'node-1' }, 'IPv4 or IPv6'],
    ['lastPodStatus', { lastPodStatus: [1] }, 'JSON object'],
  ];
  for (const [field, patch, expected] of badPatches) {
    it(`should reject an invalid ${field} naming the value and what is expected`, () => {
      assert.throws(
        () => applyPlisPatch(base, patch),
        (err: unknown) => err instanceof InvalidValueError && err.field === field && err.message.includes(expected),
      );
    });
  }
});
