// The command line as main.ts runs it: each command's module is loaded only when that command runs
// (or for the full help). `serve` must not load certgen's Kubernetes client, whose node-fetch →
// whatwg-url → tr46 chain requires Node's deprecated punycode (DEP0040, a warning at every start on Node 22+).
import type { Argv } from 'yargs';
import { commandName, configureCli, type AnyCommand } from './program.js';

const commands: Readonly<Record<string, () => Promise<AnyCommand>>> = {
  serve: async () => (await import('./serve.js')).serveCommand,
  certgen: async () => (await import('./certgen.js')).certgenCommand,
  registration: async () => (await import('./registration.js')).registrationCommand,
};

export async function loadCli(argv: readonly string[]): Promise<Argv> {
  const named = commandName(argv);
  const loaders =
    named !== undefined && Object.hasOwn(commands, named) ? [commands[named] as () => Promise<AnyCommand>] : Object.values(commands);
  return configureCli(argv, await Promise.all(loaders.map((load) => load())));
}
