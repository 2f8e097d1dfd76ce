import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { CLIENT_VERSION } from '../version.js';

export const version: Implementation<typeof defined.version> = {
  run: async (argv, ctx) => {
    const result: { clientVersion: string; serverVersion?: string } = { clientVersion: CLIENT_VERSION };
    const out = ctx.io.stdout;
    // A repeated -o reaches here as an array (yargs), which prints as text.
    const structured = argv.output === 'json' || argv.output === 'yaml' ? argv.output : undefined;
    // As kubectl does: the client version is printed even when the server cannot be reached, then the error (exit 1).
    if (structured === undefined) out.write(`Client Version: ${result.clientVersion}\n`);
    let failure: { readonly error: unknown } | undefined;
    // The workspace module and the YAML writer are loaded only when needed: `version --client` is the start floor.
    if (!argv.client) {
      try {
        const [{ client }, { getServerVersion }] = await Promise.all([ctx.connect(), import('../../shared/kube/workspaces.js')]);
        result.serverVersion = (await getServerVersion(client)).gitVersion ?? 'unknown';
      } catch (err) {
        failure = { error: err };
      }
    }
    if (structured !== undefined) (await import('../output/serialize.js')).writeStructured(out, structured, result);
    else if (result.serverVersion !== undefined) out.write(`Server Version: ${result.serverVersion}\n`);
    if (failure !== undefined) throw failure.error;
  },
};
