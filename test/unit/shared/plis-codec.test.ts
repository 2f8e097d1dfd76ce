import assert from 'node:assert/strict';
import { InvalidValueError, PlisAmbiguousFieldError, PlisParseError } from '../../../shared/errors.js';
import { JsonSyntaxError } from '../../../shared/jsonraw.js';
import {
  PLIS_FIELDS,
  applyPlisPatch,
  decodePlis,
  encodePlis,
  plisConfigMapName,
  plisFieldOf,
  type PlisDocument,
} from '../../../shared/plis-codec.js';

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
    assert.throws(
      () => decodePlis('{', WHERE),
      (err: unknown) => err instanceof PlisParseError && err.cause instanceof JsonSyntaxError,
    );
  });

  it('should list every wrongly typed field at once', () => {
    assert.throws(
      () => decodePlis('{"hostIP":1,"finalBackupComplete":0}', WHERE),
      (err: unknown) => err instanceof PlisParseError && /finalBackupComplete/.test(err.problem) && /hostIP/.test(err.problem),
    );
  });
});

describe('encodePlis', () => {
  it('should omit zero values', () => {
    assert.equal(
      encodePlis({ finalBackupComplete: false, finalBackupFailure: '', stoppingSince: '', hostIP: '', lastPodStatus: null }),
      '{}',
    );
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
    assert.equal(
      encodePlis(decodePlis(raw, WHERE)),
      '{"lastPodStatus":{"started":{"seconds":1795860000,"nanos":5},"id":9007199254740993}}',
    );
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
    const { doc, changed } = applyPlisPatch(base, {
      finalBackupComplete: true,
      hostIP: '10.0.0.7',
      stoppingSince: '2026-11-28T10:00:00.5Z',
    });
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

describe('plisFieldOf', () => {
  const cases: [string, string | undefined][] = [
    ['finalBackupComplete', 'finalBackupComplete'],
    ['FinalBackupComplete', 'finalBackupComplete'],
    ['HOSTIP', 'hostIP'],
    ['laStPoDsTaTuS', 'lastPodStatus'],
    ['final_backup_complete', undefined],
    ['future', undefined],
  ];
  for (const [key, field] of cases)
    it(`should read ${key} as ${String(field)}, as Go's decoder does`, () => assert.equal(plisFieldOf(key), field));
});

describe('PLIS fields spelled in another case', () => {
  it('should check the type of a case variant as Go reads it, without quoting its value', () => {
    assert.throws(
      () => decodePlis('{"HostIP":{"owner_token":"tok-1"}}', WHERE),
      (err: unknown) =>
        err instanceof PlisParseError &&
        /field "HostIP" \(read as "hostIP"\) must be a string, got an object/.test(err.message) &&
        !err.message.includes('tok-1'),
    );
  });

  it('should treat a null case variant as absent, as Go does', () => {
    assert.deepEqual(decodePlis('{"HostIP":null,"x":1}', WHERE), { x: 1 });
  });

  const updates: [string, string, Parameters<typeof applyPlisPatch>[1], string][] = [
    ['a boolean', '{"FinalBackupComplete":false}', { finalBackupComplete: true }, '{"FinalBackupComplete":true}'],
    ['a string', '{"hostip":"10.0.0.1","x":1}', { hostIP: '10.0.0.2' }, '{"hostip":"10.0.0.2","x":1}'],
    [
      'a timestamp, with other fields around it',
      '{"finalBackupFailure":"f","StoppingSince":"2026-11-28T10:00:00Z"}',
      { stoppingSince: '2026-11-28T11:00:00Z' },
      '{"finalBackupFailure":"f","StoppingSince":"2026-11-28T11:00:00Z"}',
    ],
  ];
  for (const [name, raw, patch, expected] of updates) {
    it(`should update ${name} under the spelling the document uses, not add a second member Go would ignore`, () => {
      const { doc, changed } = applyPlisPatch(decodePlis(raw, WHERE), patch);
      assert.equal(changed, true);
      assert.equal(encodePlis(doc), expected);
    });
  }

  it('should report no change when the case variant already holds the value', () => {
    assert.equal(applyPlisPatch(decodePlis('{"FinalBackupComplete":true}', WHERE), { finalBackupComplete: true }).changed, false);
  });

  it('should refuse to write a field spelled several ways, naming the spellings and the ConfigMap', () => {
    const doc = decodePlis('{"finalBackupComplete":false,"FinalBackupComplete":false}', WHERE);
    assert.throws(
      () => applyPlisPatch(doc, { finalBackupComplete: true }, WHERE),
      (err: unknown) =>
        err instanceof PlisAmbiguousFieldError &&
        err.field === 'finalBackupComplete' &&
        /2 members \("finalBackupComplete", "FinalBackupComplete"\)/.test(err.message) &&
        /ConfigMap default\/plis-abc/.test(err.message) &&
        /nothing was written/.test(err.message),
    );
  });

  it('should still write other fields of a document with an ambiguous one it does not touch', () => {
    const doc = decodePlis('{"finalBackupComplete":false,"FinalBackupComplete":false}', WHERE);
    assert.equal(
      encodePlis(applyPlisPatch(doc, { hostIP: '::1' }).doc),
      '{"hostIP":"::1","FinalBackupComplete":false}',
      'a false known field is omitted, as Go omits it',
    );
  });
});
