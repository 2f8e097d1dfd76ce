// Value checks of the annotation catalogue: each returns undefined when the value is fine, else what was expected.
import { isGoDuration } from './duration.js';
import { PlisParseError } from './errors.js';
import { isJsonObject } from './json-object.js';
import { decodePlis } from './plis-codec.js';
import { parseRfc3339Parts } from './rfc3339.js';

export type Validator = (value: string) => string | undefined;

export const anyString: Validator = () => undefined;

export const nonEmpty: Validator = (value) => (value === '' ? 'a non-empty string' : undefined);

export const presenceFlag: Validator = (value) =>
  value === 'true' ? undefined : '"true" (a presence flag: delete the annotation to clear it)';

export const absoluteUrl: Validator = (value) => {
  const expected = 'an absolute URL such as "https://ws-1234.example.com/"';
  if (value !== value.trim()) return `${expected}, without surrounding whitespace`;
  try {
    new URL(value);
    return undefined;
  } catch {
    return expected;
  }
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const base64: Validator = (value) =>
  BASE64.test(value) ? undefined : 'standard base64 (alphabet A-Z a-z 0-9 + /, padded with "=" to a multiple of 4 characters)';

export const goDuration: Validator = (value) =>
  isGoDuration(value) ? undefined : 'a Go duration such as "30m", "1h30m", "1.5h" or "300ms" (units ns, us, µs, ms, s, m, h)';

export const utcRfc3339Nano: Validator = (value) => {
  const parts = parseRfc3339Parts(value);
  return parts !== undefined && parts.utc && parts.fractionDigits <= 9
    ? undefined
    : 'an RFC 3339 timestamp in UTC with at most nanosecond precision, such as "2026-11-28T10:00:00.123456789Z"';
};

export function oneOf(allowed: readonly string[]): Validator {
  return (value) => (allowed.includes(value) ? undefined : `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
}

const PORT_KEY = /^[1-9][0-9]{0,4}$/;
const isPort = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;

export const ingressPorts: Validator = (value) => {
  const expected = 'a JSON object {"<port>":{"workspacePort":N,"ingressPort":N}} with ports 1-65535';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return `${expected} (the value is not valid JSON)`;
  }
  if (!isJsonObject(parsed)) return expected;
  for (const [key, entry] of Object.entries(parsed)) {
    if (!PORT_KEY.test(key) || !isPort(Number(key))) return `${expected} (key ${JSON.stringify(key)} is not a port)`;
    if (!isJsonObject(entry)) return `${expected} (entry ${key} is not an object)`;
    const fields = Object.keys(entry).sort().join(',');
    if (fields !== 'ingressPort,workspacePort' || !isPort(entry['workspacePort']) || !isPort(entry['ingressPort'])) {
      return `${expected} (entry ${key} must have exactly the integer fields workspacePort and ingressPort)`;
    }
  }
  return undefined;
};

export const plisDocument: Validator = (value) => {
  const expected = 'a PLIS JSON object such as {"finalBackupComplete":true}';
  if (value === '') return expected;
  try {
    decodePlis(value, 'gitpod/plis');
    return undefined;
  } catch (err) {
    if (err instanceof PlisParseError) return `${expected} (${err.problem})`;
    throw err;
  }
};
