// How a plugin file carries its bundle (plugin/launch/payload.ts reads it back): as line comments after
// the launcher's code. Node.js skips comments in one fast pass, where a string literal of the same text
// cost V8's string scanner ~6 M instructions at every start (Node 24).

/** Each line of the bundle follows this on its own line. */
export const LINE_PREFIX = '\n// ';

/**
 * The text appended to the launcher: the bundle, every line a comment, then a newline. The bundle must be
 * ASCII without carriage returns (esbuild escapes the rest), so no line of it can end its comment early and
 * its text is the same read as Latin-1.
 */
export function encodePayload(source) {
  if (/[^\n\x20-\x7e\t]/.test(source)) throw new Error('the bundle holds a character other than printable ASCII, tab or newline');
  return `${LINE_PREFIX}${source.replaceAll('\n', LINE_PREFIX)}\n`;
}
