import { listWorkspaces } from '../../shared/kube/workspaces.js';
import type { CommandImplementation } from '../command.js';
import { asList, writeStructured } from '../output/serialize.js';
import { writeTable } from '../output/table.js';
import { redactObject } from '../../shared/redact.js';
import { workspaceRow, workspaceTable } from '../output/workspace-view.js';

export const list: CommandImplementation = {
  run: async (argv, ctx) => {
    const { client, connection } = await ctx.connect();
    const all = argv['all-namespaces'] === true;
    const pods = await listWorkspaces(client, all ? undefined : connection.namespace, argv.selector);
    const out = ctx.io.stdout;
    if (argv.output === 'json' || argv.output === 'yaml') {
      const opts = { showSecrets: argv['show-secrets'] === true, showLarge: argv['show-large'] === true };
      writeStructured(out, argv.output, asList(pods.map((p) => redactObject(p, opts))));
      return;
    }
    if (argv.output === 'name') {
      for (const p of pods) out.write(`pod/${p.metadata?.name ?? ''}\n`);
      return;
    }
    if (pods.length === 0) {
      ctx.io.stderr.write(all ? 'No workspaces found.\n' : `No workspaces found in ${connection.namespace} namespace.\n`);
      return;
    }
    const now = ctx.io.now();
    const { headers, cells } = workspaceTable(
      pods.map((p) => workspaceRow(p, now)),
      { wide: argv.output === 'wide', allNamespaces: all },
    );
    writeTable(out, headers, cells);
  },
};
