// The common tail of every command that writes marks on a workspace pod.
import type { Mark } from '../shared/marks.js';
import { DryRun, markWorkspace } from '../shared/kube/workspaces.js';
import type { CommandContext } from './command.js';
import type { WriteOutcome } from './events.js';
import { UsageError } from './errors.js';
import { DRY_RUN_CHOICES, type WriteArgs } from './flags.js';
import { checkMarkNames } from './mark-names.js';
import { dryRunSuffix, markSummary } from './output/result.js';
import { writeStructured } from './output/serialize.js';
import { redactObject } from '../shared/redact/documents.js';

/**
 * The --dry-run mode; anything but none, client or server is a usage error, never a write. Checked again here,
 * whatever its type says, because a repeated flag reaches a command as an array.
 */
export function dryRunOf(argv: Pick<Partial<WriteArgs>, 'dry-run'>): DryRun {
  const value: unknown = argv['dry-run'] ?? DryRun.none;
  if (typeof value === 'string' && (DRY_RUN_CHOICES as readonly string[]).includes(value)) return value as DryRun;
  throw new UsageError(`--dry-run must be one of ${DRY_RUN_CHOICES.join(', ')} (a bare --dry-run means client), given once`);
}

/** kubectl's one-line result of a write with nothing to change, marked as a dry run when it was one. */
export function unchangedLine(ref: string, dryRun: DryRun): string {
  return `${ref} unchanged${dryRunSuffix(dryRun)}\n`;
}

/** Writes `marks` on the pod of workspace `argv.id` in one patch, prints the result as asked and returns it for the Event. */
export async function runMarks(
  argv: WriteArgs & { readonly id: string },
  ctx: CommandContext,
  marks: readonly Mark[],
): Promise<WriteOutcome> {
  const dryRun = dryRunOf(argv);
  const force = argv.force;
  checkMarkNames(marks, { force });
  const { client, connection } = await ctx.connect();
  const result = await markWorkspace(client, connection.namespace, argv.id, marks, { dryRun, force });
  const ref = `pod/${result.pod.metadata?.name ?? ''}`;
  const out = ctx.io.stdout;
  if (argv.output === 'json' || argv.output === 'yaml') {
    const pod = redactObject(result.pod, { showSecrets: argv['show-secrets'], showLarge: argv['show-large'] });
    writeStructured(out, argv.output, pod);
  } else if (argv.output === 'name') {
    out.write(`${ref}\n`);
  } else if (result.changed.length === 0) {
    out.write(unchangedLine(ref, dryRun));
  } else {
    out.write(markSummary(ref, result.changed, result.pod.metadata?.annotations ?? {}, dryRun));
  }
  const meta = result.pod.metadata ?? {};
  return {
    written: result.written,
    regarding: {
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: meta.namespace ?? connection.namespace,
      name: meta.name ?? '',
      uid: meta.uid ?? '',
    },
    changed: result.changed,
    after: meta.annotations ?? {},
  };
}
