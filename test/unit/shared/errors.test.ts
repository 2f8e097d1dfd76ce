import assert from 'node:assert/strict';
import {
  AmbiguousWorkspaceError,
  AnnotationsTooLargeError,
  ConflictRetriesExhaustedError,
  InvalidMarksError,
  InvalidValueError,
  PlisMissingError,
  PlisParseError,
  ProtectedAnnotationError,
  UnknownAnnotationError,
  WorkspaceNotFoundError,
  WorkspaceToolError,
  quoteValue,
} from '../../../shared/errors.js';

const cause = new Error('underlying');

const ALL: ReadonlyArray<readonly [string, () => WorkspaceToolError, readonly RegExp[]]> = [
  ['WorkspaceToolError', () => new WorkspaceToolError('boom', { cause }), [/^boom$/]],
  [
    'InvalidValueError',
    () => new InvalidValueError('gitpod/admission', 'everyone', 'one of "admit_owner_only", "admit_everyone"', { cause }),
    [/invalid value "everyone" for gitpod\/admission/, /expected one of/, /correct the value/],
  ],
  [
    'UnknownAnnotationError',
    () => new UnknownAnnotationError('gitpod/closd', 'gitpod/closed', { cause }),
    [/"gitpod\/closd"/, /did you mean "gitpod\/closed"/, /--force/],
  ],
  [
    'ProtectedAnnotationError',
    () => new ProtectedAnnotationError('gitpod/id', 'abc', 'xyz', { cause }),
    [/change gitpod\/id from "abc" to "xyz"/, /--force/],
  ],
  [
    'InvalidMarksError',
    () => new InvalidMarksError([new WorkspaceToolError('one'), new WorkspaceToolError('two')], { cause }),
    [/2 problems/, /- one/, /- two/],
  ],
  [
    'WorkspaceNotFoundError',
    () => new WorkspaceNotFoundError('abc', 'default', { cause }),
    [/^workspace abc not found in namespace default/, /-n/],
  ],
  [
    'AmbiguousWorkspaceError',
    () => new AmbiguousWorkspaceError('abc', ['ws-abc', 'probe-abc'], { cause }),
    [/^found 2 candidates for workspace abc: ws-abc, probe-abc/],
  ],
  [
    'PlisMissingError',
    () => new PlisMissingError('abc', 'default', { cause }),
    [/^workspace abc has no pod lifecycle independent state/, /default\/plis-abc/],
  ],
  [
    'PlisParseError',
    () => new PlisParseError('default/plis-abc', 'not JSON', { cause }),
    [/ConfigMap default\/plis-abc/, /not JSON/, /nothing was written/],
  ],
  [
    'AnnotationsTooLargeError',
    () => new AnnotationsTooLargeError('pod default/ws-abc', 300000, 262144, { cause }),
    [/pod default\/ws-abc/, /300000 bytes/, /262144 bytes/],
  ],
  ['ConflictRetriesExhaustedError', () => new ConflictRetriesExhaustedError(4, cause), [/4 attempts/, /underlying/]],
];

describe('error classes', () => {
  for (const [name, make, patterns] of ALL) {
    it(`should give ${name} its name, the cause and a message that explains`, () => {
      const err = make();
      assert.ok(err instanceof WorkspaceToolError);
      assert.ok(err instanceof Error);
      assert.equal(err.name, name);
      assert.equal(err.constructor.name, name);
      assert.equal(err.exitCode, 1);
      if (name !== 'InvalidMarksError') assert.equal(err.cause, cause);
      for (const p of patterns) assert.match(err.message, p);
      assert.ok(String(err).startsWith(`${name}: `));
    });
  }

  it('should carry a usage exit code when asked', () => {
    assert.equal(new InvalidValueError('mark', 'x', 'name=value', { exitCode: 2 }).exitCode, 2);
    assert.equal(new InvalidMarksError([new WorkspaceToolError('a', { exitCode: 2 }), new WorkspaceToolError('b')]).exitCode, 2);
  });

  it('should leave cause unset when none is given', () => {
    assert.equal(Object.hasOwn(new WorkspaceToolError('x'), 'cause'), false);
  });

  it('should keep the problems of InvalidMarksError and aggregate them as cause', () => {
    const problems = [new WorkspaceToolError('a'), new WorkspaceToolError('b')];
    const err = new InvalidMarksError(problems);
    assert.deepEqual(err.problems, problems);
    assert.ok(err.cause instanceof AggregateError);
    assert.deepEqual(err.cause.errors, problems);
  });

  it('should describe a deletion of a protected annotation', () => {
    assert.match(new ProtectedAnnotationError('gitpod/id', 'abc', undefined).message, /refusing to delete gitpod\/id \("abc"\)/);
  });

  it('should redact a secret value', () => {
    const err = new InvalidValueError('gitpod/ownerToken', 'SECRET123', 'x', { secret: true });
    assert.ok(!err.message.includes('SECRET123'));
    assert.match(err.message, /<redacted>/);
  });

  it('should describe a non-Error cause of ConflictRetriesExhaustedError', () => {
    assert.match(new ConflictRetriesExhaustedError(2, { statusCode: 409 }).message, /last error: \{"statusCode":409\}/);
  });
});

describe('quoteValue', () => {
  it('should JSON-quote short values', () => {
    assert.equal(quoteValue('a "b"\n'), '"a \\"b\\"\\n"');
  });

  it('should shorten long values and give their length', () => {
    const quoted = quoteValue('x'.repeat(1000));
    assert.equal(quoted, `"${'x'.repeat(80)}…" (1000 characters)`);
  });
});
