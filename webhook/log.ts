// Structured logs: one JSON object per line. Callers pass names and numbers, never object contents or key material.
import type { Writable } from 'node:stream';

export const LogLevel = { debug: 'debug', info: 'info', warn: 'warn', error: 'error' } as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const rank: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  readonly debug: (msg: string, fields?: LogFields) => void;
  readonly info: (msg: string, fields?: LogFields) => void;
  readonly warn: (msg: string, fields?: LogFields) => void;
  readonly error: (msg: string, fields?: LogFields) => void;
  readonly enabled: (level: LogLevel) => boolean;
}

export function createLogger(stream: Writable, minimum: LogLevel = LogLevel.info, now: () => Date = () => new Date()): Logger {
  const enabled = (level: LogLevel): boolean => rank[level] >= rank[minimum];
  const write = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    if (!enabled(level)) return;
    stream.write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...fields })}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), enabled };
}

/** A logger that drops everything; for tests and benchmarks. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  enabled: () => false,
};
