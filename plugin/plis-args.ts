// Turns `plis patch` flags into a PLIS patch: pure, so every flag combination is testable.
import { isIP } from '../shared/ip.js';
import { InvalidValueError } from '../shared/errors.js';
import { formatRfc3339Nano, parseRfc3339, type PlisPatch } from '../shared/plis.js';

export interface PlisPatchFlags {
  readonly 'final-backup-complete'?: boolean;
  readonly 'final-backup-failure'?: string;
  readonly 'stopping-since'?: string;
  readonly 'host-ip'?: string;
}

/** `now` becomes the current time; any other value must be an RFC 3339 timestamp and is normalised to UTC nanoseconds. */
export function stoppingSinceValue(value: string, nowEpochMs: number): string {
  if (value === 'now') return formatRfc3339Nano(BigInt(nowEpochMs) * 1_000_000n);
  const ns = parseRfc3339(value);
  if (ns === undefined) {
    throw new InvalidValueError('--stopping-since', value, 'now or an RFC 3339 timestamp such as 2026-11-28T10:00:00Z');
  }
  return formatRfc3339Nano(ns);
}

/** Whether Go's `net.ParseIP` accepts `value`: Node's isIP agrees except on IPv6 zones (`fe80::1%eth0`), which Go rejects. */
export function isGoParseableIP(value: string): boolean {
  return !value.includes('%') && isIP(value) !== 0;
}

export function plisPatchFromFlags(flags: PlisPatchFlags, nowEpochMs: number): PlisPatch {
  const patch: { -readonly [K in keyof PlisPatch]: PlisPatch[K] } = {};
  if (flags['final-backup-complete'] === true) patch.finalBackupComplete = true;
  const failure = flags['final-backup-failure'];
  if (failure !== undefined) {
    if (failure === '') throw new InvalidValueError('--final-backup-failure', failure, 'a non-empty failure message');
    patch.finalBackupFailure = failure;
  }
  const since = flags['stopping-since'];
  if (since !== undefined) patch.stoppingSince = stoppingSinceValue(since, nowEpochMs);
  const hostIP = flags['host-ip'];
  if (hostIP !== undefined) {
    if (!isGoParseableIP(hostIP)) {
      throw new InvalidValueError(
        '--host-ip',
        hostIP,
        "an IPv4 or IPv6 address such as 10.0.0.12 or fd00::12, without a zone (Go's net.ParseIP reads it)",
      );
    }
    patch.hostIP = hostIP;
  }
  return patch;
}
