// cobra's `__complete` protocol, decided purely from the words typed so far; lookups are left to the caller.
import type { ConnectionFlags } from '../../shared/kube/kubeconfig.js';
import {
  COMMAND_FLAGS,
  COMMAND_SHAPES,
  Directive,
  GLOBAL_FLAGS,
  positionalValues,
  type CommandShape,
  type FlagSpec,
  type ValueSource,
} from './spec.js';

export interface Candidate {
  readonly value: string;
  readonly description?: string;
}

/** Either the answer, or a lookup to do first (its results filtered by `prefix`). */
export type CompletionPlan =
  | { readonly kind: 'static'; readonly candidates: readonly Candidate[]; readonly directive: number }
  | {
      readonly kind: 'lookup';
      readonly source: 'namespaces' | 'contexts' | 'workspaceIds';
      readonly prefix: string;
      readonly flags: ConnectionFlags;
    };

interface Parsed {
  readonly command: CommandShape | undefined;
  readonly positionals: readonly string[];
  readonly flags: Record<string, string>;
  /** The flag whose value is being typed (previous word was a value flag). */
  readonly pendingFlag: FlagSpec | undefined;
}

function flagsFor(command: CommandShape | undefined): FlagSpec[] {
  return [...GLOBAL_FLAGS, ...(command === undefined ? [] : (COMMAND_FLAGS[command.path] ?? []))];
}

function findFlag(word: string, command: CommandShape | undefined): FlagSpec | undefined {
  const name = word.replace(/^--?/, '').split('=')[0] ?? '';
  const long = word.startsWith('--');
  return flagsFor(command).find((f) => (long ? f.name === name : f.short === name));
}

function parseWords(words: readonly string[]): Parsed {
  let command: CommandShape | undefined;
  const positionals: string[] = [];
  const flags: Record<string, string> = {};
  let pendingFlag: FlagSpec | undefined;
  for (const word of words) {
    if (pendingFlag !== undefined) {
      flags[pendingFlag.name] = word;
      pendingFlag = undefined;
      continue;
    }
    if (word.startsWith('-') && word !== '-') {
      const flag = findFlag(word, command);
      if (flag?.value !== undefined) {
        if (word.includes('=')) flags[flag.name] = word.slice(word.indexOf('=') + 1);
        else pendingFlag = flag;
      }
      continue;
    }
    const next = (command === undefined ? COMMAND_SHAPES : command.subcommands).find((c) => c.name === word);
    if (next !== undefined && positionals.length === 0) command = next;
    else positionals.push(word);
  }
  return { command, positionals, flags, pendingFlag };
}

function filtered(values: readonly Candidate[], prefix: string, directive: number): CompletionPlan {
  return { kind: 'static', candidates: values.filter((c) => c.value.startsWith(prefix)), directive };
}

function valuePlan(source: ValueSource, prefix: string, flags: ConnectionFlags): CompletionPlan {
  if (source === 'namespaces' || source === 'contexts' || source === 'workspaceIds') return { kind: 'lookup', source, prefix, flags };
  if (source === 'files') return { kind: 'static', candidates: [], directive: Directive.default };
  if (source === 'none') return { kind: 'static', candidates: [], directive: Directive.noFileComp };
  const endsOpen = source.every((v) => v.endsWith('='));
  return filtered(
    source.map((value) => ({ value })),
    prefix,
    endsOpen ? Directive.noFileComp | Directive.noSpace : Directive.noFileComp,
  );
}

/** `args` are the words after `__complete`; the last one is the (possibly empty) word being completed. */
export function planCompletion(args: readonly string[]): CompletionPlan {
  const toComplete = args[args.length - 1] ?? '';
  const parsed = parseWords(args.slice(0, -1));
  const connection: ConnectionFlags = {
    kubeconfig: parsed.flags['kubeconfig'],
    context: parsed.flags['context'],
    namespace: parsed.flags['namespace'],
  };
  if (parsed.pendingFlag?.value !== undefined) return valuePlan(parsed.pendingFlag.value, toComplete, connection);
  if (toComplete.startsWith('-')) {
    const eq = toComplete.indexOf('=');
    if (eq > 0) {
      const flag = findFlag(toComplete, parsed.command);
      const head = toComplete.slice(0, eq + 1);
      const plan = valuePlan(flag?.value ?? 'none', toComplete.slice(eq + 1), connection);
      if (plan.kind === 'lookup') return plan;
      return { ...plan, candidates: plan.candidates.map((c) => ({ ...c, value: head + c.value })) };
    }
    const names = flagsFor(parsed.command).flatMap((f) => [
      { value: `--${f.name}`, description: f.describe },
      ...(f.short === undefined ? [] : [{ value: `-${f.short}`, description: f.describe }]),
    ]);
    return filtered(names, toComplete, Directive.noFileComp);
  }
  const command = parsed.command;
  if (command === undefined || command.subcommands.length > 0) {
    const choices = command === undefined ? COMMAND_SHAPES : command.subcommands;
    return filtered(
      choices.map((c) => ({ value: c.name, description: c.describe })),
      toComplete,
      Directive.noFileComp,
    );
  }
  const index = parsed.positionals.length;
  const last = command.positionals[command.positionals.length - 1];
  const positional = command.positionals[index] ?? (last?.variadic === true ? last : undefined);
  if (positional === undefined) return { kind: 'static', candidates: [], directive: Directive.noFileComp };
  return valuePlan(positionalValues(positional.name), toComplete, connection);
}

/** The lines cobra prints: one candidate per line (tab before a description), then `:<directive>`. */
export function formatCompletion(candidates: readonly Candidate[], directive: number): string {
  const lines = candidates.map((c) => (c.description === undefined ? c.value : `${c.value}\t${c.description}`));
  return [...lines, `:${directive}`].join('\n') + '\n';
}
