// The command line as kubectl (cobra) reads it, prepared for both parsers, which would otherwise read it differently:
// - after `--` every argument is a positional, even one that starts with "-";
// - `-5m`, `-1`, `-.5h` are values (no flag of ours starts with a digit or "."), not groups of short flags,
//   and a lone `-` is a value too (yargs would drop it);
// - a bare `--dry-run` means `--dry-run=client`, with kubectl's deprecation warning.
// Positionals that start with "-" reach the parsers behind a NUL (which no command-line argument can contain)
// and lose it again once parsed.
import { redactTypedValues } from '../shared/redact/messages.js';
import { DRY_RUN_CHOICES } from './flags.js';

const ESCAPE = '\0';
const VALUE_LIKE = /^-[0-9.]/;
const DRY_RUN_FLAGS: ReadonlySet<string> = new Set(['--dry-run', '--dryRun']);
const DRY_RUN_VALUES: ReadonlySet<string> = new Set(DRY_RUN_CHOICES);

/** kubectl's words for a bare `--dry-run` (cmdutil.GetDryRunStrategy). */
export const DRY_RUN_DEPRECATED = '--dry-run is deprecated and can be replaced with --dry-run=client.';

export interface PreparedArgs {
  readonly args: readonly string[];
  /** Warnings to print on stderr before the command runs. */
  readonly warnings: readonly string[];
}

export function prepareArgs(args: readonly string[]): PreparedArgs {
  const out: string[] = [];
  const warnings: string[] = [];
  let positionalOnly = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (positionalOnly || arg === '-' || VALUE_LIKE.test(arg)) {
      out.push(ESCAPE + arg);
    } else if (arg === '--') {
      positionalOnly = true;
    } else if (DRY_RUN_FLAGS.has(arg) && !DRY_RUN_VALUES.has(args[i + 1] ?? '')) {
      out.push('--dry-run=client');
      if (!warnings.includes(DRY_RUN_DEPRECATED)) warnings.push(DRY_RUN_DEPRECATED);
    } else {
      out.push(arg);
    }
  }
  return { args: out, warnings };
}

/** The argument as the user typed it. */
export function unescapeArg(arg: string): string {
  return arg.startsWith(ESCAPE) ? arg.slice(1) : arg;
}

/** A parser's message with the escapes removed. */
export function unescapeText(text: string): string {
  return text.split(ESCAPE).join('');
}

/** Parsed values (strings and string arrays) as the user typed them. */
export function unescapeValues<T extends Readonly<Record<string, unknown>>>(argv: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(argv)) {
    if (typeof v === 'string') out[k] = unescapeArg(v);
    else if (Array.isArray(v)) out[k] = v.map((x: unknown) => (typeof x === 'string' ? unescapeArg(x) : x));
    else out[k] = v;
  }
  return out as T;
}

/** A klog-style warning line, as kubectl prints it: `W1201 07:35:32.848981   20048 argv.ts] message`. */
export function klogWarning(message: string, at: Date, pid: number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const micros = String(at.getUTCMilliseconds() * 1000).padStart(6, '0');
  const stamp = `${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}.${micros}`;
  return `W${stamp} ${String(pid).padStart(7)} argv.ts] ${message}\n`;
}

/**
 * A usage error's message without the values the user typed after a "=" or ":" in a positional argument
 * (`gitpod/ownerToken=…`): parsers quote arguments back, and such a value may be a secret. Flags are not quoted back.
 */
export function redactUsageMessage(message: string, args: readonly string[]): string {
  const positionals = args.map(unescapeArg).filter((raw) => !raw.startsWith('-') || VALUE_LIKE.test(raw));
  return redactTypedValues(unescapeText(message), positionals);
}
