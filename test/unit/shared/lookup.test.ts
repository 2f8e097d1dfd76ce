import assert from 'node:assert/strict';
import { AmbiguousWorkspaceError, InvalidValueError, WorkspaceNotFoundError } from '../../../shared/errors.js';
import { WORKSPACE_ID_LABEL, selectWorkspacePod, validateWorkspaceId, workspaceSelector, type PodLike } from '../../../shared/lookup.js';

const pod = (name: string): PodLike & { readonly extra: string } => ({
  metadata: { name, namespace: 'default', labels: { [WORKSPACE_ID_LABEL]: 'abc' } },
  extra: name,
});

describe('workspaceSelector', () => {
  it('should select on the workspaceID label', () => {
    assert.equal(WORKSPACE_ID_LABEL, 'workspaceID');
    assert.equal(workspaceSelector('abc'), 'workspaceID=abc');
  });
});

describe('validateWorkspaceId', () => {
  for (const id of ['abc', 'a', 'a1b2-c3d4_e5.f6', 'A'.repeat(63), '0f6bd0d4-0a5a-4d4c-9f44-6f2b1c3a2e10']) {
    it(`should accept ${JSON.stringify(id.length > 40 ? `${id.length} characters` : id)}`, () => {
      validateWorkspaceId(id);
    });
  }

  const rejected: ReadonlyArray<readonly [string, string]> = [
    ['', 'empty'],
    ['../x', 'a path'],
    ['a b', 'a space'],
    ['x'.repeat(300), '300 characters'],
    ['x'.repeat(64), '64 characters'],
    ['wörkspace', 'non-ASCII letters'],
    ['-abc', 'a leading dash'],
    ['abc.', 'a trailing dot'],
    ['abc,workspaceID!=x', 'a selector injection'],
    ['abc\n', 'a newline'],
  ];
  for (const [id, what] of rejected) {
    it(`should reject ${what}, quoting it and saying what is expected`, () => {
      assert.throws(
        () => validateWorkspaceId(id),
        (err: unknown) => {
          assert.ok(err instanceof InvalidValueError);
          assert.equal(err.field, 'workspace id');
          assert.match(err.message, /1-63 ASCII letters, digits/);
          assert.ok(err.message.includes(JSON.stringify(id.slice(0, 80)).slice(0, -1)));
          return true;
        },
      );
    });
  }
});

describe('selectWorkspacePod', () => {
  it('should return the only pod, keeping its type', () => {
    const only = pod('ws-abc');
    const selected = selectWorkspacePod([only], 'abc', 'default');
    assert.equal(selected, only);
    assert.equal(selected.extra, 'ws-abc');
  });

  it('should say the workspace is not found in the namespace when there is no pod', () => {
    assert.throws(
      () => selectWorkspacePod([], 'abc', 'team-a'),
      (err: unknown) => {
        assert.ok(err instanceof WorkspaceNotFoundError);
        assert.equal(err.exitCode, 1);
        assert.match(err.message, /^workspace abc not found in namespace team-a/);
        assert.match(err.message, /kubectl workspace list/);
        return true;
      },
    );
  });

  it('should list the candidates when two pods carry the label', () => {
    assert.throws(
      () => selectWorkspacePod([pod('ws-abc'), pod('prebuild-abc')], 'abc', 'default'),
      (err: unknown) => {
        assert.ok(err instanceof AmbiguousWorkspaceError);
        assert.deepEqual(err.podNames, ['prebuild-abc', 'ws-abc']);
        assert.match(err.message, /^found 2 candidates for workspace abc: prebuild-abc, ws-abc/);
        assert.match(err.message, /nothing was written/);
        return true;
      },
    );
  });

  it('should name unnamed pods so the count still adds up', () => {
    assert.throws(
      () => selectWorkspacePod([{}, pod('ws-abc')], 'abc', 'default'),
      /found 2 candidates for workspace abc: <unnamed>, ws-abc/,
    );
  });
});
