import type { CommandImplementation } from '../command.js';
import { CLIENT_VERSION } from '../version.js';

export const version: CommandImplementation = {
  run: async (argv, ctx) => {
    const result: { clientVersion: string; serverVersion?: string } = { clientVersion: CLIENT_VERSION };
    // The workspace module and the YAML writer are loaded only when needed: `version --client` is the start floor.
    if (argv['client'] !== true) {
      const [{ client }, { getServerVersion }] = await Promise.all([ctx.connect(), import('../../shared/kube/workspaces.js')]);
      result.serverVersion = (await getServerVersion(client)).gitVersion ?? 'unknown';
    }
    const out = ctx.io.stdout;
    if (argv.output === 'json' || argv.output === 'yaml') return (await import('../output/serialize.js')).writeStructured(out, argv.output, result);
    out.write(`Client Version: ${result.clientVersion}\n`);
    if (result.serverVersion !== undefined) out.write(`Server Version: ${result.serverVersion}\n`);
  },
};
