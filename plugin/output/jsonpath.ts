// kubectl's JSONPath evaluation and printing (client-go util/jsonpath) over plain JSON values:
// results of one `{…}` are separated by a space, maps and lists print as compact JSON (Go's encoding:
// sorted keys, <>& escaped), scalars as Go's fmt prints them, `range … end` repeats its body per item.
import { isJsonObject } from '../../shared/json-object.js';
import { goJson, goText } from './go-format.js';
import type { Json } from './json-value.js';
import { parseJsonPath, JsonPathSyntaxError, type JsonPathNode } from './jsonpath-parse.js';

export { JsonPathSyntaxError } from './jsonpath-parse.js';

/** A template that parsed but cannot be evaluated over the object (index out of range, missing key…). */
export class JsonPathEvalError extends Error {
  override name = 'JsonPathEvalError';
}

/** A JSON value; `null` is JSON null (defined apart so the Go formatting below this module can share it). */
export type { Json };

type Obj = { readonly [key: string]: Json };

// Go ranges over a map in random order; sorted keys make the output stable.
const mapValues = (o: Obj): Json[] =>
  Object.keys(o)
    .sort()
    .map((k) => o[k] as Json);

export interface JsonPathOptions {
  /** `--allow-missing-template-keys`: a missing field yields nothing instead of an error (kubectl's default: true). */
  readonly allowMissingKeys: boolean;
}

export class JsonPath {
  private nodes: JsonPathNode[];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: JsonPathNode | undefined;

  constructor(
    readonly template: string,
    private readonly options: JsonPathOptions,
  ) {
    this.nodes = parseJsonPath(template).nodes;
  }

  /** The result sets of the template over data, one per top-level node (and per range iteration). */
  findResults(data: Json): Json[][] {
    const saved = this.nodes;
    try {
      return this.find(data);
    } finally {
      this.nodes = saved;
      this.beginRange = this.inRange = this.endRange = 0;
    }
  }

  /** The printed text, exactly as `kubectl … -o jsonpath=TEMPLATE` prints it. */
  execute(data: Json): string {
    return this.findResults(data).map(printResults).join('');
  }

