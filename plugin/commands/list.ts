import { parseRequestTimeout } from '../../shared/kube/rest.js';
import { listWorkspaces, type Pod } from '../../shared/kube/workspaces.js';
import { watchCollection } from '../../shared/kube/watch.js';
import { WORKSPACE_ID_LABEL } from '../../shared/lookup.js';
import type { CommandImplementation } from '../command.js';
import { ListPrinter } from '../output/list-printer.js';
import { retryReporter, untilInterrupted } from '../watch.js';

export const list: CommandImplementation = {
  run: async (argv, ctx) => {
    const all = argv['all-namespaces'] === true;
    const output = argv.output as string | undefined;
    // Built before connecting: a bad template fails without a cluster.
    const printer = new ListPrinter({
      output,
      noHeaders: argv['no-headers'] === true,
      allowMissingKeys: argv['allow-missing-template-keys'] !== false,
      sortBy: argv['sort-by'] as string | undefined,
      allNamespaces: all,
      redact: { showSecrets: argv['show-secrets'] === true, showLarge: argv['show-large'] === true },
      now: ctx.io.now,
    });
    const { client, connection } = await ctx.connect();
    const namespace = all ? undefined : connection.namespace;
    const out = ctx.io.stdout;
    if (argv['watch'] === true || argv['watch-only'] === true) {
      const selector = [WORKSPACE_ID_LABEL, argv.selector].filter((s) => s !== undefined && s !== '').join(',');
      const watchOnly = argv['watch-only'] === true;
      await untilInterrupted((signal) =>
        watchCollection<Pod>(client, {
          path: namespace === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
          labelSelector: selector,
          onInitial: (pods) => void (watchOnly ? undefined : out.write(printer.initial(pods))),
          onChange: (change) => void out.write(printer.change(change)),
          signal,
          requestTimeoutMs: parseRequestTimeout(argv['request-timeout']),
          onRetry: retryReporter(ctx.io.stderr),
        }),
      );
      return;
    }
    const pods = await listWorkspaces(client, namespace, argv.selector);
    if (pods.length === 0 && (output === undefined || output === 'wide')) {
      ctx.io.stderr.write(all ? 'No workspaces found.\n' : `No workspaces found in ${connection.namespace} namespace.\n`);
      return;
    }
    out.write(printer.list(pods));
  },
};
