// What a command module is and what it receives when it runs.
import type { Writable } from 'node:stream';
import type { Argv } from 'yargs';
import { connect, type Connected } from '../shared/kube/connect.js';
import { connectOptions, type CommandArgs } from './flags.js';

/** Streams and environment a command writes to; tests pass their own. */
export interface CommandIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Epoch milliseconds, for ages and `--stopping-since now`. */
  readonly now: () => number;
}

export interface CommandContext {
  readonly io: CommandIo;
  /** Opens the connection chosen by the kubectl flags (once per command). */
  readonly connect: () => Promise<Connected>;
}

/** One subcommand, in the shape of a yargs command module. */
export interface CommandSpec {
  readonly command: string;
  readonly describe: string;
  readonly builder?: (y: Argv) => Argv;
  readonly run?: (argv: CommandArgs, ctx: CommandContext) => Promise<void>;
  readonly subcommands?: readonly CommandSpec[];
}

/** Runs a command with a connection opened on demand and closed afterwards. */
export async function runCommand(spec: CommandSpec, argv: CommandArgs, io: CommandIo): Promise<void> {
  let opened: Promise<Connected> | undefined;
  const ctx: CommandContext = {
    io,
    connect: () => (opened ??= connect(connectOptions(argv), io.env)),
  };
  try {
    await spec.run?.(argv, ctx);
  } finally {
    if (opened !== undefined) (await opened.catch(() => undefined))?.client.close();
  }
}
