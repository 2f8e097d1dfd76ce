// RFC 3339 timestamps as epoch nanoseconds, matching Go's time.RFC3339Nano output and its strict parser.

const NANOS_PER_SECOND = 1_000_000_000n;
const SECONDS_PER_DAY = 86_400n;
const MIN_YEAR = 0;
const MAX_YEAR = 9999;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date of a day count since 1970-01-01 (Hinnant's civil_from_days). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number | bigint, width: number): string => n.toString().padStart(width, '0');

/** Formats epoch nanoseconds as Go's `t.UTC().Format(time.RFC3339Nano)`: trailing fraction zeros dropped. */
export function formatRfc3339Nano(epochNanos: bigint): string {
  const floorDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? a / b : -((-a + b - 1n) / b));
  const seconds = floorDiv(epochNanos, NANOS_PER_SECOND);
  const nanos = epochNanos - seconds * NANOS_PER_SECOND;
  const days = floorDiv(seconds, SECONDS_PER_DAY);
  const secondOfDay = Number(seconds - days * SECONDS_PER_DAY);
  const { year, month, day } = civilFromDays(Number(days));
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`timestamp ${epochNanos}ns since the epoch is outside the RFC 3339 years 0000-9999`);
  }
  const fraction = nanos === 0n ? '' : `.${pad(nanos, 9).replace(/0+$/, '')}`;
  const clock = `${pad(Math.floor(secondOfDay / 3600), 2)}:${pad(Math.floor(secondOfDay / 60) % 60, 2)}:${pad(secondOfDay % 60, 2)}`;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${clock}${fraction}Z`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** The parts of an RFC 3339 timestamp, or undefined when it is not one. */
export interface Rfc3339Parts {
  readonly epochNanos: bigint;
  /** Number of fraction digits written (0 when none). */
  readonly fractionDigits: number;
  readonly utc: boolean;
}

/**
 * Parses the strict RFC 3339 form Go's `time.Parse(time.RFC3339, s)` reads on its fast path: upper-case `T` and `Z`,
 * two-digit fields in range, any number of fraction digits (beyond nine are ignored), offset `±hh:mm` with hh ≤ 23.
 */
export function parseRfc3339Parts(s: string): Rfc3339Parts | undefined {
  const m = RFC3339.exec(s);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetSeconds = 0;
  if (m[8] === undefined) {
    const offHours = Number(m[10]);
    const offMinutes = Number(m[11]);
    if (offHours > 23 || offMinutes > 59) return undefined;
    offsetSeconds = (m[9] === '-' ? -1 : 1) * (offHours * 3600 + offMinutes * 60);
  }
  const digits = m[7] ?? '';
  const nanos = BigInt(digits.slice(0, 9).padEnd(9, '0'));
  const seconds = BigInt(daysFromCivil(year, month, day)) * SECONDS_PER_DAY + BigInt(hour * 3600 + minute * 60 + second - offsetSeconds);
  return { epochNanos: seconds * NANOS_PER_SECOND + nanos, fractionDigits: digits.length, utc: m[8] !== undefined };
}

/** Epoch nanoseconds of an RFC 3339 timestamp (see parseRfc3339Parts), or undefined when it is not one. */
export function parseRfc3339(s: string): bigint | undefined {
  return parseRfc3339Parts(s)?.epochNanos;
}
