// How Go prints decoded JSON values, so our jsonpath and custom-columns output is byte-for-byte kubectl's:
// encoding/json's compact form (map keys sorted, <, > and & escaped) and fmt.Sprint's `map[k:v]`, `[a b]`.
import { isJsonObject } from '../../shared/json-object.js';
import type { Json } from './json-value.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return (v as Json[]).map(sortKeys);
  if (isJsonObject(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k] as Json)]),
    );
  return v;
}

/** encoding/json.Marshal of a decoded JSON value. */
export function goJson(v: Json): string {
  return JSON.stringify(sortKeys(v)).replace(/[<>&\u2028\u2029]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** fmt's %v of a float64: shortest form, exponent past 1e21 or below 1e-4 (%g with precision 6 for the switch). */
function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 21) {
    const [mantissa, e = '0'] = n.toExponential().split('e');
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(n);
}

/** fmt.Sprint of a scalar: integers (int64 when decoded from JSON) in decimal, floats as %v. */
export function goText(v: Json): string {
  if (v === null) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : goFloat(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  return goSprint(v);
}

/** fmt.Sprint of any decoded JSON value: `map[a:1 b:[x y]]`, with map keys sorted as fmt does. */
export function goSprint(v: Json): string {
  if (Array.isArray(v)) return `[${(v as Json[]).map(goSprint).join(' ')}]`;
  if (isJsonObject(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goSprint(v[k] as Json)}`)
      .join(' ')}]`;
  return goText(v);
}
