// Assertions shared by test files.
import assert from 'node:assert/strict';

/** Asserts that `fn` throws an instance of `type`, then hands the error, typed, to `check` for its details. */
export function assertThrowsError<E extends Error>(
  fn: () => unknown,
  type: abstract new (...args: never[]) => E,
  check: (err: E) => void,
): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof type, `expected a ${type.name}, got ${String(err)}`);
    check(err);
    return true;
  });
}
