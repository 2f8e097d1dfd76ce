import { PlisMissingError } from '../../shared/errors.js';
import { findWorkspace, getWorkspacePlis, type ConfigMap } from '../../shared/kube/workspaces.js';
import type { CommandImplementation } from '../command.js';
import { describeWorkspace, workspaceDetail } from '../output/describe.js';
import { writeStructured } from '../output/serialize.js';

export const get: CommandImplementation = {
  run: async (argv, ctx) => {
    const { client, connection } = await ctx.connect();
    const id = String(argv['id']);
    const ns = connection.namespace;
    const [pod, cm] = await Promise.all([
      findWorkspace(client, ns, id),
      getWorkspacePlis(client, ns, id).catch((err: unknown): ConfigMap | undefined => {
        if (err instanceof PlisMissingError) return undefined;
        throw err;
      }),
    ]);
    const detail = workspaceDetail(pod, cm, ctx.io.now(), {
      showSecrets: argv['show-secrets'] === true,
      showLarge: argv['show-large'] === true,
    });
    if (argv.output === 'json' || argv.output === 'yaml') return writeStructured(ctx.io.stdout, argv.output, detail);
    ctx.io.stdout.write(describeWorkspace(detail));
  },
};
