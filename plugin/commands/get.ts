import { PlisMissingError } from '../../shared/errors.js';
import { parseRequestTimeout } from '../../shared/kube/rest.js';
import { findWorkspace, getWorkspacePlis, type ConfigMap } from '../../shared/kube/workspaces.js';
import type { Implementation } from '../command.js';
import type * as defined from './definitions.js';
import { describeEvents } from '../events.js';
import { describeWorkspace, workspaceDetail } from '../output/describe.js';
import { compileTemplate, renderTemplate } from '../output/formats.js';
import type { Json } from '../output/jsonpath.js';
import { formatJson, formatYaml } from '../output/serialize.js';
import { retryReporter, untilInterrupted } from '../watch.js';

export const get: Implementation<typeof defined.get> = {
  run: async (argv, ctx) => {
    const output = argv.output;
    const template = compileTemplate(output, { allowMissingKeys: argv['allow-missing-template-keys'] });
    const { client, connection } = await ctx.connect();
    const id = argv.id;
    const ns = connection.namespace;
    const opts = { showSecrets: argv['show-secrets'], showLarge: argv['show-large'] };
    let documents = 0;
    // The same document `-o json` prints feeds every structured format.
    const render = (detail: ReturnType<typeof workspaceDetail>): string => {
      if (template !== undefined) {
        // Templates walk the very text -o json prints (the PLIS kept as stored, secrets already redacted in it).
        const document = JSON.parse(formatJson(detail)) as Json;
        return renderTemplate(template, document, [document], argv['no-headers']);
      }
      if (output === 'json') return formatJson(detail);
      if (output === 'yaml') return formatYaml(detail);
      return describeWorkspace(detail);
    };
    if (argv.watch || argv['watch-only']) {
      const { watchWorkspace } = await import('../get-watch.js');
      await untilInterrupted((signal) =>
        watchWorkspace(client, {
          namespace: ns,
          id,
          watchOnly: argv['watch-only'],
          signal,
          requestTimeoutMs: parseRequestTimeout(argv['request-timeout']),
          onRetry: retryReporter(ctx.io.stderr),
          print: ({ pod, configMap, deleted }) => {
            const text = render(workspaceDetail(pod, configMap, ctx.io.now(), opts));
            const separator = documents++ === 0 ? '' : output === 'yaml' ? '---\n' : output === undefined ? '\n' : '';
            ctx.io.stdout.write(
              separator + text + (deleted && output === undefined ? `Deleted:      pod/${pod.metadata?.name ?? ''} was deleted\n` : ''),
            );
          },
        }),
      );
      return;
    }
    const [pod, cm] = await Promise.all([
      findWorkspace(client, ns, id),
      getWorkspacePlis(client, ns, id).catch((err: unknown): ConfigMap | undefined => {
        if (err instanceof PlisMissingError) return undefined;
        throw err;
      }),
    ]);
    const detail = workspaceDetail(pod, cm, ctx.io.now(), opts);
    if (output !== undefined) return void ctx.io.stdout.write(render(detail));
    let events = '';
    try {
      const { listEventsRegarding } = await import('../../shared/kube/events.js');
      events = describeEvents(await listEventsRegarding(client, ns, pod.metadata?.name ?? '', 'Pod'), ctx.io.now());
    } catch {
      // As kubectl describe: Events the identity may not list are left out, the rest is still shown.
    }
    ctx.io.stdout.write(describeWorkspace(detail) + events);
  },
};
