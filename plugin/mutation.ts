// The common tail of every command that writes marks on a workspace pod.
import type { Mark } from '../shared/marks.js';
import { markWorkspace } from '../shared/kube/workspaces.js';
import type { CommandContext } from './command.js';
import type { CommandArgs } from './flags.js';
import { markSummary } from './output/result.js';
import { writeStructured } from './output/serialize.js';
import { redactObject } from './output/workspace-view.js';

export async function runMarks(argv: CommandArgs, ctx: CommandContext, id: string, marks: readonly Mark[]): Promise<void> {
  const { client, connection } = await ctx.connect();
  const dryRun = argv['dry-run'];
  const result = await markWorkspace(client, connection.namespace, id, marks, {
    ...(dryRun === undefined ? {} : { dryRun }),
    force: argv.force === true,
  });
  const ref = `pod/${result.pod.metadata?.name ?? ''}`;
  const out = ctx.io.stdout;
  if (argv.output === 'json' || argv.output === 'yaml') {
    const pod = redactObject(result.pod, { showSecrets: argv['show-secrets'] === true, showLarge: argv['show-large'] === true });
    writeStructured(out, argv.output, pod);
  } else if (argv.output === 'name') {
    out.write(`${ref}\n`);
  } else {
    out.write(markSummary(ref, result.changed, result.pod.metadata?.annotations ?? {}, dryRun));
  }
}

export function workspaceIdOf(argv: CommandArgs): string {
  return String(argv['id']);
}
