// The vocabulary of a command definition (flags, positionals, the command string) and the argument types it implies:
// a command's `run` and `check` read `argv.id`, `argv.output` typed as the definition declares them. It imports
// nothing, so the flag tables, the parsers and the commands can all depend on it without depending on each other.

/** One flag, in the vocabulary yargs understands (`type`, `alias`, `choices`, `default`, `describe`). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly describe: string;
  readonly alias?: string;
  readonly choices?: readonly string[];
  readonly default?: string | boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A positional argument; its order and arity come from the command string (`<required>`, `[optional]`, `name..`). */
export interface PositionalSpec {
  readonly describe: string;
  readonly choices?: readonly string[];
  readonly demandOption?: boolean;
}

/** The value a flag parses to: a boolean, one of its choices, or a string. */
type OptionValue<O> = O extends { readonly type: 'boolean' }
  ? boolean
  : O extends { readonly choices: readonly (infer C extends string)[] }
    ? C
    : string;

type Defaulted<O> = O extends { readonly default: string | boolean } ? true : false;

/** Parsed flags: a flag with a default is always present (both parsers fill it), any other one may be absent. */
export type OptionArgs<Os extends OptionSpecs> = {
  readonly [K in keyof Os as Defaulted<Os[K]> extends true ? K : never]: OptionValue<Os[K]>;
} & {
  readonly [K in keyof Os as Defaulted<Os[K]> extends true ? never : K]?: OptionValue<Os[K]>;
};

/** The words after the command name, e.g. `'fail <id> <reason>'` gives `'<id>' | '<reason>'`. */
type SlotWords<S extends string> = S extends `${string} ${infer Rest}` ? SlotWordsOf<Rest> : never;
type SlotWordsOf<S extends string> = S extends `${infer Word} ${infer Rest}` ? Word | SlotWordsOf<Rest> : S;

type VariadicName<W> = W extends `<${infer N}..>` | `[${infer N}..]` ? N : never;
type RequiredName<W> = W extends `<${infer N}>` ? (N extends `${string}..` ? never : N) : never;
type OptionalName<W> = W extends `[${infer N}]` ? (N extends `${string}..` ? never : N) : never;

/** The positional names a command string declares (`'mark <id> <marks..>'` gives `'id' | 'marks'`). */
export type PositionalName<S extends string> = VariadicName<SlotWords<S>> | RequiredName<SlotWords<S>> | OptionalName<SlotWords<S>>;

type PositionalValue<P, N extends PropertyKey> = N extends keyof P
  ? P[N] extends { readonly choices: readonly (infer C extends string)[] }
    ? C
    : string
  : string;

/**
 * Parsed positionals: a required one is a string (or one of its choices), an optional one may be absent,
 * and a variadic one is always an array (empty when none was given).
 */
export type PositionalArgs<S extends string, P> = {
  readonly [N in RequiredName<SlotWords<S>>]: PositionalValue<P, N>;
} & {
  readonly [N in OptionalName<SlotWords<S>>]?: PositionalValue<P, N>;
} & {
  readonly [N in VariadicName<SlotWords<S>>]: readonly PositionalValue<P, N>[];
};

/** One command as data, typed: its arguments' types follow from `command`, `positionals` and `options`. */
export interface CommandDefinition<
  S extends string = string,
  Os extends OptionSpecs = OptionSpecs,
  P extends Partial<Record<PositionalName<S>, PositionalSpec>> = Partial<Record<PositionalName<S>, PositionalSpec>>,
> {
  /** yargs syntax: `name <required> [optional] <variadic..>`. */
  readonly command: S;
  readonly describe: string;
  readonly positionals?: P;
  readonly options?: Os;
  readonly examples?: readonly (readonly [command: string, description: string])[];
  /** The usage error of parsed arguments that types and choices alone cannot rule out, else undefined. */
  readonly check?: (argv: OptionArgs<Os> & PositionalArgs<S, P>) => string | undefined;
}

/** The arguments a definition's command receives from either parser (the connection flags aside). */
export type DefinedArgs<D> = D extends CommandDefinition<infer S, infer Os, infer P> ? OptionArgs<Os> & PositionalArgs<S, P> : never;

/** Declares a command; the literal types of the definition are kept, so `check` and `run` see typed arguments. */
export function defineCommand<
  const S extends string,
  const Os extends OptionSpecs = Record<never, never>,
  const P extends Partial<Record<PositionalName<S>, PositionalSpec>> = Record<never, never>,
>(definition: CommandDefinition<S, Os, P>): CommandDefinition<S, Os, P> {
  return definition;
}
