// Raw text of the members of a JSON object, so values we do not interpret survive a round trip byte for byte.

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
  return i;
}

/** Index just past the string literal starting at `i` (which is a `"`). */
function endOfString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

/** Index just past the JSON value starting at `i`. */
function endOfValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return endOfString(text, i);
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') j = endOfString(text, j) - 1;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && !WHITESPACE.has(text[j] as string) && text[j] !== ',' && text[j] !== '}' && text[j] !== ']') j++;
  return j;
}

/** JSON text without the whitespace between tokens, as Go's json.Compact. */
export function compactJson(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end - 1;
    } else if (!WHITESPACE.has(c)) {
      out += c;
    }
  }
  return out;
}

/**
 * The compacted raw text of each member of a JSON object, keyed by member name (the last one wins, as in JSON.parse).
 * `text` must already be known to be valid JSON whose top level is an object.
 */
export function rawObjectMembers(text: string): Map<string, string> {
  const members = new Map<string, string>();
  let i = skipWhitespace(text, 0) + 1; // past '{'
  for (;;) {
    i = skipWhitespace(text, i);
    if (text[i] !== '"') return members; // '}' of an empty object
    const keyEnd = endOfString(text, i);
    const key = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipWhitespace(text, keyEnd) + 1; // past ':'
    i = skipWhitespace(text, i);
    const valueEnd = endOfValue(text, i);
    members.set(key, compactJson(text.slice(i, valueEnd)));
    i = skipWhitespace(text, valueEnd);
    if (text[i] !== ',') return members;
    i++;
  }
}