  private find(data: Json): Json[][] {
    const cur: Json[] = [data];
    const nodes = this.nodes;
    const full: Json[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as JsonPathNode;
      const results = this.walk(cur, node);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = node;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        this.nodes = nodes.slice(i + 1);
        if (results.length > 0) for (const value of results) full.push(...this.find(value));
        else this.find(null);
        this.inRange--;
        const end = nodes.indexOf(this.lastEndNode as JsonPathNode, i + 1);
        if (end !== -1) i = end;
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private walk(values: Json[], node: JsonPathNode): Json[] {
    switch (node.kind) {
      case 'list':
        return node.nodes.reduce((cur, n) => this.walk(cur, n), values);
      case 'text':
        return [node.text];
      case 'field':
        return this.field(values, node.name);
      case 'array':
        return evalArray(values, node.params);
      case 'filter':
        return this.filter(values, node);
      case 'number':
      case 'bool':
        return values.map(() => node.value);
      case 'wildcard':
        return values.flatMap(children);
      case 'recursive':
        return recursive(values);
      case 'union':
        return node.lists.flatMap((l) => this.walk(values, l));
      case 'identifier':
        return this.identifier(values, node.name);
    }
  }

  private identifier(values: Json[], name: string): Json[] {
    if (name === 'range') {
      this.beginRange++;
      return values;
    }
    if (name === 'end') {
      if (this.inRange === 0) throw new JsonPathEvalError('not in range, nothing to end');
      this.endRange++;
      return [];
    }
    throw new JsonPathEvalError(`unrecognized identifier ${name}`);
  }

  private field(values: Json[], name: string): Json[] {
    const results: Json[] = [];
    for (const v of values) {
      if (isJsonObject(v) && Object.hasOwn(v, name)) results.push(v[name] as Json);
    }
    if (results.length === 0 && values.length > 0 && !this.options.allowMissingKeys) throw new JsonPathEvalError(`${name} is not found`);
    return results;
  }

  private filter(values: Json[], node: Extract<JsonPathNode, { kind: 'filter' }>): Json[] {
    const results: Json[] = [];
    for (const v of values) {
      if (!Array.isArray(v)) throw new JsonPathEvalError(`${goText(v)} is not array or slice and cannot be filtered`);
      for (const item of v as Json[]) {
        const lefts = this.walk([item], node.left);
        if (node.op === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new JsonPathEvalError('can only compare one element at a time');
        const rights = this.walk([item], node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new JsonPathEvalError('can only compare one element at a time');
        if (compare(lefts[0] as Json, rights[0] as Json, node.op)) results.push(item);
      }
    }
    return results;
  }
}

function children(v: Json): Json[] {
  if (Array.isArray(v)) return [...(v as Json[])];
  if (isJsonObject(v)) return mapValues(v);
  if (typeof v === 'string') return [...v].map((c) => c.codePointAt(0) ?? 0);
  return [];
}

function recursive(values: Json[]): Json[] {
  const out: Json[] = [];
  for (const v of values) {
    if (v === null) continue;
    const kids = children(v);
    if (kids.length > 0) out.push(v, ...recursive(kids));
  }
  return out;
}

function evalArray(values: Json[], params: Extract<JsonPathNode, { kind: 'array' }>['params']): Json[] {
  const result: Json[] = [];
  for (const v of values) {
    if (v === null) continue;
    if (!Array.isArray(v)) throw new JsonPathEvalError(`${goTypeOf(v)} is not array or slice`);
    const arr = v as Json[];
    const [p0, p1, p2] = params;
    let start = p0?.known === true ? p0.value : 0;
    if (start < 0) start += arr.length;
    let end = p1?.known === true ? p1.value : arr.length;
    if (end < 0 || (end === 0 && p1?.derived === true)) end += arr.length;
    if (end === start) return result;
    if (start >= arr.length || start < 0) throw new JsonPathEvalError(`array index out of bounds: index ${start}, length ${arr.length}`);
    if (end > arr.length || end < 0) throw new JsonPathEvalError(`array index out of bounds: index ${end - 1}, length ${arr.length}`);
    if (start > end) throw new JsonPathEvalError(`starting index ${start} is greater than ending index ${end}`);
    let step = 1;
    if (p2?.known === true) {
      if (p2.value <= 0) throw new JsonPathEvalError('step must be > 0');
      step = p2.value;
    }
    const slice = arr.slice(start, end);
    for (let i = 0; i < slice.length; i += step) result.push(slice[i] as Json);
  }
  return result;
}

function goTypeOf(v: Json): string {
  if (isJsonObject(v)) return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) ? 'int64' : 'float64';
}

function compare(l: Json, r: Json, op: string): boolean {
  const comparable =
    (typeof l === 'number' && typeof r === 'number') ||
    (typeof l === 'string' && typeof r === 'string') ||
    (typeof l === 'boolean' && typeof r === 'boolean');
  if (!comparable) {
    if (op === '==' || op === '!=') {
      if (typeof l !== typeof r || l === null || r === null || typeof l === 'object')
        throw new JsonPathEvalError('incompatible types for comparison');
    }
    throw new JsonPathEvalError('invalid type for comparison');
  }
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
  }
  if (typeof l === 'boolean') throw new JsonPathEvalError('invalid type for comparison');
  const a = l;
  const b = r as number | string;
  switch (op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      throw new JsonPathEvalError(`unrecognized filter operator ${op}`);
  }
}

/** One result set as client-go prints it: maps and lists as compact JSON, the rest as text, separated by spaces. */
function printResults(results: Json[]): string {
  return results.map((r) => (typeof r === 'object' && r !== null ? goJson(r) : r === null ? 'null' : goText(r))).join(' ');
}

/** Parses the template or throws JsonPathSyntaxError. */
export function compileJsonPath(template: string, options: JsonPathOptions): JsonPath {
  return new JsonPath(template, options);
}

export function isJsonPathError(err: unknown): err is JsonPathSyntaxError | JsonPathEvalError {
  return err instanceof JsonPathSyntaxError || err instanceof JsonPathEvalError;
}
