import { parseRequestTimeout } from '../../shared/kube/rest.js';
import { streamWorkspaces, type Pod } from '../../shared/kube/workspaces.js';
import { watchCollection } from '../../shared/kube/watch.js';
import { WORKSPACE_ID_LABEL } from '../../shared/lookup.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { ListPrinter } from '../output/list-printer.js';
import { queuedSink } from '../output/queued-sink.js';
import { retryReporter, untilInterrupted } from '../watch.js';

export const list: Implementation<typeof defined.list> = {
  run: async (argv, ctx) => {
    const all = argv['all-namespaces'];
    const output = argv.output;
    // Built before connecting: a bad template fails without a cluster.
    const printer = new ListPrinter({
      output,
      noHeaders: argv['no-headers'],
      allowMissingKeys: argv['allow-missing-template-keys'],
      sortBy: argv['sort-by'],
      allNamespaces: all,
      redact: { showSecrets: argv['show-secrets'], showLarge: argv['show-large'] },
      now: ctx.io.now,
    });
    const { client, connection } = await ctx.connect();
    const namespace = all ? undefined : connection.namespace;
    const out = ctx.io.stdout;
    if (argv.watch || argv['watch-only']) {
      const selector = [WORKSPACE_ID_LABEL, argv.selector].filter((s) => s !== undefined && s !== '').join(',');
      const watchOnly = argv['watch-only'];
      // Printed as it arrives where the format allows: the whole current state is never one string.
      const byObject = !watchOnly && printer.printsInitialByObject;
      await untilInterrupted((signal) =>
        watchCollection<Pod>(client, {
          path: namespace === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
          labelSelector: selector,
          ...(byObject ? { onInitialItem: (pod: Pod) => void out.write(printer.initialObject(pod)) } : {}),
          onInitial: (pods) => void (watchOnly || byObject ? undefined : out.write(printer.initial(pods))),
          onChange: (change) => void out.write(printer.change(change)),
          signal,
          requestTimeoutMs: parseRequestTimeout(argv['request-timeout']),
          onRetry: retryReporter(ctx.io.stderr),
        }),
      );
      return;
    }
    // -o json prints each pod as it arrives; a list that breaks off leaves its document unclosed, and an error.
    // The output is queued, never blocking: a slow reader must not hold up reading the response.
    const queued = queuedSink(out);
    const writer = printer.listWriter(queued);
    if (writer !== undefined) {
      try {
        await streamWorkspaces(client, namespace, argv.selector, (pod) => writer.add(pod));
        writer.end();
      } finally {
        await queued.drain();
      }
      return;
    }
    const pods: Pod[] = [];
    await streamWorkspaces(client, namespace, argv.selector, (pod) => pods.push(pod));
    if (pods.length === 0 && (output === undefined || output === 'wide')) {
      ctx.io.stderr.write(all ? 'No workspaces found.\n' : `No workspaces found in ${connection.namespace} namespace.\n`);
      return;
    }
    out.write(printer.list(pods));
  },
};
