// kubectl's JSONPath template syntax (client-go util/jsonpath) parsed into a tree: text outside `{…}` is
// printed as is; inside, fields, `[n]`, slices, `[*]`, unions, `..`, filters, quoted literals, `range`/`end`.

export type JsonPathNode =
  | { readonly kind: 'list'; readonly nodes: JsonPathNode[] }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'array'; readonly params: readonly SliceParam[] }
  | { readonly kind: 'filter'; readonly left: JsonPathList; readonly right: JsonPathList; readonly op: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'recursive' }
  | { readonly kind: 'union'; readonly lists: readonly JsonPathList[] }
  | { readonly kind: 'identifier'; readonly name: string };

export type JsonPathList = Extract<JsonPathNode, { kind: 'list' }>;

export interface SliceParam {
  readonly value: number;
  readonly known: boolean;
  /** The end of `[n]`, derived as n+1. */
  readonly derived: boolean;
}

/** A template that does not parse; the message is client-go's wording. */
export class JsonPathSyntaxError extends Error {
  override name = 'JsonPathSyntaxError';
}

const SLICE = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
const DICT_KEY = /^'([^']*)'$/;
const FILTER = /^([^!<>=]+)([!<>=]+)(.+?)$/;

function isTerminator(c: string): boolean {
  return c === '' || ' \t\r\n.,[]$@{}'.includes(c);
}

function isAlphaNumeric(c: string): boolean {
  return c === '_' || /^[\p{L}\p{Nd}]$/u.test(c);
}

const list = (): JsonPathList => ({ kind: 'list', nodes: [] });

/** Go's strconv.Unquote, extended to single quotes as client-go does. */
function unquote(s: string): string {
  const q = s[0];
  if (s.length < 2 || q !== s[s.length - 1] || (q !== '"' && q !== "'"))
    throw new JsonPathSyntaxError(`unquote string ${s} error invalid syntax`);
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c === q) throw new JsonPathSyntaxError(`unquote string ${s} error invalid syntax`);
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i] ?? '';
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      '\\': '\\',
      '"': '"',
      "'": "'",
    };
    if (simple[e] !== undefined) {
      out += simple[e];
      continue;
    }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex > 0 && /^[0-9a-fA-F]+$/.test(body.slice(i + 1, i + 1 + hex)) && body.slice(i + 1, i + 1 + hex).length === hex) {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + hex), 16));
      i += hex;
      continue;
    }
    throw new JsonPathSyntaxError(`unquote string ${s} error invalid syntax`);
  }
  return out;
}

class Parser {
  private pos = 0;
  private start = 0;
  readonly root: JsonPathList = list();

  constructor(private readonly input: string) {}

  private next(): string {
    if (this.pos >= this.input.length) return '';
    const c = String.fromCodePoint(this.input.codePointAt(this.pos) ?? 0);
    this.pos += c.length;
    return c;
  }

