// Section 2: listing thousands of workspaces, wall time and peak memory, next to kubectl's own list.
import { adminClient } from '../../cluster/admin-client.js';
import { createNamespace, createWorkspacePods, getText, suffix } from '../cluster-client.js';
import { mebibytes, num, spread, times } from '../markdown.js';
import { measuredNodeVersion } from '../measured-node.js';
import { gnuTimeAvailable, runMeasured } from '../proc.js';
import { kubectlEnv, Mode, type Section } from '../section.js';
import { histogramDelta, readHistogram, type Histogram } from '../prometheus.js';
import { elapsedMs, ratio, summarize } from '../stats.js';

const CREATE_CONCURRENCY = 16;

/** The API server's own time for pod LISTs (from receiving a request to its last byte written, waits on the client included). */
async function podLists(ctx: Parameters<Section>[0]): Promise<Histogram> {
  return readHistogram(await getText(ctx.cp, '/metrics'), 'apiserver_request_duration_seconds', {
    verb: 'LIST',
    resource: 'pods',
    scope: 'namespace',
  });
}

interface Peer {
  readonly key: string;
  readonly label: string;
  readonly args: readonly string[];
}

export const listSection: Section = async (ctx) => {
  const quick = ctx.mode === Mode.quick;
  const pods = quick ? 1000 : 5000;
  const runs = quick ? 3 : 5;
  if (!gnuTimeAvailable()) ctx.log('list: /usr/bin/time is missing, peak RSS will not be reported');

  const client = adminClient(ctx.cp);
  const ns = await createNamespace(client, `bench-list-${suffix()}`);
  const started = process.hrtime.bigint();
  await createWorkspacePods(client, ns, pods, CREATE_CONCURRENCY);
  const createMs = elapsedMs(started);
  client.close();
  ctx.log(`list: created ${pods} pods in ${(createMs / 1000).toFixed(1)} s`);

  const peers: readonly Peer[] = [
    { key: 'pluginList', label: 'kubectl workspace list -o json', args: ['workspace', 'list', '-o', 'json', '-n', ns] },
    {
      key: 'kubectlGet',
      label: 'kubectl get pods -l workspaceID -o json',
      args: ['get', 'pods', '-l', 'workspaceID', '-o', 'json', '-n', ns],
    },
  ];
  const env = kubectlEnv(ctx);
  const outputBytes: Record<string, number> = {};
  const managedFields: Record<string, boolean> = {};
  for (const p of peers) {
    const r = await runMeasured(ctx.cp.kubectlPath, p.args, { env, keepStdout: true });
    const items = (JSON.parse(r.stdout ?? '{}') as { items?: unknown[] }).items?.length;
    if (items !== pods) throw new Error(`${p.label} listed ${String(items)} items, expected ${pods}`);
    outputBytes[p.key] = r.stdoutBytes;
    managedFields[p.key] = (r.stdout ?? '').includes('"managedFields"');
  }
  const wall = new Map<string, number[]>(peers.map((p) => [p.key, []]));
  const rss = new Map<string, number[]>(peers.map((p) => [p.key, []]));
  const serverMs = new Map<string, number[]>(peers.map((p) => [p.key, []]));
  const serverRequests = new Map<string, number[]>(peers.map((p) => [p.key, []]));
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < peers.length; j++) {
      const p = peers[(i + j) % peers.length] as Peer;
      const before = await podLists(ctx);
      const r = await runMeasured(ctx.cp.kubectlPath, p.args, { env, measureRss: true });
      const server = histogramDelta(await podLists(ctx), before);
      wall.get(p.key)?.push(r.wallMs);
      if (r.peakRssKib !== undefined) rss.get(p.key)?.push(r.peakRssKib);
      serverMs.get(p.key)?.push(server.sum * 1000);
      serverRequests.get(p.key)?.push(server.count);
    }
  }
  ctx.log(`list: ${runs} runs each done`);

  const stat = (m: Map<string, number[]>, key: string) => {
    const v = m.get(key) ?? [];
    return v.length === 0 ? undefined : summarize(v);
  };
  const results = Object.fromEntries(
    peers.map((p) => [
      p.key,
      {
        command: p.label,
        wallMs: stat(wall, p.key),
        peakRssKib: stat(rss, p.key),
        serverListMs: stat(serverMs, p.key),
        serverListRequests: stat(serverRequests, p.key),
        outputBytes: outputBytes[p.key],
        printsManagedFields: managedFields[p.key],
      },
    ]),
  );
  const base = results['kubectlGet'];
  const rows = peers.map((p) => {
    const r = results[p.key];
    const w = r?.wallMs;
    const m = r?.peakRssKib;
    return [
      p.label,
      String(runs),
      num(w?.median),
      w ? spread(w) : '–',
      times(ratio(w?.median, base?.wallMs?.median)),
      mebibytes(m?.median),
      m ? [m.min, m.max].map((k) => num(k / 1024)).join(' / ') : '–',
      times(ratio(m?.median, base?.peakRssKib?.median)),
      `${num(r?.serverListMs?.median)} ms, ${num(r?.serverListRequests?.median)}`,
      num((r?.outputBytes ?? 0) / 1024 / 1024),
    ];
  });
  return {
    key: 'list',
    title: `2. \`kubectl workspace list -o json\` vs \`kubectl get pods -l workspaceID -o json\` over ${pods} workspace pods`,
    notes: [
      quick ? `Quick mode: ${pods} pods instead of 5,000.` : `${pods} workspace pods in one namespace.`,
      `Pods created with ${CREATE_CONCURRENCY} POSTs in flight over one keep-alive HTTPS agent: ${num(createMs / 1000)} s (${num(pods / (createMs / 1000))} pods/s).`,
      `${runs} measured runs each, alternated, after one unmeasured run each that also checks every pod is listed.`,
      `kubectl finds the plugin through plugin discovery in a copy of its two files in the bench's temporary directory, outside the repository (no package.json or node_modules above them), first on PATH, as a user installs it; its \`node\` is Node.js ${measuredNodeVersion()} (scripts/node-runtime.sh 24, the runtime the image ships; runs up to 2026-12-02 used the bench's own Node.js).`,
      "Peak RSS is GNU time's %M (ru_maxrss) of the whole command: kubectl, then the plugin it execs in the same process.",
      "API server LIST time: the sum of apiserver_request_duration_seconds over the run's pod LISTs (from /metrics before and after it), from a request's arrival to its last byte written, waits for a slow reader included; kubectl asks for 500 pods per request, the plugin for all in one.",
      'Output differs: the plugin redacts gitpod/ownerToken (and elides large values unless --show-large), kubectl prints every annotation.',
      `metadata.managedFields: ${peers.map((p) => `${p.label} ${managedFields[p.key] === true ? 'prints them' : 'omits them'}`).join('; ')} — most of any difference in output size.`,
    ],
    tables: [
      {
        headers: [
          'command',
          'runs',
          'median ms',
          'min / p25 / p75 / max ms',
          'ratio (wall)',
          'median peak RSS',
          'min / max MiB',
          'ratio (RSS)',
          'API server LIST time (median), requests',
          'output MiB',
        ],
        rows,
      },
    ],
    data: {
      pods,
      runs,
      create: { ms: createMs, concurrency: CREATE_CONCURRENCY },
      peers: results,
      ratios: {
        wallPluginToKubectl: ratio(results['pluginList']?.wallMs?.median, base?.wallMs?.median),
        peakRssPluginToKubectl: ratio(results['pluginList']?.peakRssKib?.median, base?.peakRssKib?.median),
      },
    },
  };
};
