import assert from 'node:assert/strict';
import { InvalidMarksError, InvalidValueError, ProtectedAnnotationError, UnknownAnnotationError } from '../../../shared/errors.js';
import {
  addMark,
  applyMarks,
  changedAnnotations,
  deleteMark,
  isValidAnnotationKey,
  mergePatchOf,
  parseMarkArgument,
  validateMarks,
  withImpliedMarks,
  type Mark,
} from '../../../shared/marks.js';
import { assertThrowsError } from '../../support/assertions.js';

describe('addMark and deleteMark', () => {
  it('should build an add with its value and a delete without one', () => {
    assert.deepEqual(addMark('gitpod/closed', 'true'), { name: 'gitpod/closed', value: 'true' });
    assert.deepEqual(deleteMark('gitpod/closed'), { name: 'gitpod/closed', value: undefined });
  });
});

describe('parseMarkArgument', () => {
  const parsed: ReadonlyArray<readonly [string, Mark]> = [
    ['gitpod/closed=true', addMark('gitpod/closed', 'true')],
    ['gitpod/explicitFail=', addMark('gitpod/explicitFail', '')],
    ['gitpod/plis={"a":"b=c"}', addMark('gitpod/plis', '{"a":"b=c"}')],
    ['gitpod/timedout=x=y=', addMark('gitpod/timedout', 'x=y=')],
    ['gitpod/timedout=ends with-', addMark('gitpod/timedout', 'ends with-')],
    ['gitpod/never-ready-', deleteMark('gitpod/never-ready')],
    ['plain-', deleteMark('plain')],
    ['example.com/key=v', addMark('example.com/key', 'v')],
  ];
  for (const [arg, mark] of parsed) {
    it(`should parse ${JSON.stringify(arg)}`, () => {
      assert.deepEqual(parseMarkArgument(arg), mark);
    });
  }

  const rejected = [
    '',
    '-',
    '=value',
    'gitpod/closed',
    'gitpod/closed-=x',
    'gitpod/-',
    'gitpod/ bad=x',
    '/name=x',
    'a/b/c=x',
    'gitpod/clösed=true',
  ];
  for (const arg of rejected) {
    it(`should reject ${JSON.stringify(arg)} as a usage error naming the syntax`, () => {
      assertThrowsError(
        () => parseMarkArgument(arg),
        InvalidValueError,
        (err) => {
          assert.equal(err.exitCode, 2);
          const named = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
          assert.ok(err.message.includes(JSON.stringify(named)), err.message);
          assert.match(err.message, /name=value/);
          assert.match(err.message, /name-/);
        },
      );
    });
  }
});

describe('parseMarkArgument and secrets', () => {
  const cases: readonly [string, string][] = [
    ['a value after a bad name', 'gitpod/ bad=s3cret-value'],
    ['a secret annotation with a mistyped separator', 'gitpod/ownerToken:s3cret-value'],
  ];
  for (const [name, arg] of cases) {
    it(`should not echo the value for ${name}`, () => {
      assert.throws(
        () => parseMarkArgument(arg),
        (err: unknown) => err instanceof InvalidValueError && !err.message.includes('s3cret-value'),
      );
    });
  }
});

describe('isValidAnnotationKey', () => {
  const valid = ['gitpod/id', 'gitpod/never-ready', 'GitPod/id', 'a.b-c.example.com/x_y.z', 'name', 'x'.repeat(63)];
  // A name over 63 characters, a prefix over 253, an empty name, a name not starting with an alphanumeric, an underscore in the prefix.
  const invalid = ['x'.repeat(64), `${'p'.repeat(254)}/x`, 'gitpod/', 'gitpod/-x', 'bad_prefix/x', ''];
  const cases = [...valid.map((key) => [key, true] as const), ...invalid.map((key) => [key, false] as const)];
  for (const [key, expected] of cases) {
    it(`should say ${expected} for ${JSON.stringify(key.length > 40 ? `${key.slice(0, 10)}…(${key.length})` : key)}`, () => {
      assert.equal(isValidAnnotationKey(key), expected);
    });
  }
});

