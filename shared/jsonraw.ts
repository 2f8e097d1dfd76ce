// JSON read as text: a strict scanner that keeps every token's place, so values we do not interpret survive
// byte for byte, secrets are found in the text itself, and syntax errors name a position without quoting the input.

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Deeper documents are refused rather than risking the stack (Go's decoder stops at 10,000). */
export const MAX_JSON_DEPTH = 1000;

/** A value's place in the text; members keep their decoded key. */
export type JsonNode =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly members: readonly JsonMember[] }
  | { readonly kind: 'array'; readonly start: number; readonly end: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string' | 'number' | 'literal'; readonly start: number; readonly end: number };

export interface JsonMember {
  /** The decoded name. */
  readonly key: string;
  /** The name as written, quotes and escapes included. */
  readonly keyText: string;
  readonly value: JsonNode;
}

/** Invalid JSON; the message gives the position only, never the text around it (it may be a secret). */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  readonly offset: number;
  readonly line: number;
  readonly column: number;

  constructor(text: string, offset: number, problem: string) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - (before.lastIndexOf('\n') + 1) + 1;
    super(`${problem} at line ${line}, column ${column} (offset ${offset} of ${text.length} characters)`);
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters.
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

class Scanner {
  private i = 0;
  constructor(private readonly text: string) {}

  private fail(problem: string, at = this.i): never {
    throw new JsonSyntaxError(this.text, at, problem);
  }

  private skipWhitespace(): void {
    while (this.i < this.text.length && WHITESPACE.has(this.text[this.i] as string)) this.i++;
  }

  document(): JsonNode {
    this.skipWhitespace();
    const node = this.value(0);
    this.skipWhitespace();
    if (this.i < this.text.length) this.fail('unexpected text after the end of the JSON value');
    return node;
  }

  private value(depth: number): JsonNode {
    const c = this.text[this.i];
    if (c === undefined) this.fail('unexpected end of the JSON text');
    if ((c === '{' || c === '[') && depth >= MAX_JSON_DEPTH) this.fail(`objects and arrays nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    const start = this.i;
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, start)) {
        this.i += literal.length;
        return { kind: 'literal', start, end: this.i };
      }
    }
    NUMBER.lastIndex = start;
    if (NUMBER.test(this.text)) {
      this.i = NUMBER.lastIndex;
      return { kind: 'number', start, end: this.i };
    }
    return this.fail('expected a JSON value (object, array, string, number, true, false or null)');
  }

  private string(): JsonNode {
    const start = this.i;
    STRING_BODY.lastIndex = start + 1;
    STRING_BODY.test(this.text);
    this.i = STRING_BODY.lastIndex;
    const c = this.text[this.i];
    if (c === '"') {
      this.i++;
      return { kind: 'string', start, end: this.i };
    }
    if (c === undefined) return this.fail('unterminated string', start);
    return this.fail(c === '\\' ? 'invalid escape sequence in a string' : 'control character in a string');
  }

  /** A bracketed, comma-separated sequence starting at this.i; `entry` reads one entry. Returns where it starts and ends. */
  private sequence(close: '}' | ']', entryName: string, entry: () => void): { start: number; end: number } {
    const start = this.i++;
    this.skipWhitespace();
    if (this.text[this.i] === close) {
      this.i++;
      return { start, end: this.i };
    }
    for (;;) {
      this.skipWhitespace();
      entry();
      this.skipWhitespace();
      const c = this.text[this.i++];
      if (c === close) return { start, end: this.i };
      if (c !== ',') this.fail(`expected "," or "${close}" after ${entryName}`, this.i - 1);
    }
  }

  private object(depth: number): JsonNode {
    const members: JsonMember[] = [];
    const { start, end } = this.sequence('}', 'a member value', () => members.push(this.member(depth)));
    return { kind: 'object', start, end, members };
  }

  private member(depth: number): JsonMember {
    if (this.text[this.i] !== '"') this.fail('expected a double-quoted member name');
    const keyNode = this.string();
    const keyText = this.text.slice(keyNode.start, keyNode.end);
    const key = keyText.includes('\\') ? (JSON.parse(keyText) as string) : keyText.slice(1, -1);
    this.skipWhitespace();
    if (this.text[this.i] !== ':') this.fail('expected ":" after a member name');
    this.i++;
    this.skipWhitespace();
    return { key, keyText, value: this.value(depth + 1) };
  }

  private array(depth: number): JsonNode {
    const items: JsonNode[] = [];
    const { start, end } = this.sequence(']', 'an array element', () => items.push(this.value(depth + 1)));
    return { kind: 'array', start, end, items };
  }
}

/** The tree of `text`; throws JsonSyntaxError (position only) when it is not valid JSON. */
export function scanJson(text: string): JsonNode {
  return new Scanner(text).document();
}

/** Why `text` is not valid JSON (position only), or undefined when it is. */
export function jsonSyntaxProblem(text: string): string | undefined {
  try {
    scanJson(text);
    return undefined;
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err.message;
    throw err;
  }
}

/** JSON text without the whitespace between tokens, as Go's json.Compact. */
export function compactJson(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end;
    } else if (!WHITESPACE.has(c)) {
      out += c;
    }
  }
  return out;
}

/**
 * The compacted raw text of each member of a JSON object, keyed by member name (the last one wins, as in JSON.parse).
 * Throws JsonSyntaxError when `text` is not valid JSON; an empty map when it is not an object. `root` saves a second scan.
 */
export function rawObjectMembers(text: string, root: JsonNode = scanJson(text)): Map<string, string> {
  const members = new Map<string, string>();
  if (root.kind !== 'object') return members;
  for (const m of root.members) {
    members.set(m.key, compactJson(text.slice(m.value.start, m.value.end)));
  }
  return members;
}

/** Case folding of Go's encoding/json (ToUpper(ToLower(r)) per rune): its decoder matches member names this way. */
export function goFoldKey(key: string): string {
  let out = '';
  for (const ch of key) out += ch.toLowerCase().toUpperCase();
  return out;
}

/** A JSON value kept as its text, printed token for token (numbers, escapes, duplicate and ordered keys). */
export class RawJson {
  constructor(readonly text: string) {}
  /** JSON.stringify writes a marker that formatJson replaces by the text itself. */
  toJSON(): string {
    return `${JSON_RAW_MARK}${this.text}`;
  }
}

/** A number exactly as written: 12345678901234567890 and 1e400 are not rounded through a double. */
export class JsonNumber {
  constructor(readonly text: string) {}
  /** JSON.stringify writes a marker that formatJson turns back into the number's text. */
  toJSON(): string {
    return `${JSON_NUMBER_MARK}${this.text}`;
  }
}

/** Random per process, so no string in a document can pass for a number marker. */
const NONCE = `${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
export const JSON_NUMBER_MARK = `jsonnumber-${NONCE}:`;
export const JSON_RAW_MARK = `jsonraw-${NONCE}:`;

function toValue(text: string, node: JsonNode): unknown {
  switch (node.kind) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const m of node.members) {
        Object.defineProperty(obj, m.key, { value: toValue(text, m.value), enumerable: true, writable: true, configurable: true });
      }
      return obj;
    }
    case 'array':
      return node.items.map((item) => toValue(text, item));
    case 'number':
      return new JsonNumber(text.slice(node.start, node.end));
    default:
      return JSON.parse(text.slice(node.start, node.end)) as unknown;
  }
}

/** Like JSON.parse, but numbers become JsonNumber so they are shown as written. Throws JsonSyntaxError. */
export function parseJsonExact(text: string): unknown {
  return toValue(text, scanJson(text));
}
