// Redaction of error and usage messages: the last line of defence, as messages should not quote values.
import { REDACTED } from './placeholder.js';
import { SECRET_ANNOTATION_NAMES } from './secrets.js';

// A secret annotation's name with a value glued to it (`gitpod/ownerToken=…`, `gitpod/OwnerToken:…`, a JSON member).
const NAMES = ['owner_?token', ...SECRET_ANNOTATION_NAMES.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))].join('|');
const GLUED_VALUE = new RegExp(`(${NAMES})([=:]?)([^\\s"'\`,;)}\\]=:\\\\][^\\s"'\`,;)}\\]]*)`, 'gi');
const JSON_MEMBER = new RegExp(`(${NAMES})(\\\\?"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^\\s,}\\]]+)`, 'gi');

/**
 * An error message safe to print: any value written next to a secret annotation's name (a mistyped mark echoed by
 * the argument parser, a JSON member) becomes <redacted>.
 */
export function redactErrorText(message: string): string {
  return message
    .replace(JSON_MEMBER, (_m, name: string, sep: string) => `${name}${sep}"${REDACTED}"`)
    .replace(GLUED_VALUE, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
}

// A value this long is also removed where it is quoted alone; shorter ones (choice words) would over-redact.
const SECRET_TAIL_MIN = 8;

/**
 * A message without the values typed after a "=" or ":" in these arguments (`gitpod/ownerToken=…`), whatever the
 * name: argument parsers quote arguments back, and such a value may be a secret. Names stay.
 */
export function redactTypedValues(message: string, typed: readonly string[]): string {
  let text = message;
  for (const arg of typed) {
    const cut = arg.search(/[=:]/);
    if (cut < 0 || cut === arg.length - 1) continue;
    const tail = arg.slice(cut + 1);
    text = text.split(arg).join(arg.slice(0, cut + 1) + REDACTED);
    if (tail.length >= SECRET_TAIL_MIN) text = text.split(tail).join(REDACTED);
  }
  return text;
}