  private consume(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private rest(): string {
    return this.input.slice(this.pos);
  }

  parse(): JsonPathList {
    let cur: JsonPathList | undefined = this.root;
    // Text and actions alternate; each action returns when its `}` is reached.
    while (cur !== undefined) cur = this.text();
    return this.root;
  }

  private text(): JsonPathList | undefined {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) this.root.nodes.push({ kind: 'text', text: this.consume() });
        this.pos += 1;
        this.consume();
        const action = list();
        this.root.nodes.push(action);
        this.action(action);
        return this.root;
      }
      if (this.next() === '') break;
    }
    if (this.pos > this.start) this.root.nodes.push({ kind: 'text', text: this.consume() });
    return undefined;
  }

  private action(cur: JsonPathList): void {
    for (;;) {
      const rest = this.rest();
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consume();
        return;
      }
      if (rest.startsWith('[?(')) {
        this.filter(cur);
        continue;
      }
      if (rest.startsWith('..')) {
        this.recursive(cur);
        continue;
      }
      const c = this.next();
      if (c === '' || c === '\r' || c === '\n') throw new JsonPathSyntaxError('unclosed action');
      if (c === ' ' || c === '@' || c === '$') this.consume();
      else if (c === '[') this.array(cur);
      else if (c === '"' || c === "'") this.quote(cur, c);
      else if (c === '.') this.field(cur);
      else if (c === '+' || c === '-' || /\d/.test(c)) this.number(cur);
      else if (isAlphaNumeric(c)) this.identifier(cur);
      else
        throw new JsonPathSyntaxError(
          `unrecognized character in action: U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} '${c}'`,
        );
    }
  }

  private identifier(cur: JsonPathList): void {
    while (!isTerminator(this.peek())) this.next();
    const value = this.consume();
    cur.nodes.push(value === 'true' || value === 'false' ? { kind: 'bool', value: value === 'true' } : { kind: 'identifier', name: value });
  }

  private peek(): string {
    const save = this.pos;
    const c = this.next();
    this.pos = save;
    return c;
  }

  private recursive(cur: JsonPathList): void {
    if (cur.nodes[cur.nodes.length - 1]?.kind === 'recursive') throw new JsonPathSyntaxError('invalid multiple recursive descent');
    this.pos += 2;
    this.consume();
    cur.nodes.push({ kind: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.field(cur);
  }

  private number(cur: JsonPathList): void {
    while (this.peek() === '.' || /\d/.test(this.peek())) this.next();
    const value = this.consume();
    if (/^[+-]?\d+$/.test(value)) cur.nodes.push({ kind: 'number', value: Number(value) });
    else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) cur.nodes.push({ kind: 'number', value: Number(value) });
    else throw new JsonPathSyntaxError(`cannot parse number ${value}`);
  }

  private array(cur: JsonPathList): void {
    for (;;) {
      const c = this.next();
      if (c === '' || c === '\n') throw new JsonPathSyntaxError('unterminated array');
      if (c === ']') break;
    }
    let text = this.consume().slice(1, -1);
    if (text === '*') text = ':';
    const parts = text.split(',');
    if (parts.length > 1) {
      cur.nodes.push({ kind: 'union', lists: parts.map((p) => parseAction(`[${p.trim()}]`)) });
      return;
    }
    const key = DICT_KEY.exec(text);
    if (key !== null) {
      cur.nodes.push(...parseAction(`.${key[1] ?? ''}`).nodes);
      return;
    }
    const m = SLICE.exec(text);
    if (m === null) throw new JsonPathSyntaxError(`invalid array index ${text}`);
    const params: SliceParam[] = [];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params.push({ value: 0, known: false, derived: false });
        else if (/^-?\d+$/.test(v)) params.push({ value: Number(v), known: true, derived: false });
        else throw new JsonPathSyntaxError(`array index ${v} is not a number`);
      } else if (i === 1) {
        params.push({ value: (params[0]?.value ?? 0) + 1, known: true, derived: true });
      } else {
        params.push({ value: 0, known: false, derived: false });
      }
    }
    cur.nodes.push({ kind: 'array', params });
  }

  private filter(cur: JsonPathList): void {
    this.pos += 3;
    this.consume();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const c = this.next();
      if (c === '' || c === '\n') throw new JsonPathSyntaxError('unterminated filter');
      if (c === '"' || c === "'") {
        if (!begin) {
          begin = true;
          pair = c;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && c === pair) end = true;
      } else if (c === ')' && begin === end) {
        break;
      }
    }
    if (this.next() !== ']') throw new JsonPathSyntaxError('unclosed array expect ]');
    const text = this.consume().slice(0, -2);
    const m = FILTER.exec(text);
    if (m === null) cur.nodes.push({ kind: 'filter', left: parseAction(text), right: list(), op: 'exists' });
    else cur.nodes.push({ kind: 'filter', left: parseAction(m[1] ?? ''), right: parseAction(m[3] ?? ''), op: m[2] ?? '' });
  }

  private quote(cur: JsonPathList, end: string): void {
    for (;;) {
      const c = this.next();
      if (c === '' || c === '\n') throw new JsonPathSyntaxError('unterminated quoted string');
      if (c === end && this.input[this.pos - 2] !== '\\') break;
    }
    cur.nodes.push({ kind: 'text', text: unquote(this.consume()) });
  }

  private field(cur: JsonPathList): void {
    this.consume();
    for (;;) {
      const c = this.peek();
      if (c === '\\') {
        this.next();
        this.next();
        continue;
      }
      if (isTerminator(c)) break;
      this.next();
    }
    const value = this.consume();
    cur.nodes.push(value === '*' ? { kind: 'wildcard' } : { kind: 'field', name: value.replaceAll('\\', '') });
  }
}

/** The expression inside one pair of braces. */
function parseAction(text: string): JsonPathList {
  const root = new Parser(`{${text}}`).parse();
  const first = root.nodes[0];
  return first?.kind === 'list' ? first : list();
}

/** Parses a whole template; throws JsonPathSyntaxError with client-go's message. */
export function parseJsonPath(template: string): JsonPathList {
  return new Parser(template).parse();
}
