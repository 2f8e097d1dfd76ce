import { getServerVersion } from '../../shared/kube/workspaces.js';
import type { CommandImplementation } from '../command.js';
import { writeStructured } from '../output/serialize.js';
import { CLIENT_VERSION } from '../version.js';

export const version: CommandImplementation = {
  run: async (argv, ctx) => {
    const result: { clientVersion: string; serverVersion?: string } = { clientVersion: CLIENT_VERSION };
    if (argv['client'] !== true) {
      const { client } = await ctx.connect();
      result.serverVersion = (await getServerVersion(client)).gitVersion ?? 'unknown';
    }
    const out = ctx.io.stdout;
    if (argv.output === 'json' || argv.output === 'yaml') return writeStructured(out, argv.output, result);
    out.write(`Client Version: ${result.clientVersion}\n`);
    if (result.serverVersion !== undefined) out.write(`Server Version: ${result.serverVersion}\n`);
  },
};
