import { parseMarkArgument } from '../../shared/marks.js';
import { getWorkspacePlis, patchWorkspacePlis } from '../../shared/kube/workspaces.js';
import type { CommandSpec } from '../command.js';
import { UsageError } from '../errors.js';
import { OutputFormat, withOutput, withSecrets, withWorkspaceId, withWrite } from '../flags.js';
import { plisPatchFromFlags, type PlisPatchFlags } from '../plis-args.js';
import { plisDetail } from '../output/describe.js';
import { dryRunSuffix } from '../output/result.js';
import { writeStructured } from '../output/serialize.js';
import { redactObject } from '../output/workspace-view.js';

const PATCH_FLAGS = ['final-backup-complete', 'final-backup-failure', 'stopping-since', 'host-ip'] as const;

const plisGet: CommandSpec = {
  command: 'get <id>',
  describe: 'Show the pod lifecycle independent state (PLIS) of a workspace',
  builder: (y) => withSecrets(withOutput(withWorkspaceId(y), [OutputFormat.json, OutputFormat.yaml])),
  run: async (argv, ctx) => {
    const { client, connection } = await ctx.connect();
    const id = String(argv['id']);
    const cm = await getWorkspacePlis(client, connection.namespace, id);
    const opts = { showSecrets: argv['show-secrets'] === true, showLarge: argv['show-large'] === true };
    const detail = plisDetail(cm, `${connection.namespace}/${cm.metadata?.name ?? ''}`, opts);
    if (argv.output === 'json' || argv.output === 'yaml') return writeStructured(ctx.io.stdout, argv.output, detail);
    if (detail.error !== undefined) throw new Error(detail.error);
    const lines = [`configmap/${detail.configMap}`, ...Object.entries(detail.document ?? {}).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)];
    ctx.io.stdout.write(lines.join('\n') + '\n');
  },
};

const plisPatch: CommandSpec = {
  command: 'patch <id> [marks..]',
  describe: 'Set PLIS fields (and optionally annotations of the PLIS ConfigMap) with conflict retries',
  builder: (y) =>
    withWrite(withWorkspaceId(y))
      .positional('marks', { type: 'string', array: true, describe: 'ConfigMap annotations: name=value adds, name- deletes' })
      .option('final-backup-complete', { type: 'boolean', describe: 'The final backup finished' })
      .option('final-backup-failure', { type: 'string', describe: 'The final backup failed with this message' })
      .option('stopping-since', { type: 'string', describe: '"now" or an RFC 3339 time the workspace began stopping' })
      .option('host-ip', { type: 'string', describe: 'IP of the node the pod ran on' })
      .check((argv) => {
        const marks = (argv['marks'] as unknown[] | undefined) ?? [];
        if (marks.length === 0 && PATCH_FLAGS.every((f) => argv[f] === undefined)) {
          throw new UsageError(`nothing to patch: give at least one of ${PATCH_FLAGS.map((f) => `--${f}`).join(', ')} or an annotation mark`);
        }
        return true;
      }),
  run: async (argv, ctx) => {
    const patch = plisPatchFromFlags(argv as PlisPatchFlags, ctx.io.now());
    const marks = ((argv['marks'] as unknown[] | undefined) ?? []).map((m) => parseMarkArgument(String(m)));
    const { client, connection } = await ctx.connect();
    const dryRun = argv['dry-run'];
    const result = await patchWorkspacePlis(client, connection.namespace, String(argv['id']), patch, marks, {
      ...(dryRun === undefined ? {} : { dryRun }),
      force: argv.force === true,
    });
    const ref = `configmap/${result.configMap.metadata?.name ?? ''}`;
    const out = ctx.io.stdout;
    if (argv.output === 'json' || argv.output === 'yaml') {
      const opts = { showSecrets: argv['show-secrets'] === true, showLarge: argv['show-large'] === true };
      return writeStructured(out, argv.output, redactObject(result.configMap, opts));
    }
    if (argv.output === 'name') return void out.write(`${ref}\n`);
    out.write(result.changed ? `${ref} patched${dryRunSuffix(dryRun)}\n` : `${ref} unchanged\n`);
  },
};

export const plisCommand: CommandSpec = {
  command: 'plis <command>',
  describe: 'Read or patch the pod lifecycle independent state (ConfigMap plis-<id>)',
  subcommands: [plisGet, plisPatch],
};
