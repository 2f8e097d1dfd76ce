import { parseMarkArgument } from '../../shared/marks.js';
import { getWorkspacePlis, patchWorkspacePlis } from '../../shared/kube/workspaces.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { checkMarkNames } from '../mark-names.js';
import { dryRunOf, unchangedLine } from '../mutation.js';
import { plisWriteOutcome } from '../events.js';
import { plisPatchFromFlags } from '../plis-args.js';
import { plisDetail, plisDocumentLines } from '../output/describe.js';
import { dryRunSuffix } from '../output/result.js';
import { writeStructured } from '../output/serialize.js';
import { redactObject } from '../../shared/redact/documents.js';

export const plisGet: Implementation<typeof defined.plisGet> = {
  run: async (argv, ctx) => {
    const { client, connection } = await ctx.connect();
    const cm = await getWorkspacePlis(client, connection.namespace, argv.id);
    const opts = { showSecrets: argv['show-secrets'], showLarge: argv['show-large'] };
    const detail = plisDetail(cm, `${connection.namespace}/${cm.metadata?.name ?? ''}`, opts);
    // kubectl's way with a partial read: print what was read, then the error, exit 1, in every format.
    if (argv.output === 'json' || argv.output === 'yaml') writeStructured(ctx.io.stdout, argv.output, detail);
    if (detail.error !== undefined) throw new Error(detail.error);
    if (argv.output === 'json' || argv.output === 'yaml') return;
    const lines = [`configmap/${detail.configMap}`, ...plisDocumentLines(detail.document, '  ')];
    ctx.io.stdout.write(lines.join('\n') + '\n');
  },
};

export const plisPatch: Implementation<typeof defined.plisPatch> = {
  run: async (argv, ctx) => {
    const patch = plisPatchFromFlags(argv, ctx.io.now());
    const marks = argv.marks.map((m) => parseMarkArgument(m));
    const dryRun = dryRunOf(argv);
    const force = argv.force;
    checkMarkNames(marks, { force });
    const { client, connection } = await ctx.connect();
    const result = await patchWorkspacePlis(client, connection.namespace, argv.id, patch, marks, { dryRun, force });
    const ref = `configmap/${result.configMap.metadata?.name ?? ''}`;
    const out = ctx.io.stdout;
    if (argv.output === 'json' || argv.output === 'yaml') {
      const opts = { showSecrets: argv['show-secrets'], showLarge: argv['show-large'] };
      writeStructured(out, argv.output, redactObject(result.configMap, opts));
    } else if (argv.output === 'name') out.write(`${ref}\n`);
    else out.write(result.changed ? `${ref} patched${dryRunSuffix(dryRun)}\n` : unchangedLine(ref, dryRun));
    return plisWriteOutcome(client, connection.namespace, argv.id, result, patch, marks);
  },
};
