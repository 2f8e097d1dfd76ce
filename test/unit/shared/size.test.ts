import assert from 'node:assert/strict';
import { AnnotationsTooLargeError } from '../../../shared/errors.js';
import { ANNOTATIONS_SIZE_LIMIT_BYTES, annotationsSize, checkAnnotationsSize, utf8ByteLength } from '../../../shared/size.js';

describe('utf8ByteLength', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['', 0],
    ['abc', 3],
    ['µ', 2],
    ['✓', 3],
    ['😀', 4],
    // A lone surrogate is sent as U+FFFD.
    ['\ud800', 3],
    ['x\udc00y', 5],
  ];
  for (const [s, n] of cases) {
    it(`should count ${JSON.stringify(s)} as ${n} bytes`, () => {
      assert.equal(utf8ByteLength(s), n);
    });
  }
});

describe('annotationsSize', () => {
  it('should sum the byte lengths of keys and values', () => {
    assert.equal(annotationsSize({}), 0);
    assert.equal(annotationsSize({ 'gitpod/id': 'abc', k: '' }), 9 + 3 + 1);
    assert.equal(annotationsSize({ 'gitpod/timedout': 'µ' }), 15 + 2);
  });
});

describe('checkAnnotationsSize', () => {
  const key = 'gitpod/contentInitializer';
  const filled = (extra: number): Record<string, string> => ({ [key]: 'A'.repeat(ANNOTATIONS_SIZE_LIMIT_BYTES - key.length + extra) });

  it('should use the API server limit of 256 KiB', () => {
    assert.equal(ANNOTATIONS_SIZE_LIMIT_BYTES, 262144);
  });

  it('should accept annotations exactly at the limit', () => {
    checkAnnotationsSize(filled(0), 'pod default/ws-abc');
  });

  it('should reject one byte over, naming the object, the size and the limit', () => {
    assert.throws(
      () => checkAnnotationsSize(filled(1), 'pod default/ws-abc'),
      (err: unknown) => {
        assert.ok(err instanceof AnnotationsTooLargeError);
        assert.equal(err.name, 'AnnotationsTooLargeError');
        assert.equal(err.actualBytes, 262145);
        assert.equal(err.limitBytes, 262144);
        assert.match(err.message, /pod default\/ws-abc/);
        assert.match(err.message, /262145 bytes/);
        assert.match(err.message, /262144 bytes/);
        assert.match(err.message, /nothing was written/);
        return true;
      },
    );
  });

  it('should count multi-byte characters as the server does', () => {
    const value = 'µ'.repeat((ANNOTATIONS_SIZE_LIMIT_BYTES - key.length) / 2 + 1);
    assert.throws(() => checkAnnotationsSize({ [key]: value }, 'x'), AnnotationsTooLargeError);
  });
});
