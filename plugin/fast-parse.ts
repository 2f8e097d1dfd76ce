// A small parser for the common, valid command lines, built from the same definitions as the yargs program.
// It reads arguments prepared by prepareArgs (argv.ts). It answers only when sure; anything unusual (help, errors,
// rare spellings) returns undefined and yargs decides, so its results are a subset of yargs' with the same values
// (unit tests compare both on tables of vectors).
import { unescapeArg } from './argv.js';
import type { OptionSpec, OptionSpecs } from './command-spec.js';
import type { CommandArgs, CommandSpec } from './command.js';
import { commandShape } from './command.js';

export interface FastParse {
  readonly spec: CommandSpec;
  readonly argv: CommandArgs;
}

// yargs consumes these after a boolean flag and treats help specially: leave both to it.
const BOOLEAN_WORDS: ReadonlySet<string> = new Set(['true', 'false']);
const HELP_WORDS: ReadonlySet<string> = new Set(['help', '--help', '-h']);

interface Known {
  readonly name: string;
  readonly spec: OptionSpec;
}

function lookup(options: OptionSpecs, token: string): Known | undefined {
  const long = token.startsWith('--');
  const key = long ? token.slice(2) : token.slice(1);
  for (const [name, spec] of Object.entries(options)) {
    if (long ? name === key : spec.alias === key) return { name, spec };
  }
  return undefined;
}

function choiceOk(choices: readonly string[] | undefined, value: string): boolean {
  return choices === undefined || choices.includes(value);
}

/** The command and its arguments, or undefined when yargs must parse (help, usage errors, unusual spellings). */
export function fastParse(commands: readonly CommandSpec[], globals: OptionSpecs, args: readonly string[]): FastParse | undefined {
  let level: readonly CommandSpec[] | undefined = commands;
  let spec: CommandSpec | undefined;
  let options: OptionSpecs = globals;
  const values = new Map<string, string | boolean>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? '';
    if (HELP_WORDS.has(token) || token === '--') return undefined;
    if (!token.startsWith('-')) {
      if (level === undefined) {
        words.push(unescapeArg(token));
        continue;
      }
      spec = level.find((c) => commandShape(c).name === token);
      if (spec === undefined) return undefined;
      level = spec.subcommands;
      options = { ...globals, ...spec.options };
      continue;
    }
    // Only `--name`, `--name=value`, `--no-name` and `-x` are handled; short groups and negative numbers go to yargs.
    const eq = token.indexOf('=');
    const flag = eq === -1 ? token : token.slice(0, eq);
    if (!flag.startsWith('--') && flag.length !== 2) return undefined;
    let known = lookup(options, flag);
    let value: string | boolean;
    if (known === undefined && eq === -1 && flag.startsWith('--no-')) {
      known = lookup(options, `--${flag.slice(5)}`);
      if (known?.spec.type !== 'boolean') return undefined;
      value = false;
    } else if (known === undefined) {
      return undefined;
    } else if (known.spec.type === 'boolean') {
      if (eq !== -1 || BOOLEAN_WORDS.has(args[i + 1] ?? '')) return undefined;
      value = true;
    } else if (eq !== -1) {
      value = token.slice(eq + 1);
    } else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('-')) return undefined;
      value = unescapeArg(next);
      i++;
    }
    // A repeated flag becomes an array in yargs.
    if (values.has(known.name)) return undefined;
    if (typeof value === 'string' && !choiceOk(known.spec.choices, value)) return undefined;
    values.set(known.name, value);
  }
  if (spec === undefined || spec.load === undefined) return undefined;
  return complete(spec, options, values, words);
}

function complete(
  spec: CommandSpec,
  options: OptionSpecs,
  values: ReadonlyMap<string, string | boolean>,
  words: readonly string[],
): FastParse | undefined {
  const argv: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(options)) {
    const v = values.get(name) ?? o.default;
    if (v !== undefined) argv[name] = v;
  }
  let next = 0;
  for (const slot of commandShape(spec).positionals) {
    const taken = slot.variadic ? words.slice(next) : words.slice(next, next + 1);
    next += taken.length;
    if (taken.length === 0 && slot.required) return undefined;
    if (taken.length === 0 && !slot.variadic) continue;
    const choices = spec.positionals?.[slot.name]?.choices;
    if (!taken.every((w) => choiceOk(choices, w))) return undefined;
    argv[slot.name] = slot.variadic ? taken : taken[0];
  }
  if (next < words.length) return undefined;
  // Built from the spec's own flags (defaults included) and positionals, as yargs builds its argv.
  const parsed = argv as CommandArgs;
  if (spec.check?.(parsed) !== undefined) return undefined;
  return { spec, argv: parsed };
}
