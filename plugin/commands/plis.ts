import { parseMarkArgument } from '../../shared/marks.js';
import { getWorkspacePlis, patchWorkspacePlis } from '../../shared/kube/workspaces.js';
import type { CommandImplementation } from '../command.js';
import { checkMarkNames } from '../mark-names.js';
import { dryRunOf, unchangedLine } from '../mutation.js';
import { plisWriteOutcome } from '../events.js';
import { plisPatchFromFlags, type PlisPatchFlags } from '../plis-args.js';
import { plisDetail, plisDocumentLines } from '../output/describe.js';
import { dryRunSuffix } from '../output/result.js';
import { writeStructured } from '../output/serialize.js';
import { redactObject } from '../../shared/redact/documents.js';

export const plisGet: CommandImplementation = {
  run: async (argv, ctx) => {
    const { client, connection } = await ctx.connect();
    const id = String(argv['id']);
    const cm = await getWorkspacePlis(client, connection.namespace, id);
    const opts = { showSecrets: argv['show-secrets'] === true, showLarge: argv['show-large'] === true };
    const detail = plisDetail(cm, `${connection.namespace}/${cm.metadata?.name ?? ''}`, opts);
    // kubectl's way with a partial read: print what was read, then the error, exit 1, in every format.
    if (argv.output === 'json' || argv.output === 'yaml') writeStructured(ctx.io.stdout, argv.output, detail);
    if (detail.error !== undefined) throw new Error(detail.error);
    if (argv.output === 'json' || argv.output === 'yaml') return;
    const lines = [`configmap/${detail.configMap}`, ...plisDocumentLines(detail.document, '  ')];
    ctx.io.stdout.write(lines.join('\n') + '\n');
  },
};

export const plisPatch: CommandImplementation = {
  run: async (argv, ctx) => {
    const patch = plisPatchFromFlags(argv as PlisPatchFlags, ctx.io.now());
    const marks = ((argv['marks'] as unknown[] | undefined) ?? []).map((m) => parseMarkArgument(String(m)));
    const dryRun = dryRunOf(argv);
    const force = argv.force === true;
    checkMarkNames(marks, { force });
    const { client, connection } = await ctx.connect();
    const result = await patchWorkspacePlis(client, connection.namespace, String(argv['id']), patch, marks, { dryRun, force });
    const ref = `configmap/${result.configMap.metadata?.name ?? ''}`;
    const out = ctx.io.stdout;
    if (argv.output === 'json' || argv.output === 'yaml') {
      const opts = { showSecrets: argv['show-secrets'] === true, showLarge: argv['show-large'] === true };
      writeStructured(out, argv.output, redactObject(result.configMap, opts));
    } else if (argv.output === 'name') out.write(`${ref}\n`);
    else out.write(result.changed ? `${ref} patched${dryRunSuffix(dryRun)}\n` : unchangedLine(ref, dryRun));
    return plisWriteOutcome(client, connection.namespace, String(argv['id']), result, patch, marks);
  },
};