describe('withImpliedMarks', () => {
  it('should add failedBeforeStopping="true" when explicitFail is set', () => {
    assert.deepEqual(withImpliedMarks([addMark('gitpod/explicitFail', 'boom')]), [
      addMark('gitpod/explicitFail', 'boom'),
      addMark('gitpod/failedBeforeStopping', 'true'),
    ]);
  });

  it('should imply it even for an empty failure message', () => {
    assert.equal(withImpliedMarks([addMark('gitpod/explicitFail', '')]).length, 2);
  });

  it('should imply nothing for deleting explicitFail or for other marks', () => {
    assert.deepEqual(withImpliedMarks([deleteMark('gitpod/explicitFail')]), [deleteMark('gitpod/explicitFail')]);
    assert.deepEqual(withImpliedMarks([addMark('gitpod/closed', 'true')]), [addMark('gitpod/closed', 'true')]);
  });

  it('should not modify its input', () => {
    const marks = [addMark('gitpod/explicitFail', 'boom')];
    withImpliedMarks(marks);
    assert.equal(marks.length, 1);
  });
});

describe('applyMarks', () => {
  const cases: ReadonlyArray<{
    readonly title: string;
    readonly current: Record<string, string>;
    readonly marks: readonly Mark[];
    readonly annotations: Record<string, string>;
    readonly changed: readonly string[];
  }> = [
    {
      title: 'an added annotation',
      current: {},
      marks: [addMark('gitpod/closed', 'true')],
      annotations: { 'gitpod/closed': 'true' },
      changed: ['gitpod/closed'],
    },
    {
      title: 'a changed value',
      current: { 'gitpod/timedout': 'a' },
      marks: [addMark('gitpod/timedout', 'b')],
      annotations: { 'gitpod/timedout': 'b' },
      changed: ['gitpod/timedout'],
    },
    {
      title: 'a value changed to empty',
      current: { 'gitpod/timedout': 'a' },
      marks: [addMark('gitpod/timedout', '')],
      annotations: { 'gitpod/timedout': '' },
      changed: ['gitpod/timedout'],
    },
    {
      title: 'a deleted annotation',
      current: { 'gitpod/never-ready': 'true', x: 'y' },
      marks: [deleteMark('gitpod/never-ready')],
      annotations: { x: 'y' },
      changed: ['gitpod/never-ready'],
    },
    {
      title: 'an unchanged value as no change',
      current: { 'gitpod/closed': 'true' },
      marks: [addMark('gitpod/closed', 'true')],
      annotations: { 'gitpod/closed': 'true' },
      changed: [],
    },
    {
      title: 'deleting an absent annotation as no change',
      current: {},
      marks: [deleteMark('gitpod/closed')],
      annotations: {},
      changed: [],
    },
    {
      title: 'an add undone by a later delete as no change',
      current: {},
      marks: [addMark('a', '1'), deleteMark('a')],
      annotations: {},
      changed: [],
    },
    {
      title: 'explicitFail with its implied failedBeforeStopping',
      current: {},
      marks: [addMark('gitpod/explicitFail', 'boom')],
      annotations: { 'gitpod/explicitFail': 'boom', 'gitpod/failedBeforeStopping': 'true' },
      changed: ['gitpod/explicitFail', 'gitpod/failedBeforeStopping'],
    },
    {
      title: 'explicitFail when failedBeforeStopping is already set',
      current: { 'gitpod/failedBeforeStopping': 'true' },
      marks: [addMark('gitpod/explicitFail', 'boom')],
      annotations: { 'gitpod/failedBeforeStopping': 'true', 'gitpod/explicitFail': 'boom' },
      changed: ['gitpod/explicitFail'],
    },
  ];
  for (const c of cases) {
    it(`should report ${c.title}`, () => {
      const result = applyMarks(c.current, c.marks);
      assert.deepEqual(result.annotations, c.annotations);
      assert.deepEqual(result.changed, c.changed);
    });
  }

  it('should return a new map and leave the input untouched', () => {
    const current = Object.freeze({ a: '1' });
    const result = applyMarks(current, [addMark('b', '2'), deleteMark('a')]);
    assert.deepEqual(current, { a: '1' });
    assert.notEqual(result.annotations, current);
  });
});

