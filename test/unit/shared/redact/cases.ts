// The token the redaction tests hide, and their table-driven check: the expected text, with the token nowhere in it.
import assert from 'node:assert/strict';

export const T = 'tok-3f9a1c';

/** One `it` per case, named `should <verb> <case name>`. */
export function itRedactsEach(
  verb: string,
  redact: (text: string) => string,
  cases: readonly (readonly [name: string, input: string, expected: string])[],
): void {
  for (const [name, input, expected] of cases) {
    it(`should ${verb} ${name}`, () => {
      const out = redact(input);
      assert.equal(out, expected);
      assert.equal(out.includes(T), false);
    });
  }
}
