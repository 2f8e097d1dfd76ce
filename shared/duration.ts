// Go's time.ParseDuration, reproduced on Go's own terms (bytes, uint64 arithmetic, float64 fractions).
import { InvalidValueError } from './errors.js';

const NANOSECOND = 1n;
const MICROSECOND = 1000n * NANOSECOND;
const MILLISECOND = 1000n * MICROSECOND;
const SECOND = 1000n * MILLISECOND;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', NANOSECOND],
  ['us', MICROSECOND],
  ['\u00b5s', MICROSECOND], // micro sign
  ['\u03bcs', MICROSECOND], // Greek small letter mu
  ['ms', MILLISECOND],
  ['s', SECOND],
  ['m', MINUTE],
  ['h', HOUR],
]);

const TWO_63 = 1n << 63n;
const INT64_MAX = TWO_63 - 1n;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const EXPECTED =
  'a Go duration: a possibly signed sequence of decimal numbers with optional fraction and a unit ' +
  '(ns, us, µs, ms, s, m, h), e.g. "300ms", "1.5h", "1h30m", within ±2562047h47m16.854775807s';

class DurationSyntaxError extends Error {}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

const isDigit = (b: number | undefined): boolean => b !== undefined && b >= ZERO && b <= NINE;

/** Digits at `from`, as Go's leadingInt: fails once the value passes 2^63. */
function leadingInt(s: Uint8Array, from: number): { value: bigint; end: number } {
  let i = from;
  let x = 0n;
  for (; isDigit(s[i]); i++) {
    if (x > TWO_63 / 10n) throw new DurationSyntaxError('overflow');
    x = x * 10n + BigInt((s[i] as number) - ZERO);
    if (x > TWO_63) throw new DurationSyntaxError('overflow');
  }
  return { value: x, end: i };
}

/** Fraction digits at `from`, as Go's leadingFraction: stops accumulating precision instead of failing. */
function leadingFraction(s: Uint8Array, from: number): { value: bigint; scale: number; end: number } {
  let i = from;
  let x = 0n;
  let scale = 1;
  let overflow = false;
  for (; isDigit(s[i]); i++) {
    if (overflow) continue;
    if (x > INT64_MAX / 10n) {
      overflow = true;
      continue;
    }
    const y = x * 10n + BigInt((s[i] as number) - ZERO);
    if (y > TWO_63) {
      overflow = true;
      continue;
    }
    x = y;
    scale *= 10;
  }
  return { value: x, scale, end: i };
}

function parseBytes(s: Uint8Array): bigint {
  let i = 0;
  let neg = false;
  if (s[0] === 0x2d || s[0] === 0x2b) {
    neg = s[0] === 0x2d;
    i = 1;
  }
  if (s.length - i === 1 && s[i] === ZERO) return 0n;
  if (i === s.length) throw new DurationSyntaxError('empty');
  let d = 0n; // uint64, wraps like Go's
  while (i < s.length) {
    if (!(s[i] === DOT || isDigit(s[i]))) throw new DurationSyntaxError('expected a digit or "."');
    const int = leadingInt(s, i);
    const pre = int.end !== i;
    i = int.end;
    let frac = { value: 0n, scale: 1 };
    let post = false;
    if (s[i] === DOT) {
      const f = leadingFraction(s, i + 1);
      post = f.end !== i + 1;
      frac = f;
      i = f.end;
    }
    if (!pre && !post) throw new DurationSyntaxError('no digits');
    let j = i;
    while (j < s.length && !(s[j] === DOT || isDigit(s[j]))) j++;
    if (j === i) throw new DurationSyntaxError('missing unit');
    const unit = UNITS.get(utf8Decoder.decode(s.subarray(i, j)));
    i = j;
    if (unit === undefined) throw new DurationSyntaxError('unknown unit');
    if (int.value > TWO_63 / unit) throw new DurationSyntaxError('overflow');
    let v = int.value * unit;
    if (frac.value > 0n) {
      // float64 on purpose: Go computes the fractional part this way, and we must round exactly as it does
      v += BigInt(Math.trunc(Number(frac.value) * (Number(unit) / frac.scale)));
      if (v > TWO_63) throw new DurationSyntaxError('overflow');
    }
    d = BigInt.asUintN(64, d + v);
    if (d > TWO_63) throw new DurationSyntaxError('overflow');
  }
  if (neg) return BigInt.asIntN(64, -d);
  if (d > INT64_MAX) throw new DurationSyntaxError('overflow');
  return d;
}

/** Parses a Go duration string (`time.ParseDuration`) into nanoseconds; throws InvalidValueError. */
export function parseGoDuration(s: string, field = 'duration'): bigint {
  try {
    return parseBytes(utf8Encoder.encode(s));
  } catch (err) {
    if (err instanceof DurationSyntaxError) {
      throw new InvalidValueError(field, s, EXPECTED, { cause: err });
    }
    throw err;
  }
}

/** Whether `s` is accepted by Go's `time.ParseDuration`. */
export function isGoDuration(s: string): boolean {
  try {
    parseBytes(utf8Encoder.encode(s));
    return true;
  } catch (err) {
    if (err instanceof DurationSyntaxError) return false;
    throw err;
  }
}