describe('mergePatchOf', () => {
  const marksToMergePatch = (current: Readonly<Record<string, string>>, marks: readonly Mark[]) => mergePatchOf(applyMarks(current, marks));

  it('should contain only what changes, with null for deletions', () => {
    const current = { 'gitpod/closed': 'true', 'gitpod/timedout': 'old', 'gitpod/id': 'abc' };
    const patch = marksToMergePatch(current, [deleteMark('gitpod/closed'), addMark('gitpod/timedout', 'new'), addMark('gitpod/id', 'abc')]);
    assert.deepEqual(patch, { metadata: { annotations: { 'gitpod/closed': null, 'gitpod/timedout': 'new' } } });
  });

  it('should include the implied failedBeforeStopping', () => {
    assert.deepEqual(marksToMergePatch({}, [addMark('gitpod/explicitFail', '')]), {
      metadata: { annotations: { 'gitpod/explicitFail': '', 'gitpod/failedBeforeStopping': 'true' } },
    });
  });

  it('should be undefined when nothing changes, so nothing is written', () => {
    assert.equal(
      marksToMergePatch({ 'gitpod/closed': 'true' }, [addMark('gitpod/closed', 'true'), deleteMark('gitpod/never-ready')]),
      undefined,
    );
    assert.equal(marksToMergePatch({}, []), undefined);
  });

  it('should serialise to the JSON merge patch the API server expects', () => {
    const patch = marksToMergePatch({ a: '1' }, [deleteMark('a'), addMark('b', '"quoted"')]);
    assert.equal(JSON.stringify(patch), '{"metadata":{"annotations":{"a":null,"b":"\\"quoted\\""}}}');
  });
});

