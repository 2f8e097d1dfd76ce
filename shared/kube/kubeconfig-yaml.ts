// A fast reader for the YAML that `kubectl config` writes: block mappings and sequences of plain
// scalars. js-yaml reads a kubeconfig (a few KB of base64 certificate data) one character at a
// time through its general grammar, ~20 M instructions per start on Node 24; this reads it line by
// line. It answers only when sure: anything outside the subset (flow collections other than {} and [],
// quotes with escapes, block scalars, anchors, tags, comments after a value, numbers, timestamps,
// multi-line scalars, duplicate keys, tabs, non-ASCII) returns undefined and js-yaml decides, so
// every answer equals js-yaml's `load` of the same text (unit tests compare both).

interface Line {
  readonly indent: number;
  /** The text after the indentation, without trailing spaces. */
  readonly text: string;
}

/** Thrown inside the reader when the text leaves the subset; never escapes parseSimpleYaml. */
class OutsideSubset extends Error {}

function outside(): never {
  throw new OutsideSubset();
}

// Printable ASCII and newlines only: tabs, carriage returns, control and non-ASCII characters go to js-yaml.
const SUBSET_CHARACTERS = /^[\x20-\x7e\n]*$/;
// A mapping key spelled as kubectl spells them; quoted keys, `<<` and `?` keys go to js-yaml.
const KEY = /^[A-Za-z_][A-Za-z0-9_.\-/@]*$/;
const NULLS: ReadonlySet<string> = new Set(['~', 'null', 'Null', 'NULL']);
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['false', false],
  ['False', false],
  ['FALSE', false],
]);
// First characters of plain scalars js-yaml may read as something other than a string (indicators,
// numbers, .inf/.nan, timestamps, signed numbers), except a dash before a letter or dash (`--flag`, `-n`).
const NOT_A_PLAIN_STRING_START = /^(?:[?:,[\]{}#&*!|>'"%@`+.0-9]|-(?![A-Za-z-]))/;

function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const text = raw.trimEnd();
    const body = text.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    // Document markers and directives.
    if (text.startsWith('---') || text.startsWith('...') || text.startsWith('%')) outside();
    lines.push({ indent: text.length - body.length, text: body });
  }
  return lines;
}

function scalar(text: string): unknown {
  if (text === '{}') return {};
  if (text === '[]') return [];
  const quoted = /^"([^"\\]*)"$/.exec(text) ?? /^'([^']*)'$/.exec(text);
  if (quoted !== null) return quoted[1];
  if (NOT_A_PLAIN_STRING_START.test(text) || text.includes(': ') || text.includes(' #') || text.endsWith(':')) outside();
  if (NULLS.has(text)) return null;
  return BOOLEANS.get(text) ?? text;
}

/** Reads the block nodes of a parsed line list, from `at` on. */
class BlockReader {
  private at = 0;
  /** Owned by the reader: a `- key: value` line is rewritten in place as the first line of its mapping. */
  constructor(private readonly lines: Line[]) {}

  document(): unknown {
    const first = this.lines[0];
    if (first === undefined || first.indent !== 0) outside();
    const value = this.node(0);
    if (this.at !== this.lines.length) outside();
    return value;
  }

  private peek(): Line | undefined {
    return this.lines[this.at];
  }

  /** The collection that starts at the current line, whose lines are indented exactly `indent`. */
  private node(indent: number): unknown {
    const line = this.peek();
    if (line === undefined || line.indent !== indent) outside();
    return line.text === '-' || line.text.startsWith('- ') ? this.sequence(indent) : this.mapping(indent);
  }

  /** The value after `key:` or `-` with nothing on its line: a nested collection, or null. */
  private nested(parentIndent: number, sequenceAtSameIndent: boolean): unknown {
    const next = this.peek();
    if (next === undefined) return null;
    const isItem = next.text === '-' || next.text.startsWith('- ');
    if (next.indent > parentIndent) return this.node(next.indent);
    // `key:` followed by `- item` at the key's own indentation, as kubectl writes its lists.
    if (sequenceAtSameIndent && next.indent === parentIndent && isItem) return this.sequence(parentIndent);
    return null;
  }

  /** After a scalar, a more indented line would continue it (a multi-line scalar): not in the subset. */
  private endOfScalar(indent: number): void {
    const next = this.peek();
    if (next !== undefined && next.indent > indent) outside();
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      if (line.text !== '-' && !line.text.startsWith('- ')) break;
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.at++;
        items.push(this.nested(indent, false));
      } else if (this.isKeyLine(rest)) {
        // `- key: value`: a mapping whose keys sit where `key` does.
        const keyIndent = indent + (line.text.length - rest.length);
        this.lines[this.at] = { indent: keyIndent, text: rest };
        items.push(this.mapping(keyIndent));
      } else {
        this.at++;
        items.push(scalar(rest));
        this.endOfScalar(indent);
      }
    }
    return items;
  }

  private isKeyLine(text: string): boolean {
    const colon = text.indexOf(':');
    return colon > 0 && (colon === text.length - 1 || text[colon + 1] === ' ') && KEY.test(text.slice(0, colon));
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      if (line.text === '-' || line.text.startsWith('- ')) break;
      if (!this.isKeyLine(line.text)) outside();
      const colon = line.text.indexOf(':');
      const key = line.text.slice(0, colon);
      // js-yaml refuses duplicate keys; __proto__ would set the prototype of a plain object.
      if (Object.hasOwn(map, key) || key === '__proto__') outside();
      const rest = line.text.slice(colon + 1).trimStart();
      this.at++;
      let value: unknown;
      if (rest === '') value = this.nested(indent, true);
      else {
        value = scalar(rest);
        this.endOfScalar(indent);
      }
      map[key] = value;
    }
    return map;
  }
}

/** The document of `text` as js-yaml's `load` gives it, or undefined when the text is outside the subset. */
export function parseSimpleYaml(text: string): unknown {
  if (!SUBSET_CHARACTERS.test(text)) return undefined;
  try {
    return new BlockReader(contentLines(text)).document();
  } catch (err) {
    if (err instanceof OutsideSubset) return undefined;
    throw err;
  }
}