describe('validateMarks', () => {
  const none = { force: false };
  const force = { force: true };

  describe('deleting failedBeforeStopping', () => {
    const failed = { 'gitpod/explicitFail': 'boom', 'gitpod/failedBeforeStopping': 'true' };
    it('should refuse it while explicitFail is set on the object, saying why and how to clear both', () => {
      assert.throws(
        () => validateMarks([deleteMark('gitpod/failedBeforeStopping')], failed, force),
        (err: unknown) =>
          err instanceof InvalidValueError &&
          /while gitpod\/explicitFail is set on the object, which implies it \(admission would restore it\)/.test(err.message) &&
          /gitpod\/explicitFail- gitpod\/failedBeforeStopping-/.test(err.message),
      );
      assert.throws(
        () => validateMarks([deleteMark('gitpod/failedBeforeStopping')], { 'gitpod/explicitFail': '' }, none),
        InvalidValueError,
      );
    });

    it('should allow it together with deleting explicitFail, or when explicitFail is not set', () => {
      validateMarks([deleteMark('gitpod/explicitFail'), deleteMark('gitpod/failedBeforeStopping')], failed, none);
      validateMarks([deleteMark('gitpod/failedBeforeStopping')], { 'gitpod/failedBeforeStopping': 'true' }, none);
    });
  });

  it('should accept valid marks on known and foreign annotations', () => {
    validateMarks(
      [addMark('gitpod/customTimeout', '1h30m'), deleteMark('gitpod/never-ready'), addMark('example.com/note', 'anything')],
      {},
      none,
    );
  });

  it('should reject an unknown gitpod/* name, suggesting the closest one and --force', () => {
    assertThrowsError(
      () => validateMarks([addMark('gitpod/explicitfail', 'x')], {}, none),
      UnknownAnnotationError,
      (err) => {
        assert.equal(err.suggestion, 'gitpod/explicitFail');
        for (const part of [/"gitpod\/explicitfail"/, /did you mean "gitpod\/explicitFail"/, /--force/]) assert.match(err.message, part);
      },
    );
  });

  it('should reject an unknown name without a suggestion when nothing is close', () => {
    assert.throws(
      () => validateMarks([deleteMark('gitpod/somethingElse')], {}, none),
      (err: unknown) => err instanceof UnknownAnnotationError && err.suggestion === undefined && !err.message.includes('did you mean'),
    );
  });

  it('should accept an unknown gitpod/* name with force', () => {
    validateMarks([addMark('gitpod/experimental', 'x')], {}, force);
  });

  it('should reject an invalid value even with force, naming field, value and expectation', () => {
    for (const opts of [none, force]) {
      assertThrowsError(
        () => validateMarks([addMark('gitpod/customTimeout', '30')], {}, opts),
        InvalidValueError,
        (err) => {
          assert.equal(err.field, 'gitpod/customTimeout');
          assert.match(err.message, /"30"/);
          assert.match(err.message, /Go duration/);
        },
      );
    }
  });

  it('should refuse to change or delete an existing gitpod/id without force', () => {
    const current = { 'gitpod/id': 'abc' };
    for (const mark of [addMark('gitpod/id', 'xyz'), deleteMark('gitpod/id')]) {
      assert.throws(
        () => validateMarks([mark], current, none),
        (err: unknown) => err instanceof ProtectedAnnotationError && /--force/.test(err.message) && err.message.includes('"abc"'),
      );
      validateMarks([mark], current, force);
    }
  });

  it('should allow setting gitpod/id to its current value or when it is absent', () => {
    validateMarks([addMark('gitpod/id', 'abc')], { 'gitpod/id': 'abc' }, none);
    validateMarks([addMark('gitpod/id', 'abc')], {}, none);
  });

  it('should still reject an empty gitpod/id with force', () => {
    assert.throws(() => validateMarks([addMark('gitpod/id', '')], {}, force), InvalidValueError);
  });

  it('should reject a name given twice', () => {
    assert.throws(
      () => validateMarks([addMark('gitpod/closed', 'true'), deleteMark('gitpod/closed')], {}, none),
      (err: unknown) => err instanceof InvalidValueError && err.message.includes('"gitpod/closed"') && err.exitCode === 2,
    );
  });

  it('should reject deleting failedBeforeStopping while setting explicitFail', () => {
    assert.throws(
      () => validateMarks([addMark('gitpod/explicitFail', 'x'), deleteMark('gitpod/failedBeforeStopping')], {}, force),
      (err: unknown) => err instanceof InvalidValueError && /implies/.test(err.message),
    );
  });

  it('should reject an invalid annotation key built without parseMarkArgument', () => {
    assert.throws(() => validateMarks([addMark('bad key', 'x')], {}, force), InvalidValueError);
  });

  it('should never quote a secret value', () => {
    // ownerToken accepts any string, so the only way to see its value in a message would be another problem; check the option
    const err = new InvalidValueError('gitpod/ownerToken', 'tok-secret', 'x', { secret: true });
    assert.ok(!err.message.includes('tok-secret'));
    assert.match(err.message, /<redacted>/);
  });

  it('should collect every problem and throw once, listing each', () => {
    const marks = [
      addMark('gitpod/explicitfail', 'x'),
      addMark('gitpod/customTimeout', '1d'),
      addMark('gitpod/id', 'other'),
      addMark('gitpod/admission', 'everyone'),
      addMark('gitpod/closed', 'true'),
      addMark('gitpod/closed', 'true'),
    ];
    assertThrowsError(
      () => validateMarks(marks, { 'gitpod/id': 'abc' }, none),
      InvalidMarksError,
      (err) => {
        assert.equal(err.name, 'InvalidMarksError');
        assert.equal(err.problems.length, 5);
        assert.deepEqual(
          err.problems.map((p) => p.name),
          ['UnknownAnnotationError', 'InvalidValueError', 'ProtectedAnnotationError', 'InvalidValueError', 'InvalidValueError'],
        );
        for (const p of err.problems) assert.ok(err.message.includes(p.message));
        assert.match(err.message, /^5 problems/);
        assert.ok(err.cause instanceof AggregateError);
      },
    );
  });
});

describe('changedAnnotations', () => {
  it('should report what the returned object changed, not what was asked', () => {
    const before = { 'gitpod/explicitFail': 'x', 'gitpod/failedBeforeStopping': 'true' };
    // Admission put failedBeforeStopping back: nothing changed.
    assert.deepEqual(changedAnnotations(before, before, [deleteMark('gitpod/failedBeforeStopping')]), []);
    assert.deepEqual(changedAnnotations({}, { 'gitpod/closed': 'true' }, [addMark('gitpod/closed', 'true')]), ['gitpod/closed']);
  });

  it('should include the implied failedBeforeStopping and value changes', () => {
    const after = { 'gitpod/explicitFail': 'new', 'gitpod/failedBeforeStopping': 'true' };
    assert.deepEqual(changedAnnotations({ 'gitpod/explicitFail': 'old' }, after, [addMark('gitpod/explicitFail', 'new')]), [
      'gitpod/explicitFail',
      'gitpod/failedBeforeStopping',
    ]);
  });
});
